package org.helxplatform.tycho.compiler.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.helxplatform.tycho.compiler.TestSupport.ID;
import static org.helxplatform.tycho.compiler.TestSupport.at;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ProxyRewrite;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiled systems rendered through Python Tycho's ORIGINAL templates (configured as user templates, as a deployer
 * would) and through the backend's DEFAULT templates: both render without error, the documents hold what
 * Python Tycho's templates make them, and both template sets give equal trees for the same system (in the
 * canonical form the conformance cases use, where a null value is the same as an absent key).
 */
class TemplateRenderingTest {

    private static final String UID = "uid-of-the-deployment";

    private static SystemRenderer original;
    private static SystemRenderer defaults;

    @BeforeAll
    static void setUp() {
        original = new SystemRenderer(TestSupport.originalEngine());
        defaults = new SystemRenderer(TestSupport.defaultEngine());
    }

    private static Map<String, Object> single(List<Map<String, Object>> documents) {
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> envOf(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        list(container.get("env")).forEach(e -> env.putIfAbsent(String.valueOf(e.get("name")), e.get("value")));
        return env;
    }

    private static List<String> envNames(Map<String, Object> container) {
        List<String> names = new ArrayList<>();
        list(container.get("env")).forEach(e -> names.add(String.valueOf(e.get("name"))));
        return names;
    }

    @Nested
    class OriginalTemplates {

        @Test
        void podOfTheRichSystem() {
            TychoSystem system = SampleSystems.rich();
            Map<String, Object> pod = single(original.pod(system, true));

            assertThat(pod).containsEntry("apiVersion", "v1").containsEntry("kind", "Pod");
            assertThat(at(pod, "metadata", "name")).isEqualTo("app-" + ID);
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) at(pod, "metadata", "labels");
            assertThat(labels).contains(entry("name", "app-" + ID), entry("username", "bob.smith"),
                    entry("app-name", "app"), entry("original-app-name", "app"), entry("reaper-label", "app"),
                    entry("executor", "tycho"), entry("tycho-guid", ID));
            assertThat(labels).containsKey("tycho-app-id");

            Object spec = at(pod, "spec");
            assertThat(at(spec, "serviceAccountName")).isEqualTo("runner");
            assertThat(at(spec, "tolerations", 0)).isEqualTo(Map.of("key", "nvidia.com/gpu", "operator", "Exists",
                    "effect", "NoSchedule"));
            assertThat(at(spec, "securityContext")).isEqualTo(Map.of("runAsUser", 1000, "runAsGroup", 100,
                    "fsGroup", 100));
            assertThat(at(spec, "initContainers", 0, "name")).isEqualTo("volume-tasks");
            assertThat(at(spec, "initContainers", 0, "image")).isEqualTo("busybox:latest");
            assertThat((String) at(spec, "initContainers", 0, "args", 0)).contains("mkdir -p /home/bob.smith")
                    .contains("Hostname gitea-svc");
            assertThat(at(spec, "initContainers", 0, "volumeMounts", 0)).isEqualTo(Map.of("name", "stdnfs",
                    "mountPath", "/home"));

            List<Map<String, Object>> containers = list(at(spec, "containers"));
            assertThat(containers).extracting(c -> c.get("name")).containsExactly("app", "side");
            Map<String, Object> app = containers.get(0);
            assertThat(app).containsEntry("image", "repo/app:1.0")
                    .containsEntry("command", List.of("/bin/sh", "-c", "start.sh --port 8888"));
            assertThat(at(app, "securityContext")).isEqualTo(Map.of("runAsUser", 1000, "runAsGroup", 100));
            assertThat(envNames(app)).startsWith("MODE", "URL", "NB_UMASK", "HOME_URL", "identifier", "username",
                    "system_name", "system_port", "GUID", "USER_NAME", "USER", "ACCESS_TOKEN", "EXTRA_ONE",
                    "EXTRA_TWO", "NB_PREFIX", "FB_BASEURL", "HOST");
            assertThat(envOf(app)).contains(entry("MODE", "lab"), entry("URL", "http://x/?a=b"),
                    entry("NB_UMASK", "002"), entry("HOME_URL", "/private/app/bob.smith"),
                    entry("system_port", "8888"), entry("GUID", ID), entry("USER", "bob.smith"),
                    entry("ACCESS_TOKEN", "access-123"), entry("EXTRA_TWO", "two words"),
                    entry("NB_PREFIX", "/private/app/bob.smith/" + ID), entry("HOST", "apps.example.org"),
                    entry("refresh_token", "refresh-456"));
            assertThat(app.get("ports")).isEqualTo(List.of(Map.of("containerPort", 8888, "protocol", "TCP")));
            assertThat(at(app, "resources", "limits")).isEqualTo(Map.of("cpu", "2", "memory", "4G",
                    "nvidia.com/gpu", 1, "ephemeral-storage", "1Gi"));
            assertThat(at(app, "resources", "requests")).isEqualTo(Map.of("cpu", "1", "memory", "2G"));
            assertThat(list(app.get("volumeMounts"))).extracting(m -> m.get("mountPath")).containsExactly(
                    "/home/nfs", "/home/bob.smith/.ssh/id_gitea", "/data", "/home/shared", "/home/bob.smith");
            assertThat(at(app, "livenessProbe")).isEqualTo(Map.of("exec", Map.of("command",
                    List.of("cat", "/tmp/healthy")), "initialDelaySeconds", 10, "periodSeconds", 20,
                    "failureThreshold", 3));
            assertThat(app).doesNotContainKey("readinessProbe");

            Map<String, Object> side = containers.get(1);
            assertThat(side.get("command")).isEqualTo(List.of("run", "--fast"));
            assertThat(envOf(side)).containsEntry("SIDE", "yes").doesNotContainKey("MODE");
            assertThat(at(side, "readinessProbe", "httpGet", "httpHeaders")).isEqualTo(List.of(
                    Map.of("name", "X-Probe", "value", "check"), Map.of("name", "X-Other", "value", "2")));
            assertThat(at(side, "readinessProbe", "periodSeconds")).isEqualTo(3);

            List<Map<String, Object>> volumes = list(at(spec, "volumes"));
            assertThat(volumes).extracting(v -> v.get("name")).containsExactly("nfs", "bob-smith-id-gitea", "data",
                    "stdnfs");
            assertThat(at(volumes.get(1), "secret", "defaultMode")).isEqualTo(384);
            assertThat(at(volumes.get(0), "nfs", "server")).isEqualTo("nfs.example.org");
        }

        @Test
        void podWithoutAmbassadorServesFromTheRoot() {
            Map<String, Object> app = list(at(single(original.pod(SampleSystems.rich(), false)), "spec",
                    "containers")).get(0);

            assertThat(envOf(app)).containsEntry("NB_PREFIX", "/").containsEntry("FB_BASEURL", "/");
        }

        @Test
        void serviceBehindAmbassador() {
            TychoSystem system = SampleSystems.rich();
            Map<String, Object> service = single(original.service(system, true, system.services().get("app"),
                    system.name(), UID));

            assertThat(service).containsEntry("kind", "Service");
            assertThat(at(service, "metadata", "name")).isEqualTo("app-" + ID);
            assertThat(at(service, "metadata", "labels")).isEqualTo(Map.of("name", "app-" + ID, "username",
                    "bob.smith", "executor", "tycho", "tycho-app", "app-" + ID, "tycho-guid", ID, "conn_string",
                    "lab"));
            assertThat(at(service, "metadata", "ownerReferences", 0)).isEqualTo(Map.of("apiVersion", "apps/v1",
                    "controller", true, "kind", "Deployment", "name", "app-" + ID, "uid", UID));
            String mapping = (String) at(service, "metadata", "annotations", "getambassador.io/config");
            assertThat(mapping).contains("name: app-" + ID + "-mapping", "ambassador_id: amb-1",
                    "prefix: /private/app/bob.smith/" + ID + "/lab", "service: app-" + ID + ":8888",
                    "REMOTE_USER: bob.smith", "rewrite: /private/app/bob.smith/" + ID + "/lab");
            assertThat(at(service, "spec", "type")).isEqualTo("ClusterIP");
            assertThat(at(service, "spec", "selector")).isEqualTo(Map.of("name", "app-" + ID));
            assertThat(at(service, "spec", "ports")).isEqualTo(List.of(Map.of("name", "port-1", "port", 8888,
                    "protocol", "TCP", "targetPort", 8888)));
        }

        @Test
        void serviceWithoutAmbassador() {
            TychoSystem system = SampleSystems.rich();
            Map<String, Object> service = single(original.service(system, false, system.services().get("side"),
                    system.name(), UID));

            assertThat(at(service, "metadata", "name")).isEqualTo("side-" + ID);
            assertThat(((Map<?, ?>) at(service, "metadata")).containsKey("annotations")).isFalse();
            assertThat(at(service, "spec", "type")).isEqualTo("LoadBalancer");
            assertThat(list(at(service, "spec", "ports"))).extracting(p -> p.get("port")).containsExactly(9000, 9002);
        }

        @Test
        void networkPolicyOfAServiceWithClients() {
            TychoSystem system = SampleSystems.rich();
            assertThat(system.requiresNetworkPolicy()).isTrue();
            Map<String, Object> policy = single(original.networkPolicy(system, false));

            assertThat(policy).containsEntry("kind", "NetworkPolicy");
            assertThat(at(policy, "metadata", "name")).isEqualTo(ID + "-netpolicy");
            assertThat(at(policy, "spec", "podSelector", "matchLabels")).isEqualTo(Map.of("tycho-guid", ID));
            assertThat(at(policy, "spec", "ingress", 0, "from")).isEqualTo(List.of(
                    Map.of("ipBlock", Map.of("cidr", "10.0.0.0/8")), Map.of("ipBlock", Map.of("cidr", "192.168.1.7/32")),
                    Map.of("podSelector", Map.of("matchLabels", Map.of("tycho-guid", ID)))));
            assertThat(at(policy, "spec", "ingress", 0, "ports")).isEqualTo(List.of(
                    Map.of("protocol", "TCP", "port", 8888), Map.of("protocol", "TCP", "port", 9000)));
        }

        @Test
        void patchOfAModifyRequest() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("team", "blue");
            labels.put("example.org/tier", "gold");
            Map<String, String> containers = new LinkedHashMap<>();
            containers.put("app", "repo/app:1.0");
            containers.put("side", "repo/side:2");
            Map<String, Object> patch = original.patch(new ModifyRequest(ID, labels, "2", "4G"), containers);

            assertThat(at(patch, "spec", "template", "metadata", "labels")).isEqualTo(labels);
            List<Map<String, Object>> patched = list(at(patch, "spec", "template", "spec", "containers"));
            assertThat(patched).extracting(c -> c.get("name")).containsExactly("app", "side");
            assertThat(patched).extracting(c -> c.get("image")).containsExactly("repo/app:1.0", "repo/side:2");
            assertThat(patched.get(0).get("resources")).isEqualTo(Map.of("limits", Map.of("cpu", "2", "memory", "4G"),
                    "requests", Map.of("cpu", "2", "memory", "4G")));
        }

        @Test
        void patchThatChangesNothingIsEmpty() {
            assertThat(original.patch(new ModifyRequest(ID, Map.of(), null, null), Map.of("app", "a"))).isEmpty();
        }

        @Test
        void patchOfLabelsOnly() {
            Map<String, Object> patch = original.patch(new ModifyRequest(ID, Map.of("team", "red"), null, null),
                    Map.of("app", "a"));

            assertThat(at(patch, "spec", "template")).isEqualTo(Map.of("metadata", Map.of("labels",
                    Map.of("team", "red"))));
        }
    }

    @Test
    void labelValuesAndQuantitiesOfAPatchStayTextInBothTemplateSets() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tier", "0600");
        labels.put("enabled", "yes");
        labels.put("true", "null");
        labels.put("hex", "0x1F");
        for (SystemRenderer renderer : List.of(original, defaults)) {
            Map<String, Object> patch = renderer.patch(new ModifyRequest(ID, labels, "1.5", "0600"),
                    Map.of("yes", "1.0"));

            assertThat(at(patch, "spec", "template", "metadata", "labels")).isEqualTo(labels);
            assertThat(at(patch, "spec", "template", "spec", "containers", 0)).isEqualTo(Map.of("name", "yes",
                    "image", "1.0", "resources", Map.of("limits", Map.of("cpu", "1.5", "memory", "0600"),
                            "requests", Map.of("cpu", "1.5", "memory", "0600"))));
        }
    }

    @Test
    void theAmbassadorMappingCannotBeExtendedThroughTheRewriteTarget() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProxyRewrite(true, "/x\nbypass_auth: false"))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class)
                .hasMessageContaining("proxy-rewrite.target").hasMessageContaining("'/x\nbypass_auth: false'");
        TychoSystem system = SampleSystems.minimal(Map.of(), new ProxyRewrite(true, "/lab/tree?a=b&c=%20"));
        for (SystemRenderer renderer : List.of(original, defaults)) {
            String mapping = (String) at(single(renderer.service(system, true, system.services().get("app"),
                    system.name(), UID)), "metadata", "annotations", "getambassador.io/config");
            assertThat(mapping).contains("\nrewrite: /lab/tree?a=b&c=%20\n");
        }
    }

    static Stream<Arguments> systems() {
        return Stream.of(
                Arguments.of("rich, ambassador", SampleSystems.rich(), true),
                Arguments.of("rich, no ambassador", SampleSystems.rich(), false),
                Arguments.of("rich, dev phase", SampleSystems.rich(with(SampleSystems.RICH_SETTINGS, "DEV_PHASE", "dev"),
                        List.of("10.1.0.0/16")), true),
                Arguments.of("rich, test phase", SampleSystems.rich(with(SampleSystems.RICH_SETTINGS, "DEV_PHASE",
                        "test"), List.of()), true),
                Arguments.of("rich, NFSRODS_UID", SampleSystems.rich(with(SampleSystems.RICH_SETTINGS, "NFSRODS_UID",
                        "30000"), List.of()), false),
                Arguments.of("minimal, defaults", SampleSystems.minimal(Map.of(), ProxyRewrite.DISABLED), false),
                Arguments.of("minimal, ambassador", SampleSystems.minimal(Map.of("AMBASSADOR_ID", "x"),
                        ProxyRewrite.DISABLED), true),
                Arguments.of("minimal, rewrite target", SampleSystems.minimal(Map.of("CREATE_HOME_DIRS", "false"),
                        new ProxyRewrite(true, "/target")), true),
                Arguments.of("minimal, no init container", SampleSystems.minimal(Map.of(
                        "TYCHO_APP_ENABLE_INIT_CONTAINER", "false", "CREATE_HOME_DIRS", "true"),
                        ProxyRewrite.DISABLED), true),
                Arguments.of("bare, no env", SampleSystems.bare(), true),
                Arguments.of("bare, no env, no ambassador", SampleSystems.bare(), false));
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(settings);
        copy.put(name, value);
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void defaultTemplatesRenderWhatTheOriginalsRender(String name, TychoSystem system, boolean ambassador) {
        List<Object[]> pairs = new ArrayList<>();
        pairs.add(new Object[] {"pod", original.pod(system, ambassador), defaults.pod(system, ambassador)});
        for (var service : system.services().values()) {
            pairs.add(new Object[] {"service " + service.name(),
                original.service(system, ambassador, service, system.name(), UID),
                defaults.service(system, ambassador, service, system.name(), UID)});
        }
        if (system.requiresNetworkPolicy()) {
            pairs.add(new Object[] {"network policy", original.networkPolicy(system, ambassador),
                defaults.networkPolicy(system, ambassador)});
        }
        for (Object[] pair : pairs) {
            Object fromOriginal = TestSupport.canonical(single(cast(pair[1])));
            Object fromDefaults = TestSupport.canonical(single(cast(pair[2])));
            if (pair[0].equals("pod") && system.principal().accessToken() == null) {
                // The one deliberate difference: without a token, Python's template writes ACCESS_TOKEN=None,
                // the default template writes no ACCESS_TOKEN at all.
                assertThat(accessTokens(fromOriginal)).as(name).isNotEmpty().containsOnly("None");
                assertThat(accessTokens(fromDefaults)).as(name).isEmpty();
                fromOriginal = withoutAccessTokens(fromOriginal);
            }
            assertThat(TestSupport.firstDifference(fromOriginal, fromDefaults)).as(name + ": " + pair[0]).isNull();
            assertThat(fromDefaults).as(name + ": " + pair[0]).isEqualTo(fromOriginal);
        }
    }

    @Test
    void defaultPatchEqualsTheOriginalPatch() {
        Map<String, String> containers = new LinkedHashMap<>();
        containers.put("app", "repo/app:1.0");
        containers.put("side", "repo/side:2");
        for (ModifyRequest request : List.of(new ModifyRequest(ID, Map.of("team", "blue"), "2", "4G"),
                new ModifyRequest(ID, Map.of(), "500m", null), new ModifyRequest(ID, Map.of("a", "b"), null, null),
                new ModifyRequest(ID, Map.of(), null, null))) {
            assertThat(defaults.patch(request, containers)).as(request.toString())
                    .isEqualTo(original.patch(request, containers));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cast(Object documents) {
        return (List<Map<String, Object>>) documents;
    }

    /** @return the values of the ACCESS_TOKEN env entries of every container of a canonical pod */
    @SuppressWarnings("unchecked")
    private static List<Object> accessTokens(Object pod) {
        List<Object> values = new ArrayList<>();
        for (Object container : (List<Object>) ((Map<String, Object>) ((Map<String, Object>) pod).get("spec"))
                .get("containers")) {
            for (Object env : (List<Object>) ((Map<String, Object>) container).getOrDefault("env", List.of())) {
                Map<String, Object> entry = (Map<String, Object>) env;
                if ("ACCESS_TOKEN".equals(entry.get("name"))) {
                    values.add(entry.get("value"));
                }
            }
        }
        return values;
    }

    /** @return a copy of a canonical pod without ACCESS_TOKEN env entries */
    @SuppressWarnings("unchecked")
    private static Object withoutAccessTokens(Object pod) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) pod);
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) copy.get("spec"));
        List<Object> containers = new ArrayList<>();
        for (Object container : (List<Object>) spec.get("containers")) {
            Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) container);
            List<Object> env = new ArrayList<>((List<Object>) c.getOrDefault("env", List.of()));
            env.removeIf(e -> "ACCESS_TOKEN".equals(((Map<String, Object>) e).get("name")));
            c.put("env", env);
            containers.add(c);
        }
        spec.put("containers", containers);
        copy.put("spec", spec);
        return copy;
    }
}
