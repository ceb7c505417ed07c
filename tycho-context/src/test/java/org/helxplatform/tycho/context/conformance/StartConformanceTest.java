package org.helxplatform.tycho.context.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.context.SharedData;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * End-to-end conformance (issue: real HeLx apps give the same Kubernetes objects). Every case of
 * {@code conformance/cases/start} runs through the public API: the registry from the case's directory as if loaded
 * from its URL, {@link TychoContext#start}, the Kubernetes backend on fabric8's mock API server holding the case's
 * cluster facts; then the objects created are read back and compared with {@code expected.objects} in canonical
 * form. Cases expecting an error must fail with a clear error and leave nothing behind. The whole set runs twice:
 * with the backend's default templates and with Python Tycho's original templates as user templates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartConformanceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    private EmbeddedKubernetes kubernetes;
    private final AtomicInteger namespaces = new AtomicInteger();
    private final Map<String, String> summaries = new ConcurrentHashMap<>();

    @BeforeAll
    void startServer() {
        kubernetes = EmbeddedKubernetes.start();
    }

    @AfterAll
    void stopServerAndPrintSummary() {
        kubernetes.close();
        summaries.values().forEach(System.out::println);
    }

    @TestFactory
    Stream<DynamicTest> defaultTemplates() throws Exception {
        return run("default templates", null);
    }

    @TestFactory
    Stream<DynamicTest> originalPythonTemplates() throws Exception {
        return run("original templates", SharedData.conformance().resolve("tycho-templates"));
    }

    /** Runs every case in parallel (each in its own namespace), prints the summary, and reports each case. */
    private Stream<DynamicTest> run(String label, Path templates) throws Exception {
        List<StartCase> cases = StartCase.all(SharedData.conformance());
        assertThat(cases).as("start cases in " + SharedData.conformance()).isNotEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> outcomes = new ArrayList<>();
        for (StartCase startCase : cases) {
            outcomes.add(pool.submit(() -> failureOf(startCase, templates)));
        }
        pool.shutdown();
        List<String> failures = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String failure = outcomes.get(i).get();
            StartCase startCase = cases.get(i);
            if (failure != null) {
                failures.add(startCase.name() + ": " + failure);
            }
            tests.add(DynamicTest.dynamicTest(startCase.name(), () -> assertThat(failure).as(startCase.name()).isNull()));
        }
        StringBuilder summary = new StringBuilder("start cases: " + (cases.size() - failures.size()) + " passed, "
                + failures.size() + " failed (" + label + ")");
        failures.forEach(failure -> summary.append("\n  ").append(failure));
        summaries.put(label, summary.toString());
        System.out.println(summary);
        return tests.stream();
    }

    /** @return {@code null} when the case passes, else why it fails (the first differing JSON path) */
    private String failureOf(StartCase startCase, Path templates) {
        String namespace = "case-" + namespaces.incrementAndGet();
        KubernetesClient client = kubernetes.client();
        try {
            startCase.createClusterObjects(client, namespace);
            int setUp = objectsIn(client, namespace);
            Map<String, String> settings = new LinkedHashMap<>(startCase.environ());
            settings.put("NAMESPACE", namespace);
            URI base = startCase.baseUrl();
            RegistrySource registry = RegistrySource.of(base, ResourceLoaders.mapping(Map.of(
                    base.toString(), startCase.registryDirectory(),
                    base + "app-specs/", startCase.specsDirectory())));
            BackendConfiguration.Builder backend = BackendConfiguration.builder().with(KubernetesClient.class, client);
            if (templates != null) {
                backend.templateDirectories(List.of(templates));
            }
            try (TychoContext tycho = TychoContext.builder()
                    .registry(registry)
                    .product(startCase.product())
                    .settings(settings)
                    .backend("kubernetes")
                    .backendConfiguration(backend.build())
                    .identifiers(startCase::identifier)
                    .clock(CLOCK)
                    .build()) {
                String podTemplate = ((KubernetesBackend) tycho.backend()).renderer().engine().resolve("pod.yaml");
                if (templates != null && !podTemplate.startsWith(templates.toString())) {
                    return "pod.yaml came from " + podTemplate + ", not from " + templates;
                }
                try {
                    tycho.start(new StartRequest(startCase.principal(), startCase.app(), startCase.resourceRequest(),
                            startCase.host(),
                            startCase.extraContainerEnv()));
                } catch (TychoException e) {
                    if (!startCase.expectsError()) {
                        return "failed: " + e.getMessage();
                    }
                    if (!e.getMessage().contains(startCase.expectedError())) {
                        return "failed with '" + e.getMessage() + "', expected '" + startCase.expectedError() + "'";
                    }
                    int left = objectsIn(client, namespace) - setUp;
                    return left == 0 ? null : "failed as expected but left " + left + " objects";
                }
                if (startCase.expectsError()) {
                    return "started, expected the error '" + startCase.expectedError() + "'";
                }
                List<HasMetadata> created = inExpectedOrder(created(client, namespace, startCase.identifier()),
                        startCase.expectedObjects());
                int others = objectsIn(client, namespace) - setUp - created.size();
                if (others != 0) {
                    return "created " + others + " objects besides its Deployment, NetworkPolicy and Services";
                }
                return CanonicalJson.firstDifference(canonical(client, created), startCase.expectedObjects());
            }
        } catch (RuntimeException e) {
            return "threw " + e;
        }
    }

    /** What the start created, in creation order (the mock server numbers resource versions as it writes). */
    private static List<HasMetadata> created(KubernetesClient client, String namespace, String identifier) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().deployments().inNamespace(namespace).withLabel("tycho-guid", identifier)
                .list().getItems());
        objects.addAll(client.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel("tycho-guid", identifier).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems());
        objects.sort(Comparator.comparingLong(object -> Long.parseLong(object.getMetadata().getResourceVersion())));
        return objects;
    }

    /**
     * The objects in the order the case lists them: the Deployment is created first and stays first (a start that
     * created something before it fails the comparison); the objects it owns and the NetworkPolicy are created
     * together after it, in no fixed order, so they are compared in the case's order.
     */
    private static List<HasMetadata> inExpectedOrder(List<HasMetadata> created, JsonNode expected) {
        if (created.size() < 2) {
            return created;
        }
        List<String> order = new ArrayList<>();
        expected.forEach(object -> order.add(object.path("kind").asText() + "/"
                + object.path("metadata").path("name").asText()));
        List<HasMetadata> rest = new ArrayList<>(created.subList(1, created.size()));
        rest.sort(Comparator.comparingInt(object -> {
            int index = order.indexOf(object.getKind() + "/" + object.getMetadata().getName());
            return index < 0 ? Integer.MAX_VALUE : index;
        }));
        List<HasMetadata> ordered = new ArrayList<>();
        ordered.add(created.get(0));
        ordered.addAll(rest);
        return ordered;
    }

    /** Every object of the kinds a start or its set-up may write, in the namespace. */
    private static int objectsIn(KubernetesClient client, String namespace) {
        return client.apps().deployments().inNamespace(namespace).list().getItems().size()
                + client.network().v1().networkPolicies().inNamespace(namespace).list().getItems().size()
                + client.services().inNamespace(namespace).list().getItems().size()
                + client.secrets().inNamespace(namespace).list().getItems().size()
                + client.configMaps().inNamespace(namespace).list().getItems().size()
                + client.persistentVolumeClaims().inNamespace(namespace).list().getItems().size()
                + client.pods().inNamespace(namespace).list().getItems().size();
    }

    private static JsonNode canonical(KubernetesClient client, List<HasMetadata> objects) {
        String deploymentUid = objects.isEmpty() ? "" : objects.get(0).getMetadata().getUid();
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (HasMetadata object : objects) {
            JsonNode json = client.getKubernetesSerialization().convertValue(object, JsonNode.class);
            array.add(CanonicalJson.ofServerObject(json, deploymentUid));
        }
        return array;
    }
}
