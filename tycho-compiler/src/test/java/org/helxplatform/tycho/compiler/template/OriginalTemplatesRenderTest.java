package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Renders the four original Python Tycho templates (read from the shared conformance directory as user templates)
 * with two hand-built contexts ({@code template/original/contexts.json}: one behind Ambassador with GPUs, probes,
 * an init container and None values; one minimal), compares the text with what Python Jinja2 renders for the same
 * context ({@code template/original/<context>/<template>}, made by {@code generate_expected.py}), and checks the
 * Kubernetes objects read back with {@link Yaml11}.
 */
class OriginalTemplatesRenderTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    private static TemplateEngine engine;
    private static Map<String, Map<String, Object>> contexts;

    @BeforeAll
    static void setUp() throws IOException {
        Path templates = TestSupport.sharedDir().resolve("conformance/tycho-templates");
        engine = TemplateEngine.builder().templateDirectories(List.of(templates)).clock(FIXED).build();
        try (InputStream in = resource("contexts.json")) {
            contexts = new ObjectMapper().readValue(in,
                new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OriginalTemplatesRenderTest.class.getResourceAsStream("/template/original/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static String expected(String context, String template) throws IOException {
        try (InputStream in = resource(context + "/" + template)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Object> render(String context, String template) {
        List<Object> documents = Yaml11.loadAll(engine.render(template, contexts.get(context)), template);
        assertThat(documents).hasSize(1);
        return map(documents.get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> node = root;
        for (String key : keys) {
            node = map(node.get(key));
        }
        return node;
    }

    @ParameterizedTest(name = "{1} with the {0} context")
    @CsvSource({
        "ambassador, pod.yaml", "ambassador, service.yaml", "ambassador, policy/tycho-default-netpolicy.yaml",
        "ambassador, patch.yaml", "plain, pod.yaml", "plain, service.yaml",
        "plain, policy/tycho-default-netpolicy.yaml", "plain, patch.yaml"})
    void rendersExactlyWhatPythonJinja2Renders(String context, String template) throws IOException {
        assertThat(engine.render(template, contexts.get(context))).isEqualTo(expected(context, template));
    }

    @Test
    void templatesAreReadFromTheUserDirectory() {
        assertThat(engine.resolve("policy/tycho-default-netpolicy.yaml"))
            .isEqualTo(TestSupport.sharedDir().resolve("conformance/tycho-templates/policy/tycho-default-netpolicy.yaml")
                .toString());
    }

    @Test
    void podBehindAmbassador() {
        Map<String, Object> pod = render("ambassador", "pod.yaml");
        assertThat(path(pod, "metadata", "labels")).containsOnly(entry("name", "jupyter-ds-0f1e2d3c"),
            entry("username", "alice.smith"), entry("app-name", "jupyter-ds"),
            entry("original-app-name", "jupyter-ds"), entry("reaper-label", "jupyter-ds"),
            entry("executor", "tycho"), entry("tycho-guid", "0f1e2d3c"), entry("tycho-app-id", "jupyter-ds"));
        Map<String, Object> spec = path(pod, "spec");
        assertThat(spec).containsEntry("serviceAccountName", "tycho-runner");
        assertThat(map(list(spec.get("tolerations")).get(0))).containsEntry("key", "nvidia.com/gpu");
        assertThat(path(spec, "securityContext")).containsOnly(entry("runAsUser", 1000), entry("runAsGroup", 100),
            entry("fsGroup", 100));
        assertThat(map(list(spec.get("initContainers")).get(0))).containsEntry("image", "busybox:1.36");

        Map<String, Object> main = map(list(spec.get("containers")).get(0));
        assertThat(main).containsEntry("command", List.of("start.sh", "--no-browser"));
        Map<String, Object> env = new LinkedHashMap<>();
        list(main.get("env")).forEach(item -> env.put((String) map(item).get("name"), map(item).get("value")));
        assertThat(env).containsExactly(entry("JUPYTER_ENABLE_LAB", "yes"), entry("GREETING", "x=y z"),
            entry("EMPTY", ""), entry("GUID", "0f1e2d3c"), entry("USER_NAME", "alice.smith"),
            entry("USER", "alice.smith"), entry("ACCESS_TOKEN", "tok-123"), entry("EXTRA_FLAG", true),
            entry("EXTRA_COUNT", 3), entry("NB_PREFIX", "/private/jupyter-ds/alice.smith/0f1e2d3c"),
            entry("FB_BASEURL", "/private/jupyter-ds/alice.smith/0f1e2d3c"), entry("HOST", "helx.example.org"),
            entry("email", "alice@example.org"), entry("uid", 1000), entry("admin", false));
        assertThat(path(main, "resources", "limits")).containsOnly(entry("cpu", "2"), entry("memory", "4G"),
            entry("nvidia.com/gpu", 1), entry("ephemeral-storage", "10Gi"));
        assertThat(path(main, "resources", "requests")).containsOnly(entry("cpu", "1"), entry("memory", "2G"));
        assertThat(list(main.get("ports"))).extracting(port -> map(port).get("containerPort"))
            .containsExactly(8888, 9090);
        assertThat(list(main.get("volumeMounts"))).extracting(mount -> map(mount).get("name"))
            .containsExactly("nfs", "alice-smith-id-gitea", "stdnfs", "data");
        assertThat(path(main, "livenessProbe", "exec"))
            .containsEntry("command", List.of("curl", "-f", "http://localhost:8888/"));
        assertThat(path(main, "livenessProbe")).containsEntry("initialDelaySeconds", 30)
            .containsEntry("periodSeconds", 10).containsEntry("failureThreshold", 3);
        assertThat(path(main, "readinessProbe", "httpGet")).containsEntry("path", "/api").containsEntry("port", 8888)
            .containsEntry("httpHeaders", List.of(Map.of("name", "X-Probe", "value", "tycho")));
        assertThat(path(main, "readinessProbe")).containsOnlyKeys("httpGet", "initialDelaySeconds");

        Map<String, Object> sidecar = map(list(spec.get("containers")).get(1));
        assertThat(sidecar).doesNotContainKeys("command", "resources", "ports", "livenessProbe");
        assertThat(path(sidecar, "readinessProbe")).containsOnly(entry("tcpSocket", Map.of("port", 9000)),
            entry("periodSeconds", 15), entry("failureThreshold", 2));

        assertThat(list(spec.get("volumes"))).extracting(volume -> map(volume).get("name"))
            .containsExactly("nfs", "alice-smith-id-gitea", "data");
        assertThat(path(map(list(spec.get("volumes")).get(1)), "secret")).containsEntry("defaultMode", 0600);
    }

    @Test
    void minimalPodLeavesOutWhatIsEmptyOrNone() {
        Map<String, Object> spec = path(render("plain", "pod.yaml"), "spec");
        assertThat(spec).doesNotContainKeys("serviceAccountName", "tolerations", "securityContext", "initContainers");
        Map<String, Object> container = map(list(spec.get("containers")).get(0));
        assertThat(list(container.get("env"))).extracting(item -> map(item).get("name"))
            .containsExactly("HOST", "GUID", "USER_NAME", "USER", "NB_PREFIX", "FB_BASEURL");
        assertThat(list(container.get("env"))).extracting(item -> map(item).get("value"))
            .contains("/");
        // limits has no ephemeralStorage key: undefined != None is true in Jinja2, so the template emits an empty
        // ephemeral-storage, exactly as Python Tycho does.
        assertThat(path(container, "resources", "limits")).containsOnly(entry("cpu", "1"), entry("memory", "1G"),
            entry("ephemeral-storage", null));
        assertThat(path(container, "resources")).containsEntry("requests", null);
        assertThat(spec).containsEntry("volumes", null);
    }

    @Test
    void serviceBehindAmbassadorHasTheMappingAnnotation() {
        Map<String, Object> service = render("ambassador", "service.yaml");
        assertThat(map(list(path(service, "metadata").get("ownerReferences")).get(0)))
            .containsEntry("uid", "5d1c6f3e-0000-4000-8000-000000000001");
        String mapping = (String) path(service, "metadata", "annotations").get("getambassador.io/config");
        Map<String, Object> annotation = map(Yaml11.load(mapping, "annotation"));
        assertThat(annotation).containsEntry("kind", "Mapping")
            .containsEntry("name", "jupyter-ds-0f1e2d3c-mapping")
            .containsEntry("ambassador_id", "ambassador-helx")
            .containsEntry("prefix", "/private/jupyter-ds/alice.smith/0f1e2d3c/")
            .containsEntry("rewrite", "/private/jupyter-ds/alice.smith/0f1e2d3c/")
            .containsEntry("service", "jupyter-ds-0f1e2d3c:8888")
            .containsEntry("headers", Map.of("REMOTE_USER", "alice.smith"))
            .doesNotContainKey("add_response_headers");
        Map<String, Object> spec = path(service, "spec");
        assertThat(spec).containsEntry("type", "ClusterIP");
        assertThat(list(spec.get("ports"))).containsExactly(Map.of("name", "port-1", "port", 8888,
            "protocol", "TCP", "targetPort", 8888));
    }

    @Test
    void serviceWithoutAmbassadorIsALoadBalancer() {
        Map<String, Object> service = render("plain", "service.yaml");
        assertThat(path(service, "metadata")).doesNotContainKey("annotations");
        assertThat(path(service, "spec")).containsEntry("type", "LoadBalancer");
        assertThat(list(path(service, "spec").get("ports"))).extracting(port -> map(port).get("port"))
            .containsExactly(8787);
    }

    @Test
    void networkPolicyAllowsTheServiceClients() {
        Map<String, Object> ingress = map(list(path(render("ambassador", "policy/tycho-default-netpolicy.yaml"),
            "spec").get("ingress")).get(0));
        assertThat(list(ingress.get("from"))).containsExactly(
            Map.of("ipBlock", Map.of("cidr", "10.0.0.0/8")), Map.of("ipBlock", Map.of("cidr", "192.168.1.0/24")),
            Map.of("podSelector", Map.of("matchLabels", Map.of("tycho-guid", "0f1e2d3c"))));
        assertThat(list(ingress.get("ports"))).containsExactly(Map.of("protocol", "TCP", "port", 8888),
            Map.of("protocol", "TCP", "port", 9090));
        assertThat(path(render("plain", "policy/tycho-default-netpolicy.yaml"), "spec"))
            .containsEntry("ingress", null);
    }

    @Test
    void patchSetsLabelsAndResources() {
        Map<String, Object> template = path(render("ambassador", "patch.yaml"), "spec", "template");
        assertThat(path(template, "metadata", "labels")).containsExactly(entry("tycho-guid", "0f1e2d3c"),
            entry("owner", "alice"));
        List<Object> containers = list(path(template, "spec").get("containers"));
        assertThat(containers).hasSize(2);
        assertThat(path(map(containers.get(1)), "resources", "requests")).containsOnly(entry("cpu", 2),
            entry("memory", "4G"));
        assertThat(Yaml11.loadAll(engine.render("patch.yaml", contexts.get("plain")), "patch.yaml")).isEmpty();
    }
}
