package org.helxplatform.tycho.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.compiler.compose.SpecWarning;
import org.helxplatform.tycho.compiler.internal.PyStr;
import org.helxplatform.tycho.compiler.internal.TreeRenderer;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/**
 * Turns an app spec plus registry, settings and user into an immutable {@link TychoSystem}.
 *
 * <p>Steps: the app settings gain {@code identifier}, {@code username}, {@code system_name} and
 * {@code system_port}; every string of the spec is rendered as Jinja with them; the services become containers in
 * alphabetical order, each with its entrypoint, ports, environment (its own, then one entry per setting), resources
 * (the main service's replaced by the request), probes (the main service's from the registry), and volumes (its own
 * {@code pvc://} entries, then the default volumes); the system's Services are the registry's {@code services}, or,
 * without a registry, one per service that declares a port, on its first port. Invalid input fails with a
 * {@link SpecException} naming the app, the path and the value; nothing is half-built. Thread-safe: one compiler
 * serves every request.
 */
public final class SystemCompiler {

    /** The port of the main service when it declares none. */
    public static final String DEFAULT_SYSTEM_PORT = "8000";

    private static final Pattern VOLUME = Pattern.compile("pvc://([^/:]+)(?:/([^:]*))?:([^:]+)");
    /** What Python's {@code str.split()} splits on: {@code str.isspace()} characters, not only ASCII ones. */
    private static final Pattern PY_WHITESPACE = Pattern.compile(
            "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]+");
    private static final Pattern VOLUME_TOKENS =
            Pattern.compile("stdnfs_pvc|username|parent_dir|subpath_dir|shared_dir");

    private final TychoSettings settings;
    private final TemplateEngine engine;

    /**
     * Creates a compiler.
     *
     * @param settings the settings
     * @param engine   the template engine used to render spec values and settings
     */
    public SystemCompiler(TychoSettings settings, TemplateEngine engine) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** @return the settings this compiler applies */
    public TychoSettings settings() {
        return settings;
    }

    /**
     * Compiles a system.
     *
     * @param request the app spec, user and registry data
     * @return the system and the warnings about its spec
     * @throws SpecException naming the app, path and value for invalid input
     */
    public CompiledSystem compile(CompileRequest request) {
        return new Compilation(request).run();
    }

    /** One compilation; holds the request's state so the steps read plainly. */
    private final class Compilation {
        private final CompileRequest request;
        private final String app;
        private final List<SpecWarning> warnings = new ArrayList<>();

        Compilation(CompileRequest request) {
            this.request = request;
            this.app = "app " + request.appId();
        }

        CompiledSystem run() {
            try {
                return new CompiledSystem(build(), warnings);
            } catch (InvalidValueException e) {
                throw new SpecException(app, "", e.getMessage(), e);
            }
        }

        private TychoSystem build() {
            if (!Names.isDnsLabel(request.appId())) {
                // checked first: the app id names the main service, the system and its labels (D6)
                throw new SpecException(app, "appId", "'" + request.appId() + "' is not a valid app id: use at most "
                        + Names.MAX_LABEL_LENGTH + " lower-case letters, digits and '-', starting and ending with a"
                        + " letter or digit");
            }
            ComposeSpec spec = request.spec();
            Map<String, Object> main = spec.service(request.appId());
            if (main == null) {
                throw new SpecException(app, "services", "has no service named '" + request.appId()
                        + "' (the main service must be named like the app); services: " + spec.serviceNames());
            }
            requireResources(main);
            warnings.addAll(spec.warnings());

            String systemPort = mainPort(main);
            Map<String, Object> templateSettings = new LinkedHashMap<>(request.appSettings());
            templateSettings.put("identifier", request.identifier());
            templateSettings.put("username", request.principal().username());
            templateSettings.put("system_name", request.appId());
            templateSettings.put("system_port", systemPort);

            Map<String, Object> tree = new LinkedHashMap<>(spec.tree());
            Map<String, Object> services = new LinkedHashMap<>(map(tree.get("services")));
            Map<String, Object> mainService = new LinkedHashMap<>(main);
            if (request.ext() != null) {
                // the registry's ext replaces the spec's (Python Tycho); without a registry the spec's own stays
                mainService.put("ext", request.ext());
            }
            services.put(request.appId(), mainService);
            tree.put("services", services);
            Map<String, Object> rendered = map(TreeRenderer.render(tree, engine, templateSettings, app));

            List<EnvVar> settingsEnv = settingsEnv(templateSettings);
            List<Container> containers = new ArrayList<>();
            for (String name : spec.serviceNames()) {
                containers.add(container(name, map(map(rendered.get("services")).get(name)), settingsEnv));
            }
            TychoSystem.Builder system = TychoSystem.builder(request.appId(), request.identifier(), request.principal())
                    .host(request.host())
                    .extraContainerEnv(request.extraContainerEnv())
                    .serviceAccount(request.serviceAccount())
                    .connString(request.connString())
                    .proxyRewrite(request.proxyRewrite())
                    .giteaIntegration(request.giteaIntegration())
                    .securityContext(settings.securityContext(request.securityContext()))
                    .initSecurityContext(settings.initSecurityContext(request.securityContext()))
                    .containers(containers)
                    .volumes(volumes(containers))
                    .systemPort(systemPort)
                    .options(settings.deploymentOptions(request.principal().username()));
            if (request.services() == null) {
                // no registry: every service with a port is reachable on its first port
                for (Container container : containers) {
                    if (!container.ports().isEmpty()) {
                        system.service(SystemService.of(container.name(), String.valueOf(container.ports().get(0))));
                    }
                }
            } else {
                request.services().forEach((name, port) -> {
                    system.service(SystemService.of(name, port));
                    if (spec.service(name) == null) {
                        warnings.add(new SpecWarning("registry services." + name, "names no service of the spec;"
                                + " no Kubernetes Service is created for it"));
                    }
                });
            }
            return system.build();
        }

        private void requireResources(Map<String, Object> main) {
            Map<String, Object> resources = map(map(main.get("deploy")).get("resources"));
            for (String part : List.of("limits", "reservations")) {
                if (!(resources.get(part) instanceof Map)) {
                    throw new SpecException(app, "services." + request.appId() + ".deploy.resources." + part,
                            "is missing: the main service must declare deploy.resources.limits and .reservations");
                }
            }
        }

        /** The container side of the main service's first port, else 8000. */
        private String mainPort(Map<String, Object> main) {
            List<Object> ports = list(main.get("ports"));
            if (ports.isEmpty()) {
                return DEFAULT_SYSTEM_PORT;
            }
            return String.valueOf(containerPort(request.appId(), "ports[0]", ports.get(0)));
        }

        /** One {@code K=V} entry per setting, each rendered with the settings as context (§4). */
        private List<EnvVar> settingsEnv(Map<String, Object> templateSettings) {
            List<EnvVar> env = new ArrayList<>();
            templateSettings.forEach((name, value) -> {
                String text = PyStr.of(value);
                String entry = text.contains("STDNFS_PVC")
                        ? name + "=" + settings.stdnfsPvc()
                        : renderEntry(name + "=" + text, "settings." + name, templateSettings);
                env.add(envVar(entry, "settings." + name));
            });
            return env;
        }

        private String renderEntry(String entry, String path, Map<String, Object> context) {
            boolean plain = entry.indexOf('{') < 0 && entry.indexOf('\n') < 0 && entry.indexOf('\r') < 0;
            return plain ? entry : engine.renderString(entry, app + ": " + path, context);
        }

        private Container container(String name, Map<String, Object> service, List<EnvVar> settingsEnv) {
            String path = "services." + name;
            boolean isMain = name.equals(request.appId());
            if (!Names.isDnsLabel(name)) {
                throw new SpecException(app, path, "service name '" + name + "' is not a valid container name: use at"
                        + " most 63 lower-case letters, digits and '-'");
            }
            Container.Builder container = Container.builder(name, (String) service.get("image"))
                    .command(command(service.get("entrypoint"), path));
            List<Object> ports = list(service.get("ports"));
            for (int i = 0; i < ports.size(); i++) {
                container.port(containerPort(name, "ports[" + i + "]", ports.get(i)));
            }
            List<Object> expose = list(service.get("expose"));
            for (int i = 0; i < expose.size(); i++) {
                container.expose(containerPort(name, "expose[" + i + "]", expose.get(i)));
            }
            container.env(serviceEnv(service, path)).env(settingsEnv);

            Map<String, Object> resources = map(map(service.get("deploy")).get("resources"));
            ResourceLimits limits = limits(resources.get("limits"), path + ".deploy.resources.limits");
            ResourceLimits requests = limits(resources.get("reservations"), path + ".deploy.resources.reservations");
            ResourceRequest requested = isMain ? request.resources() : null;
            if (requested != null) {
                limits = keepEphemeralStorage(requested.limits(), limits);
                requests = keepEphemeralStorage(requested.reservations(), requests);
            }
            container.limits(limits).requests(requests);

            Map<String, Object> kube = map(map(service.get("ext")).get("kube"));
            String extPath = isMain ? "registry " + request.appId() + ".ext.kube" : path + ".ext.kube";
            container.livenessProbe(probe(kube.get("livenessProbe"), extPath + ".livenessProbe"));
            container.readinessProbe(probe(kube.get("readinessProbe"), extPath + ".readinessProbe"));

            List<Object> volumes = list(service.get("volumes"));
            for (int i = 0; i < volumes.size(); i++) {
                String entry = (String) volumes.get(i);
                parseVolume(name, entry, path + ".volumes[" + i + "]");
                container.volume(entry);
            }
            if (!settings.devPhase().equals("test")) {
                for (String entry : defaultVolumes()) {
                    parseVolume(name, entry, "default volume " + entry);
                    container.volume(entry);
                }
            }
            return container.build();
        }

        private List<String> command(Object entrypoint, String path) {
            if (entrypoint == null) {
                return List.of();
            }
            if (entrypoint instanceof String text) {
                return PY_WHITESPACE.splitAsStream(text).filter(arg -> !arg.isEmpty()).toList();
            }
            List<String> argv = new ArrayList<>();
            list(entrypoint).forEach(arg -> argv.add(PyStr.of(arg)));
            return argv;
        }

        private int containerPort(String service, String field, Object entry) {
            String path = "services." + service + "." + field;
            String text = PyStr.of(entry);
            String port = text.substring(text.lastIndexOf(':') + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new SpecException(app, path, "'" + text + "' does not end in a container port number (1-65535):"
                        + " write PORT or HOST:PORT");
            }
            return Integer.parseInt(port);
        }

        /** The service's {@code env} list, else its {@code environment} (list or map), as variables. */
        private List<EnvVar> serviceEnv(Map<String, Object> service, String path) {
            String key = isEmpty(service.get("env")) ? "environment" : "env";
            Object env = service.get(key);
            List<EnvVar> variables = new ArrayList<>();
            if (env instanceof Map<?, ?> entries) {
                entries.forEach((name, value) -> {
                    String entryPath = path + "." + key + "." + name;
                    if (String.valueOf(name).contains("=")) { // would split into another name (D1)
                        throw new SpecException(app, entryPath, "'" + name + "' is not a valid environment variable"
                                + " name: use letters, digits, '_', '-' and '.', not starting with a digit");
                    }
                    variables.add(envVar(name + "=" + (value == null ? "" : PyStr.of(value)), entryPath));
                });
            } else {
                List<Object> entries = list(env);
                for (int i = 0; i < entries.size(); i++) {
                    variables.add(envVar(PyStr.of(entries.get(i)), path + "." + key + "[" + i + "]"));
                }
            }
            return variables;
        }

        private EnvVar envVar(String entry, String path) {
            EnvVar variable;
            try {
                variable = EnvVar.parse(entry);
            } catch (InvalidValueException e) {
                throw new SpecException(app, path, "'" + entry.split("=", 2)[0] + "' is not a valid environment"
                        + " variable name: use letters, digits, '_', '-' and '.', not starting with a digit");
            }
            return variable;
        }

        private ResourceLimits limits(Object value, String path) {
            Map<String, Object> limits = map(value);
            return new ResourceLimits(quantity(limits, "cpus", path), quantity(limits, "memory", path),
                    quantity(limits, "gpus", path), quantity(limits, "ephemeralStorage", path));
        }

        private String quantity(Map<String, Object> limits, String key, String path) {
            Object value = limits.get(key);
            if (value == null) {
                return null;
            }
            String text = PyStr.of(value);
            boolean valid = key.equals("gpus") ? text.matches("\\d+")
                    : key.equals("ephemeralStorage") && text.isEmpty() || Names.isQuantity(text);
            if (!valid) {
                throw new SpecException(app, path + "." + key, "'" + text + "' is not a "
                        + (key.equals("gpus") ? "whole number of GPUs" : "Kubernetes quantity such as 0.5, 250m or 2G"));
            }
            return text;
        }

        /** The request replaces the compose resources, but an ephemeral storage in the spec is kept (§3). */
        private ResourceLimits keepEphemeralStorage(ResourceLimits requested, ResourceLimits fromSpec) {
            return fromSpec.ephemeralStorage() == null ? requested
                    : requested.withEphemeralStorage(fromSpec.ephemeralStorage());
        }

        private Probe probe(Object value, String path) {
            if (value == null || "none".equals(value)) {
                return null;
            }
            if (!(value instanceof Map<?, ?> probe)) {
                throw new SpecException(app, path, "must be 'none' or a probe with cmd, httpGet or tcpSocket");
            }
            Set<String> kinds = new HashSet<>(List.of("cmd", "httpGet", "tcpSocket"));
            kinds.retainAll(probe.keySet().stream().map(String::valueOf).toList());
            for (Object key : probe.keySet()) {
                if (!List.of("cmd", "httpGet", "tcpSocket", "delay", "period", "threshold").contains(String.valueOf(key))) {
                    throw new SpecException(app, path + "." + key, "is not a probe setting: use cmd, httpGet, tcpSocket,"
                            + " delay, period or threshold");
                }
            }
            if (kinds.size() != 1) {
                throw new SpecException(app, path, "must have exactly one of cmd, httpGet or tcpSocket, has " + kinds);
            }
            String kind = kinds.iterator().next();
            Object body = probe.get(kind);
            // registry probes are not checked by the schema: a list or mapping where a value belongs is an error here
            if (kind.equals("cmd") ? !(body instanceof List) : !(body instanceof Map)) {
                throw new SpecException(app, path + "." + kind, kind.equals("cmd")
                        ? "must be a list of arguments, such as [cat, /tmp/healthy]"
                        : "must be a mapping" + (kind.equals("httpGet") ? " with path, port and httpHeaders"
                        : " with port"));
            }
            Probe result;
            try {
                if (kind.equals("httpGet")) {
                    Map<String, Object> http = map(body);
                    Map<String, String> headers = new LinkedHashMap<>();
                    map(http.get("httpHeaders")).forEach((name, header) -> headers.put(name,
                            scalar(header, path + ".httpGet.httpHeaders." + name)));
                    result = Probe.httpGet(http.containsKey("path") ? scalar(http.get("path"), path + ".httpGet.path")
                            : "/", http.containsKey("port") ? scalar(http.get("port"), path + ".httpGet.port") : "80",
                            headers);
                } else if (kind.equals("tcpSocket")) {
                    result = Probe.tcpSocket(scalar(map(body).get("port"), path + ".tcpSocket.port"));
                } else {
                    List<Object> args = list(body);
                    List<String> argv = new ArrayList<>();
                    for (int i = 0; i < args.size(); i++) {
                        argv.add(scalar(args.get(i), path + ".cmd[" + i + "]"));
                    }
                    result = Probe.exec(argv);
                }
                return result.withTimings(seconds(probe.get("delay"), path + ".delay"),
                        seconds(probe.get("period"), path + ".period"),
                        seconds(probe.get("threshold"), path + ".threshold"));
            } catch (InvalidValueException e) {
                throw new SpecException(app, path, e.getMessage(), e);
            }
        }

        private Integer seconds(Object value, String path) {
            if (value == null) {
                return null;
            }
            String text = scalar(value, path);
            if (!text.matches("\\d{1,9}")) {
                throw new SpecException(app, path, "'" + text + "' must be a whole number of seconds");
            }
            return Integer.valueOf(text);
        }

        /** Python's {@code str()} of a scalar; a list or mapping is an error naming the path. */
        private String scalar(Object value, String path) {
            if (value instanceof Map || value instanceof List) {
                throw new SpecException(app, path, "holds a " + (value instanceof Map ? "mapping" : "list")
                        + " where a text or number belongs");
            }
            return PyStr.of(value);
        }

        /** The default volumes of the settings, chosen and filled in as Python Tycho does (§7). */
        private List<String> defaultVolumes() {
            String username = request.principal().username();
            Map<String, String> values = Map.of(
                    "stdnfs_pvc", settings.stdnfsPvc(),
                    "username", username,
                    "parent_dir", settings.parentDir(),
                    "subpath_dir", settings.subpathDir().orElse(username),
                    "shared_dir", settings.sharedDir());
            List<String> volumes = new ArrayList<>();
            for (String pattern : settings.defaultVolumePatternsInUse()) {
                Matcher tokens = VOLUME_TOKENS.matcher(pattern);
                StringBuilder volume = new StringBuilder();
                while (tokens.find()) {
                    tokens.appendReplacement(volume, Matcher.quoteReplacement(values.get(tokens.group())));
                }
                tokens.appendTail(volume);
                volumes.add(volume.toString());
            }
            return volumes;
        }

        /** Claim mounts, container by container; the first mount of each claim declares it (§4). */
        private List<Volume> volumes(List<Container> containers) {
            List<Volume> volumes = new ArrayList<>();
            Set<String> declared = new HashSet<>();
            for (Container container : containers) {
                for (String entry : container.volumes()) {
                    Volume volume = parseVolume(container.name(), entry, "services." + container.name() + ".volumes");
                    volumes.add(volume.withDeclaresClaim(declared.add(volume.claimName())));
                }
            }
            return volumes;
        }

        private Volume parseVolume(String container, String entry, String path) {
            Matcher volume = VOLUME.matcher(entry);
            if (!volume.matches()) {
                throw new SpecException(app, path, "container " + container + ": volume '" + entry + "' is not of the"
                        + " form pvc://<claim>[/<subpath>]:<mount path>");
            }
            String claim = volume.group(1);
            if (!Names.isDnsLabel(claim)) {
                throw new SpecException(app, path, "container " + container + ": claim '" + claim + "' of volume '"
                        + entry + "' is not a valid Kubernetes name");
            }
            String subPath = volume.group(2) == null ? "" : volume.group(2);
            if (List.of(subPath.split("/")).contains("..")) {
                // the API server refuses such a pod (D11): say so before anything is created
                throw new SpecException(app, path, "container " + container + ": the sub-path '" + subPath
                        + "' of volume '" + entry + "' leads out of the claim with '..'; name a directory inside it");
            }
            return new Volume(container, claim, subPath, volume.group(3), false);
        }
    }

    /** Python truthiness of an optional collection: absent, empty list and empty map are all "empty". */
    private static boolean isEmpty(Object value) {
        return value == null || value instanceof List<?> list && list.isEmpty() || value instanceof Map<?, ?> map && map.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }
}
