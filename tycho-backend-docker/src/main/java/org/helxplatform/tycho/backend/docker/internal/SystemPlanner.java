package org.helxplatform.tycho.backend.docker.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/**
 * Maps a compiled system onto Docker as docker-compose would run it, keeping what Tycho's default pod template
 * gives each container: one network named after the system, on which each container answers to its service name;
 * the pod template's environment (the container's own, then {@code GUID}, {@code USER_NAME}, {@code USER},
 * {@code ACCESS_TOKEN}, the extra environment, {@code NB_PREFIX} and {@code FB_BASEURL} as {@code /}, {@code HOST},
 * and the principal's values); the command as entrypoint with {@code $(VAR)} expanded; the pod's user, group and
 * {@code fsGroup}; CPU and memory limits and requests; GPUs as a device request; the service's port published on
 * the bind address; claims as directories under the volume root; the readiness (else liveness) probe as health
 * check. Pure: the same system and settings give the same plan.
 *
 * <p>The system's opt-in security measures ({@link DeploymentOptions.Security}) shape the plan as far as Docker
 * allows: with {@code TYCHO_APP_HARDENED} every container drops all capabilities and runs with
 * {@code no-new-privileges}, and a system that would run as user 0 is refused; {@code TYCHO_APP_TOKENS_IN_SECRET}
 * cannot be honoured (Docker has no Secrets: environment values are part of the container's configuration), so a
 * start that carries tokens is refused; {@code TYCHO_APP_REQUIRE_CLAIMS} is checked against the file system when
 * the system starts ({@link ClaimDirectories#check}), from the plan's {@link SystemPlan#claims() claims}.
 */
final class SystemPlanner {

    private static final String PREFIX = "/";

    private SystemPlanner() {
    }

    /**
     * Plans a system.
     *
     * @param system   the system
     * @param settings the backend's settings
     * @return the plan
     * @throws StartException when the system holds something Docker cannot run as asked (a claim path leaving its
     *                        claim, a named probe port), naming the container and the value, or something its
     *                        security measures forbid (user 0 under {@code TYCHO_APP_HARDENED}, tokens under
     *                        {@code TYCHO_APP_TOKENS_IN_SECRET}), naming the setting
     */
    static SystemPlan plan(TychoSystem system, DockerSettings settings) {
        DeploymentOptions.Security security = system.options().security();
        if (security.tokensInSecret() && hasToken(system.principal())) {
            throw refused(system, TychoSettings.TOKENS_IN_SECRET + " is not supported by the docker backend: Docker"
                    + " keeps environment values in the container's configuration, readable by anyone with access to"
                    + " the engine (docker inspect), and has no Secrets to keep them elsewhere; start without tokens,"
                    + " or set " + TychoSettings.TOKENS_IN_SECRET + "=false to pass them as environment values");
        }
        if (security.hardened()) {
            Integer user = id(system, "runAsUser", system.securityContext().runAsUser());
            if (user != null && user == 0) {
                throw refused(system, "with " + TychoSettings.HARDENED + "=true the containers may not run as user"
                        + " 0 (root), and securityContext.runAsUser is 0; set the app's registry"
                        + " securityContext.runAsUser, or TYCHO_APP_RUN_AS_USER, to a non-root uid such as 1000, or"
                        + " turn " + TychoSettings.HARDENED + " off");
            }
        }
        List<String> warnings = new ArrayList<>();
        String app = "app " + system.appId() + ": ";
        if (system.options().irods().enabled()) {
            warnings.add(app + "the iRODS NFS volume (IROD_HOST) is not mounted: the Docker backend mounts claims"
                    + " only");
        }
        if (system.giteaIntegration()) {
            warnings.add(app + "the gitea ssh key (gitea-integration) is not mounted: it is a Kubernetes Secret");
        }
        system.services().values().stream().filter(service -> !service.clients().isEmpty()).forEach(service ->
                warnings.add(app + "service " + service.name() + " admits only the clients " + service.clients()
                        + " on Kubernetes (a NetworkPolicy); Docker does not restrict them: its port is published on "
                        + settings.bindAddress() + " for whoever can reach that address"));
        Map<String, String> systemLabels = systemLabels(system);
        List<SystemPlan.ContainerPlan> containers = new ArrayList<>();
        Map<Path, SystemPlan.ClaimDirectory> directories = new LinkedHashMap<>();
        Map<String, SystemPlan.Claim> claims = new LinkedHashMap<>();
        for (Container container : system.containers()) {
            containers.add(container(system, container, settings, systemLabels, directories, claims));
        }
        return new SystemPlan(system.identifier(), system.name(), systemLabels, containers,
                new ArrayList<>(directories.values()), new ArrayList<>(claims.values()), warnings);
    }

    private static boolean hasToken(Principal principal) {
        return isSet(principal.accessToken()) || isSet(principal.refreshToken());
    }

    /** A start refused before anything is created; the message never holds a token. */
    private static StartException refused(TychoSystem system, String why) {
        return new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                + system.username() + " on Docker: " + why);
    }

    /**
     * The labels of a system's network and containers: the Kubernetes backend's pod labels and the system name.
     *
     * @param system the system
     * @return the labels, in a fixed order
     */
    static Map<String, String> systemLabels(TychoSystem system) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.EXECUTOR, Labels.TYCHO);
        labels.put(Labels.USERNAME, system.username());
        labels.put(Labels.GUID, system.identifier());
        labels.put(Labels.ORIGINAL_APP_NAME, system.appId());
        labels.put(Labels.APP_NAME, system.appId());
        labels.put(Labels.SYSTEM_NAME, system.name());
        labels.put(Labels.CONN_STRING, system.connString());
        return labels;
    }

    private static SystemPlan.ContainerPlan container(TychoSystem system, Container container, DockerSettings settings,
                                                      Map<String, String> systemLabels,
                                                      Map<Path, SystemPlan.ClaimDirectory> directories,
                                                      Map<String, SystemPlan.Claim> claims) {
        Map<String, String> env = environment(system, container);
        List<String> entrypoint = new ArrayList<>();
        container.command().forEach(argument -> entrypoint.add(Expansion.expand(argument, env)));
        List<String> envEntries = new ArrayList<>();
        env.forEach((name, value) -> envEntries.add(name + "=" + value));

        SystemService service = system.services().get(container.name());
        Set<Integer> exposed = new LinkedHashSet<>(container.ports());
        exposed.addAll(container.expose());
        Integer published = service == null ? null : Integer.valueOf(service.port());
        if (published != null) {
            exposed.add(published);
        }

        ResourceLimits limits = container.limits();
        ResourceLimits requests = container.requests();
        Map<String, String> labels = new LinkedHashMap<>(systemLabels);
        labels.put(Labels.CONTAINER, container.name());
        putIfSet(labels, Labels.CPU, limits.cpus());
        putIfSet(labels, Labels.MEMORY, limits.memory());
        putIfSet(labels, Labels.GPUS, limits.gpus());
        labels.put(Labels.GPU_RESOURCE, system.options().gpuResourceName());
        if (published != null) {
            labels.put(Labels.SERVICE_PORT, String.valueOf(published));
            labels.put(Labels.ENDPOINT_ADDRESS, settings.endpointAddress());
        }

        SecurityContext sc = system.securityContext();
        String user = isSet(sc.runAsUser()) ? sc.runAsUser() + (isSet(sc.runAsGroup()) ? ":" + sc.runAsGroup() : "")
                : null;
        List<String> groups = new ArrayList<>();
        if (!isSet(sc.runAsUser()) && isSet(sc.runAsGroup())) {
            groups.add(sc.runAsGroup());
        }
        if (isSet(sc.fsGroup()) && !groups.contains(sc.fsGroup())) {
            groups.add(sc.fsGroup());
        }

        List<SystemPlan.Mount> mounts = new ArrayList<>();
        for (Volume volume : system.volumes()) {
            if (volume.containerName().equals(container.name())) {
                Path host = claimPath(system, volume, settings.volumeRoot());
                String mountPath = volume.mountPath().startsWith("/") ? volume.mountPath() : "/" + volume.mountPath();
                mounts.add(new SystemPlan.Mount(host, mountPath));
                claims.putIfAbsent(volume.claimName(), new SystemPlan.Claim(volume.claimName(),
                        settings.volumeRoot().resolve(volume.claimName()), container.name(), mountPath));
                Integer group = isSet(sc.fsGroup()) ? id(system, "fsGroup", sc.fsGroup())
                        : id(system, "runAsGroup", sc.runAsGroup());
                directories.putIfAbsent(host, new SystemPlan.ClaimDirectory(host,
                        settings.volumeRoot().resolve(volume.claimName()), settings.volumeRoot(),
                        id(system, "runAsUser", sc.runAsUser()), group, isSet(sc.fsGroup())));
            }
        }

        String cpuRequest = requests.cpus() != null ? requests.cpus() : limits.cpus();
        String memoryRequest = requests.memory();
        SystemPlan.Resources resources = new SystemPlan.Resources(
                SystemPlan.Resources.nanoCpus("limits.cpus", limits.cpus()),
                SystemPlan.Resources.cpuShares("reservations.cpus", cpuRequest),
                SystemPlan.Resources.bytes("limits.memory", limits.memory()),
                SystemPlan.Resources.bytes("reservations.memory", memoryRequest),
                limits.gpus() == null || limits.gpus().isEmpty() ? 0 : Integer.parseInt(limits.gpus()));

        Probe probe = container.readinessProbe() != null ? container.readinessProbe() : container.livenessProbe();
        SystemPlan.Health health = null;
        if (probe != null) {
            String which = container.readinessProbe() != null ? "readinessProbe" : "livenessProbe";
            try {
                health = HealthChecks.of(probe, "container " + container.name() + ": " + which);
            } catch (IllegalArgumentException e) {
                throw new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                        + system.username() + " on Docker: " + e.getMessage());
            }
        }
        return new SystemPlan.ContainerPlan(system.name() + "-" + container.name(), container.name(),
                container.image(), entrypoint, envEntries, labels, user, groups, new ArrayList<>(exposed), published,
                mounts, resources, health, system.options().security().hardened());
    }

    /**
     * The environment of a container, in the order of the default pod template, with {@code $(VAR)} in values
     * expanded from the variables before them. A later entry of the same name replaces an earlier one.
     */
    private static Map<String, String> environment(TychoSystem system, Container container) {
        List<EnvVar> entries = new ArrayList<>();
        String token = system.principal().accessToken();
        if (!container.env().isEmpty()) {
            entries.addAll(container.env());
            entries.add(new EnvVar("GUID", system.identifier()));
            entries.add(new EnvVar("USER_NAME", system.username()));
            entries.add(new EnvVar("USER", system.username()));
            if (token != null) {
                entries.add(new EnvVar("ACCESS_TOKEN", token));
            }
            system.extraContainerEnv().forEach((name, value) -> entries.add(new EnvVar(name, value)));
            entries.add(new EnvVar("NB_PREFIX", PREFIX));
            entries.add(new EnvVar("FB_BASEURL", PREFIX));
            entries.add(new EnvVar("HOST", system.host()));
        } else {
            // As the pod template: a container without environment of its own gets neither the token nor the
            // extra environment.
            entries.add(new EnvVar("HOST", system.host()));
            entries.add(new EnvVar("GUID", system.identifier()));
            entries.add(new EnvVar("USER_NAME", system.username()));
            entries.add(new EnvVar("USER", system.username()));
            entries.add(new EnvVar("NB_PREFIX", PREFIX));
            entries.add(new EnvVar("FB_BASEURL", PREFIX));
        }
        entries.add(new EnvVar("username", system.username()));
        if (token != null) {
            entries.add(new EnvVar("access_token", token));
        }
        if (system.principal().refreshToken() != null) {
            entries.add(new EnvVar("refresh_token", system.principal().refreshToken()));
        }
        entries.add(new EnvVar("host", system.host()));
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar entry : entries) {
            String value = Expansion.expand(entry.value(), env);
            env.remove(entry.name());
            env.put(entry.name(), value);
        }
        return env;
    }

    /** The claim's directory: {@code <root>/<claim>/<subpath>}, which must stay inside the claim. */
    private static Path claimPath(TychoSystem system, Volume volume, Path root) {
        Path claim = root.resolve(volume.claimName());
        Path path;
        try {
            path = claim.resolve(volume.subPath().replaceFirst("^/+", "")).normalize();
        } catch (InvalidPathException e) {
            path = null;
        }
        if (path == null || !path.startsWith(claim)) {
            throw new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                    + system.username() + " on Docker: the volume pvc://" + volume.claimName() + "/"
                    + volume.subPath() + " of container " + volume.containerName() + " leaves its claim; use a"
                    + " sub path inside the claim, without '..'");
        }
        return path;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }

    /** A user or group id as the file system takes it (unsigned 32 bits), or {@code null} when not set. */
    private static Integer id(TychoSystem system, String field, String value) {
        if (!isSet(value)) {
            return null;
        }
        try {
            return Integer.parseUnsignedInt(value);
        } catch (NumberFormatException e) {
            throw refused(system, "securityContext." + field + " " + value + " is not a user or group id (at most"
                    + " 4294967295)");
        }
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
