package org.helxplatform.tycho.context.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table of hostile inputs, one row per value at one input of the public API: user names, app ids, label keys and
 * values, quantities, environment names and values, hosts, tokens, compose spec values, registry values and
 * identifiers. Each goes through {@link TychoContext} (and its user view) to the Kubernetes backend on fabric8's
 * mock API server, and ends one of three ways:
 * <ul>
 *   <li>rejected cleanly: a {@link TychoException}, nothing created or changed, no token in the message;</li>
 *   <li>accepted with benign structure: the objects have exactly the shape (every path and the type of every value)
 *       they have for a harmless value at the same place, with tokens only where they belong;</li>
 *   <li>other: an exception that is not a {@link TychoException}, a changed structure, a half-created system.</li>
 * </ul>
 * Prints {@code hostile inputs: N inputs: A rejected cleanly, B accepted with benign structure, C other}; C must be 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABSENT = "00000000000000000000000000000099";
    private static final String TOKEN = "eyJhbGciOi.access.token-0123456789";

    /** Values tried at every free-text input, and at every name input. */
    private static final List<String> HOSTILE = List.of(
            "", " ", "\t", "x\ny", "a: b", "- item", "key: [1, 2]", "{a: 1}", "'single'", "\"double\"",
            "{{ 7*7 }}", "{% if true %}x{% endif %}", "${jndi:ldap://evil/x}", "$(HOME)", "`id`", "; rm -rf /",
            "../../etc/passwd", "%2e%2e%2f", "<script>alert(1)</script>", "yes", "null", "~", "0123", "1e3",
            "true", "&anchor", "*alias", "!!python/object:os.system", "#comment", "a\u0000b", "\u202eevil",
            "ｆｕｌｌｗｉｄｔｈ", "émoji-🚀", "x".repeat(64), "y".repeat(5000), "line1\r\nline2", "tycho-guid",
            "--- \nkind: Secret");

    private EmbeddedKubernetes kubernetes;
    private final AtomicInteger namespaces = new AtomicInteger();
    private final Map<String, Integer> byCategory = new TreeMap<>();
    private final List<String> others = new ArrayList<>();
    private int rejected;
    private int accepted;

    @TempDir
    Path temp;

    @BeforeAll
    void startServer() {
        kubernetes = EmbeddedKubernetes.start();
    }

    @AfterAll
    void stopServer() {
        kubernetes.close();
    }

    private enum Result { REJECTED, ACCEPTED, OTHER }

    private record Outcome(Result result, String detail) {
        static Outcome other(String detail) {
            return new Outcome(Result.OTHER, detail);
        }
    }

    @Test
    void everyHostileInputIsRejectedCleanlyOrKeptAsData() throws Exception {
        usersAndApps();
        labels();
        quantities();
        environment();
        hosts();
        tokens();
        specValues();
        registryValues();
        identifiers();
        int total = rejected + accepted + others.size();
        System.out.println("hostile inputs: " + total + " inputs: " + rejected + " rejected cleanly, " + accepted
                + " accepted with benign structure, " + others.size() + " other");
        System.out.println("  by input: " + byCategory);
        others.forEach(other -> System.out.println("  OTHER " + other));
        assertThat(others).isEmpty();
        assertThat(total).isGreaterThanOrEqualTo(150);
        assertThat(rejected).isPositive();
        assertThat(accepted).isPositive();
    }

    // ---------------------------------------------------------------------------------------------- the inputs

    private void usersAndApps() {
        try (Env env = env(Map.of())) {
            Map<String, String> shape = env.shapeOfStart(request("alice", "many", null, "", Map.of()));
            for (String name : HOSTILE) {
                row("username", name, () -> env.start(() -> request(name, "many", null, "", Map.of()), shape));
            }
            for (String name : List.of("ALICE", "bob.smith", "a_b", "z9", "x".repeat(63))) {
                row("username", name, () -> env.start(() -> request(name, "many", null, "", Map.of()), shape));
            }
            for (String app : List.of("", "MANY", "many\n", "many ", "../many", "{{ app }}", "many;one", "nope",
                    "x".repeat(64), "many/../one")) {
                row("app id", app, () -> env.start(() -> request("alice", app, null, "", Map.of()), shape));
            }
        }
    }

    private void labels() {
        try (Env env = env(Map.of())) {
            for (String key : List.of("name", "username", "tycho-guid", "executor", "app-name", "original-app-name",
                    "reaper-label", "tycho-app", "tycho-app-id", "conn_string", "pod-template-hash",
                    "kubernetes.io/hostname", "app.kubernetes.io/name", "", "a: b", "a\nb", "-team", "team-",
                    "a/b/c", "Bad_Prefix/x", "x".repeat(64), "{{ k }}", "team", "example.org/team", "Team.Name")) {
                row("label key", key, () -> env.modify(() -> new ModifyRequest(env.system(), Map.of(key, "blue"),
                        null, null)));
            }
            for (String value : List.of("x\ny", "a: b", "{{ v }}", "-blue", "blue-", "a b", "x".repeat(64), "",
                    "yes", "0600", "null", "true", "1e3", "0x1F", "~", "blue")) {
                row("label value", value, () -> env.modify(() -> new ModifyRequest(env.system(),
                        Map.of("team", value), null, null)));
            }
        }
    }

    private void quantities() {
        Map<String, String> bounded = Map.of("TYCHO_APP_MAX_CPUS", "8", "TYCHO_APP_MAX_MEMORY", "64G");
        try (Env env = env(bounded)) {
            Map<String, String> shape = env.shapeOfStart(request("alice", "many", ResourceRequest.of("1", "1G"), "",
                    Map.of()));
            List<String> values = List.of("-1", "0", "-0.5", "1e999", "1e99999999999", "8Ei", "abc", "1 G", "1G\nx: y",
                    "0x10", "NaN", "Infinity", "1/2", " 1", "1,5", "1GB", "99999999999999999999", "9", "65G", "1e-3",
                    ".5", "1.", "500m", "2Gi");
            for (String value : values) {
                row("cpus", value, () -> env.start(() -> request("alice", "many", ResourceRequest.of(value, "1G"), "",
                        Map.of()), shape));
                row("memory", value, () -> env.start(() -> request("alice", "many", ResourceRequest.of("1", value),
                        "", Map.of()), shape));
            }
            for (String value : List.of("-1", "1.5", "x", "99999999999")) {
                row("gpus", value, () -> env.start(() -> request("alice", "many", ResourceRequest.of(
                        new ResourceLimits("1", "1G", value, null)), "", Map.of()), shape));
            }
            row("reservation above limit", "2 > 1", () -> env.start(() -> request("alice", "many",
                    new ResourceRequest(ResourceLimits.of("1", "1G"), ResourceLimits.of("2", "1G")), "", Map.of()),
                    shape));
            for (String value : List.of("-1", "0", "1e999", "abc", "9", "250m")) {
                row("modify cpu", value, () -> env.modify(() -> new ModifyRequest(env.system(), Map.of(), value,
                        null)));
                row("modify memory", value, () -> env.modify(() -> new ModifyRequest(env.system(), Map.of(), null,
                        value)));
            }
        }
    }

    private void environment() {
        try (Env env = env(Map.of())) {
            Map<String, String> shape = env.shapeOfStart(request("alice", "many", null, "", Map.of("SAFE", "v")));
            for (String key : List.of("", "1A", "A B", "A=B", "A\nB", "$(X)", "{{ k }}", "a.b", "-x", "é", "A:B")) {
                row("env name", key, () -> env.start(() -> request("alice", "many", null, "", Map.of(key, "v")),
                        shape));
            }
            for (String value : HOSTILE) {
                row("env value", value, () -> env.start(() -> request("alice", "many", null, "",
                        Map.of("SAFE", value)), shape));
            }
        }
    }

    private void hosts() {
        try (Env env = env(Map.of())) {
            Map<String, String> shape = env.shapeOfStart(request("alice", "many", null, "apps.example.org",
                    Map.of()));
            for (String host : List.of("", "apps.example.org:8443", "10.0.0.5", "[::1]:80", "a b", "x\ny",
                    "http://evil", "evil/path", "{{ h }}", "-bad", "exa_mple.org", "host:99999x", "évil.org",
                    "apps.example.org\r\nX-Injected: 1", "a: b")) {
                row("host", host, () -> env.start(() -> request("alice", "many", null, host, Map.of()), shape));
            }
        }
    }

    private void tokens() {
        for (boolean inSecret : new boolean[] {false, true}) {
            try (Env env = env(inSecret ? Map.of("TYCHO_APP_TOKENS_IN_SECRET", "true") : Map.of())) {
                Map<String, String> shape = env.shapeOfStart(new StartRequest(new Principal("alice", TOKEN, TOKEN),
                        "many", null, "", Map.of()));
                List<String> values = inSecret ? List.of("x\n- name: EVIL\n  value: y", "{{ 7*7 }}", "a: b",
                        "z".repeat(100_000), "'\"", "token with spaces") : HOSTILE.stream()
                        .filter(value -> !value.isEmpty()).toList();
                for (String token : values) {
                    row(inSecret ? "token (in a Secret)" : "token", token, () -> env.start(() -> new StartRequest(
                            new Principal("alice", token, token), "many", null, "", Map.of()), shape, token, inSecret));
                }
            }
        }
    }

    private void specValues() throws IOException {
        Map<String, List<String>> positions = new LinkedHashMap<>();
        positions.put("image", List.of("x\ny", "a: b", "{{ 7*7 }}", "", "img@sha256:abc", "${X}"));
        positions.put("entrypoint", List.of("sh -c 'a: b'", "x\n- y", "{{ 7*7 }}", "$(rm -rf /)", "'quoted'"));
        positions.put("environment", List.of("x\ny", "a: b", "{{ 7*7 }}", "K=V=W", "\"q\"", "${HOME}"));
        positions.put("ports", List.of("8000:8000\n- 9", "abc", "70000", "-1", "1:2:3:8080"));
        positions.put("volumes", List.of("pvc://data:/x\n- evil", "hostpath:/etc", "pvc://../x:/y", "pvc://UP:/y",
                "pvc://data/../..:/y", "pvc://data:/y:rw"));
        Map<String, String> benign = Map.of("image", "images.example.org/s:1", "entrypoint", "sh -c run",
                "environment", "SAFE=v", "ports", "8000:8000", "volumes", "pvc://data:/data");
        for (Map.Entry<String, List<String>> position : positions.entrySet()) {
            List<String> values = position.getValue();
            Map<String, Object> apps = new LinkedHashMap<>();
            apps.put("base", spec("base", position.getKey(), benign.get(position.getKey())));
            for (int i = 0; i < values.size(); i++) {
                apps.put("s" + i, spec("s" + i, position.getKey(), values.get(i)));
            }
            try (Env env = env(Map.of(), registry(apps, Map.of()))) {
                env.claim("data");
                Map<String, String> shape = env.shapeOfStart(request("alice", "base", null, "", Map.of()));
                for (int i = 0; i < values.size(); i++) {
                    String app = "s" + i;
                    row("spec " + position.getKey(), values.get(i), () -> env.start(() -> request("alice", app, null,
                            "", Map.of()), shape));
                }
            }
        }
    }

    private void registryValues() {
        Map<String, List<Object>> fields = new LinkedHashMap<>();
        fields.put("env", List.of(Map.of("K", "x\ny"), Map.of("K", "{{ 7*7 }}"), Map.of("K", Map.of("a", 1)),
                Map.of("BAD NAME", "v"), Map.of("K", List.of(1, 2))));
        fields.put("securityContext", List.of(Map.of("runAsUser", "0; rm"), Map.of("runAsUser", -1),
                Map.of("runAsUser", Map.of("a", 1)), Map.of("fsGroup", "abc"), "not a map"));
        fields.put("serviceAccount", List.of("a b", "default\nx", "UPPER", "../sa", 42));
        fields.put("conn_string", List.of("x\ny", "a: b", "{{ c }}", "ok-string"));
        fields.put("services", List.of(Map.of("many", "80\n"), Map.of("many", "abc"), Map.of("many", 99999),
                Map.of("many", List.of(1)), Map.of("BAD", 80)));
        fields.put("count", List.of("x", 1.5, Map.of()));
        fields.put("proxy-rewrite", List.of(Map.of("enabled", "yes", "target", "x\ny"), "true"));
        Map<String, Object> benign = new LinkedHashMap<>();
        benign.put("env", Map.of("K", "v"));
        benign.put("securityContext", Map.of("runAsUser", 1000));
        benign.put("serviceAccount", "reader");
        benign.put("conn_string", "ok");
        benign.put("services", Map.of("many", 8000));
        benign.put("count", -1);
        benign.put("proxy-rewrite", Map.of("enabled", false));
        for (Map.Entry<String, List<Object>> field : fields.entrySet()) {
            for (Object value : field.getValue()) {
                row("registry " + field.getKey(), String.valueOf(value), () -> registryRow(field.getKey(), value,
                        benign.get(field.getKey())));
            }
        }
    }

    private Outcome registryRow(String field, Object value, Object benign) {
        Map<String, Object> apps = new LinkedHashMap<>();
        apps.put("many", spec("many", "image", "images.example.org/many:1"));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(field, value);
        TychoContext tycho;
        RegistrySource source = registry(apps, Map.of("many", entry));
        try {
            tycho = context(source, Map.of(), "hostile-" + namespaces.incrementAndGet());
        } catch (TychoException e) {
            return new Outcome(Result.REJECTED, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.other("building the context threw " + e);
        }
        try (Env env = new Env(tycho)) {
            Map<String, Object> benignEntry = new LinkedHashMap<>();
            benignEntry.put(field, benign);
            Env base = env(Map.of(), registry(apps, Map.of("many", benignEntry)));
            Map<String, String> shape;
            try (base) {
                shape = base.shapeOfStart(request("alice", "many", null, "", Map.of()));
            }
            return env.startOutcome(() -> request("alice", "many", null, "", Map.of()), shape, null, false, true);
        }
    }

    private void identifiers() {
        try (Env env = env(Map.of())) {
            String own = env.system();
            List<String> ids = List.of("", "x", "../..", "*", "0123456789ABCDEF0123456789ABCDEF", own + "\n",
                    "tycho-guid", "' or 1=1 --", own.substring(1), own + "0", ABSENT);
            for (String id : ids) {
                row("delete identifier", id, () -> env.unchanged(() -> env.tycho.delete(id)));
                row("status identifier", id, () -> env.unchanged(() -> env.tycho.status(StatusQuery.identifier(id))));
                row("user's delete identifier", id, () -> env.unchanged(() -> env.tycho.forUser(Principal.of("bob"))
                        .delete(id)));
            }
            for (String id : List.of("", "../..", own.toUpperCase(), ABSENT, own)) {
                row("modify identifier (another user's)", id, () -> env.unchanged(() -> env.tycho
                        .forUser(Principal.of("bob")).modify(new ModifyRequest(id, Map.of("team", "x"), null, null))));
                row("events identifier (another user's)", id, () -> env.unchanged(() -> await(env.tycho
                        .forUser(Principal.of("bob")).events(id))));
                row("wait identifier (another user's)", id, () -> env.unchanged(() -> env.tycho
                        .forUser(Principal.of("bob")).awaitReady(id, Duration.ofSeconds(1)).join()));
            }
            for (String container : List.of("", "../etc", "many\n", "x".repeat(300), "{{ c }}", "nope")) {
                row("logs container", container, () -> env.unchanged(() -> env.tycho.logs(own, container, 10)));
            }
            for (int lines : new int[] {-1, 0, Integer.MAX_VALUE}) {
                row("logs lines", String.valueOf(lines), () -> env.unchanged(() -> env.tycho.logs(ABSENT, "many",
                        lines)));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ machinery

    private void row(String category, String input, Supplier<Outcome> run) {
        Outcome outcome;
        try {
            outcome = run.get();
        } catch (RuntimeException e) {
            outcome = Outcome.other("the check itself threw " + e);
        }
        byCategory.merge(category, 1, Integer::sum);
        switch (outcome.result()) {
            case REJECTED -> rejected++;
            case ACCEPTED -> accepted++;
            default -> others.add(category + " " + printable(input) + ": " + outcome.detail());
        }
    }

    private static StartRequest request(String user, String app, ResourceRequest resources, String host,
                                        Map<String, String> env) {
        return new StartRequest(Principal.of(user), app, resources, host, env);
    }

    private Env env(Map<String, String> settings) {
        return env(settings, PolicyRegistry.write(directory()));
    }

    private Env env(Map<String, String> settings, RegistrySource registry) {
        return new Env(context(registry, settings, "hostile-" + namespaces.incrementAndGet()));
    }

    private TychoContext context(RegistrySource registry, Map<String, String> settings, String namespace) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("NAMESPACE", namespace);
        return TychoContext.builder().registry(registry).settings(all).backend("kubernetes")
                .backendConfiguration(BackendConfiguration.builder()
                        .with(KubernetesClient.class, kubernetes.client()).build())
                .build();
    }

    private Path directory() {
        try {
            return Files.createTempDirectory(temp, "registry");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compose spec (as JSON, which is YAML) of one service with a value at a position. */
    private static Map<String, Object> spec(String app, String position, String value) {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("image", position.equals("image") ? value : "images.example.org/" + app + ":1");
        if (position.equals("entrypoint")) {
            service.put("entrypoint", value);
        }
        service.put("ports", List.of(position.equals("ports") ? value : "8000:8000"));
        service.put("environment", List.of(position.equals("environment") ? value : "SAFE=v"));
        if (position.equals("volumes")) {
            service.put("volumes", List.of(value));
        }
        service.put("deploy", Map.of("resources", Map.of("limits", Map.of("cpus", "1", "memory", "1G"),
                "reservations", Map.of("cpus", "0.5", "memory", "512M"))));
        return Map.of("version", "3", "services", Map.of(app, service));
    }

    /** A registry of the given apps and specs; {@code entries} adds fields to apps' registry entries. */
    private RegistrySource registry(Map<String, Object> specs, Map<String, Map<String, Object>> entries) {
        Path directory = directory();
        try {
            Map<String, Object> apps = new LinkedHashMap<>();
            for (Map.Entry<String, Object> spec : specs.entrySet()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", spec.getKey());
                entry.put("count", -1);
                entry.putAll(entries.getOrDefault(spec.getKey(), Map.of()));
                apps.put(spec.getKey(), entry);
                Path dir = Files.createDirectories(directory.resolve("app-specs").resolve(spec.getKey()));
                Files.writeString(dir.resolve("docker-compose.yaml"), JSON.writeValueAsString(spec.getValue()));
            }
            Map<String, Object> registry = new LinkedHashMap<>();
            registry.put("api", "tycho/v1");
            registry.put("version", "0.1.0");
            registry.put("repositories", Map.of("apps", Map.of("url", "app-specs")));
            registry.put("contexts", Map.of("common", Map.of("name", "Hostile", "apps", apps)));
            Files.writeString(directory.resolve("app-registry.yaml"), JSON.writeValueAsString(registry));
            Files.writeString(directory.resolve("app-defaults.yaml"), "{}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RegistrySource.of(PolicyRegistry.BASE, ResourceLoaders.mapping(PolicyRegistry.BASE.toString(),
                directory));
    }

    private static Object await(Flow.Publisher<LaunchEvent> publisher) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(LaunchEvent item) {
                outcome.complete(item);
            }

            @Override
            public void onError(Throwable throwable) {
                outcome.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                outcome.complete(null);
            }
        });
        try {
            return outcome.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("no event and no error within 10 seconds", e);
        }
    }

    private static String printable(String input) {
        String shown = input.length() > 40 ? input.substring(0, 40) + "…(" + input.length() + ")" : input;
        StringBuilder out = new StringBuilder("'");
        shown.codePoints().forEach(c -> out.append(c < 0x20 ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.append("'").toString();
    }

    /** One context on its own namespace, and how its outcomes are judged. */
    private final class Env implements AutoCloseable {
        private final TychoContext tycho;
        private final String namespace;
        private String system;

        Env(TychoContext tycho) {
            this.tycho = tycho;
            this.namespace = tycho.settings().namespace().orElseThrow();
        }

        void claim(String name) {
            kubernetes.client().persistentVolumeClaims().inNamespace(namespace).resource(
                    new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
                            .endMetadata().build()).create();
        }

        /** @return a running system of alice's, started once, for modify and identifier rows */
        String system() {
            if (system == null) {
                system = tycho.start(request("alice", "many", null, "", Map.of())).identifier();
            }
            return system;
        }

        Map<String, String> shapeOfStart(StartRequest request) {
            String identifier = tycho.start(request).identifier();
            Map<String, String> shape = shape(objectsOf(identifier));
            tycho.delete(identifier);
            return shape;
        }

        Outcome start(Supplier<StartRequest> request, Map<String, String> shape) {
            return startOutcome(request, shape, null, false, false);
        }

        Outcome start(Supplier<StartRequest> request, Map<String, String> shape, String token, boolean inSecret) {
            return startOutcome(request, shape, token, inSecret, false);
        }

        Outcome startOutcome(Supplier<StartRequest> request, Map<String, String> shape, String token,
                             boolean inSecret, boolean closeWhenDone) {
            int before = objects();
            String identifier;
            try {
                identifier = tycho.start(request.get()).identifier();
            } catch (TychoException e) {
                return rejected(e, before, token);
            } catch (RuntimeException e) {
                return Outcome.other("threw " + e);
            }
            List<HasMetadata> created = objectsOf(identifier);
            Map<String, String> actual = shape(created);
            tycho.delete(identifier);
            if (objects() != before) {
                return Outcome.other("the delete left " + (objects() - before) + " objects");
            }
            if (!actual.equals(shape)) {
                return Outcome.other("structure changed: " + difference(shape, actual));
            }
            if (token != null) {
                for (HasMetadata object : created) {
                    boolean holds = holds(json(object), token);
                    boolean allowed = object.getKind().equals("Secret") || !inSecret && object.getKind()
                            .equals("Deployment");
                    if (holds && !allowed) {
                        return Outcome.other("the token is in the " + object.getKind());
                    }
                }
            }
            return new Outcome(Result.ACCEPTED, "");
        }

        Outcome modify(Supplier<ModifyRequest> request) {
            String identifier = system();
            JsonNode before = deployment(identifier);
            int objects = objects();
            ModifyRequest modify;
            try {
                modify = request.get();
                tycho.modify(modify);
            } catch (TychoException e) {
                if (!deployment(identifier).equals(before) || objects() != objects) {
                    return Outcome.other("rejected, but the system changed");
                }
                return new Outcome(Result.REJECTED, e.getMessage());
            } catch (RuntimeException e) {
                return Outcome.other("threw " + e);
            }
            JsonNode after = deployment(identifier);
            ObjectNode expected = before.deepCopy();
            JsonNode template = expected.path("spec").path("template");
            modify.labels().forEach((key, value) -> ((ObjectNode) template.path("metadata").path("labels"))
                    .put(key, value));
            template.path("spec").path("containers").forEach(container -> {
                for (String part : List.of("limits", "requests")) {
                    ObjectNode resources = (ObjectNode) container.path("resources").path(part);
                    if (modify.cpus() != null) {
                        resources.put("cpu", modify.cpus());
                    }
                    if (modify.memory() != null) {
                        resources.put("memory", modify.memory());
                    }
                }
            });
            if (!after.equals(expected)) {
                return Outcome.other("the patch changed more than asked: " + difference(shape(expected),
                        shape(after)));
            }
            // undo, so that the next row starts from the same system
            tycho.delete(identifier);
            system = null;
            return new Outcome(Result.ACCEPTED, "");
        }

        /** An operation that may refuse or answer, but must change nothing. */
        Outcome unchanged(Supplier<Object> operation) {
            int before = objects();
            try {
                operation.get();
            } catch (TychoException e) {
                return objects() == before ? new Outcome(Result.REJECTED, e.getMessage())
                        : Outcome.other("refused, but objects changed");
            } catch (RuntimeException e) {
                return e.getCause() instanceof TychoException && objects() == before
                        ? new Outcome(Result.REJECTED, e.getCause().getMessage()) : Outcome.other("threw " + e);
            }
            return objects() == before ? new Outcome(Result.ACCEPTED, "")
                    : Outcome.other("objects changed from " + before + " to " + objects());
        }

        private Outcome rejected(TychoException e, int before, String token) {
            int now = objects();
            if (now != before) {
                return Outcome.other("refused, but left " + (now - before) + " objects: " + e.getMessage());
            }
            if (token != null && !token.isBlank() && e.getMessage() != null && e.getMessage().contains(token)) {
                return Outcome.other("the message shows the token");
            }
            return new Outcome(Result.REJECTED, e.getMessage());
        }

        private boolean holds(JsonNode node, String text) {
            if (node.isTextual()) {
                return node.asText().contains(text);
            }
            for (JsonNode child : node) {
                if (holds(child, text)) {
                    return true;
                }
            }
            return false;
        }

        private JsonNode deployment(String identifier) {
            return json(kubernetes.client().apps().deployments().inNamespace(namespace)
                    .withLabel("tycho-guid", identifier).list().getItems().get(0));
        }

        private List<HasMetadata> objectsOf(String identifier) {
            KubernetesClient client = kubernetes.client();
            List<HasMetadata> objects = new ArrayList<>();
            objects.addAll(client.apps().deployments().inNamespace(namespace).withLabel("tycho-guid", identifier)
                    .list().getItems());
            objects.addAll(client.services().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                    .getItems());
            objects.addAll(client.network().v1().networkPolicies().inNamespace(namespace)
                    .withLabel("tycho-guid", identifier).list().getItems());
            objects.addAll(client.secrets().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                    .getItems());
            objects.sort(Comparator.comparing(HasMetadata::getKind));
            return objects;
        }

        private int objects() {
            KubernetesClient client = kubernetes.client();
            return client.apps().deployments().inNamespace(namespace).list().getItems().size()
                    + client.services().inNamespace(namespace).list().getItems().size()
                    + client.network().v1().networkPolicies().inNamespace(namespace).list().getItems().size()
                    + client.secrets().inNamespace(namespace).list().getItems().size()
                    + client.persistentVolumeClaims().inNamespace(namespace).list().getItems().size();
        }

        private JsonNode json(HasMetadata object) {
            ObjectNode node = kubernetes.client().getKubernetesSerialization().convertValue(object, ObjectNode.class);
            node.remove("status");
            if (node.get("metadata") instanceof ObjectNode metadata) {
                for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "generation",
                        "managedFields", "namespace")) {
                    metadata.remove(field);
                }
            }
            return node;
        }

        private Map<String, String> shape(List<HasMetadata> objects) {
            Map<String, String> shape = new TreeMap<>();
            for (HasMetadata object : objects) {
                shape(json(object), object.getKind(), shape);
            }
            return shape;
        }

        private Map<String, String> shape(JsonNode node) {
            Map<String, String> shape = new TreeMap<>();
            shape(node, "", shape);
            return shape;
        }

        /**
         * Every path and the type at it. Argument lists may have any length (an entrypoint is split on white
         * space), an environment variable without a value has the value "" (the API's default).
         */
        private void shape(JsonNode node, String path, Map<String, String> shape) {
            if (node.isObject()) {
                if (path.matches(".*\\.env\\[\\d+]") && !node.has("value") && !node.has("valueFrom")) {
                    ((ObjectNode) node).put("value", "");
                }
                shape.put(path, "object");
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (!field.getValue().isNull()) {
                        shape(field.getValue(), path + "." + field.getKey(), shape);
                    }
                }
            } else if (node.isArray()) {
                boolean anyLength = path.endsWith(".command") || path.endsWith(".args");
                shape.put(path, anyLength ? "array" : "array of " + node.size());
                for (int i = 0; i < node.size(); i++) {
                    shape(node.get(i), path + (anyLength ? "[]" : "[" + i + "]"), shape);
                }
            } else {
                shape.put(path, node.getNodeType().toString());
            }
        }

        private String difference(Map<String, String> expected, Map<String, String> actual) {
            List<String> lines = new ArrayList<>();
            expected.forEach((path, type) -> {
                if (!type.equals(actual.get(path))) {
                    lines.add(path + ": " + type + " -> " + actual.get(path));
                }
            });
            actual.keySet().stream().filter(path -> !expected.containsKey(path))
                    .forEach(path -> lines.add(path + ": (none) -> " + actual.get(path)));
            return lines.stream().limit(5).toList().toString();
        }

        @Override
        public void close() {
            if (system != null) {
                tycho.delete(system);
            }
            tycho.close();
        }
    }
}
