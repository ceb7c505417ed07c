package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL a user opens and where each service is reached, for each way a system can be routed to. */
class UrlAndRoutingTest {

    private static MockKubernetes kubernetes;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @ParameterizedTest(name = "{0} templates")
    @ValueSource(strings = {"default", "original"})
    void behindAmbassadorTheUrlIsTheMappingPrefixOnTheHost(String templates) {
        String namespace = namespace();
        KubernetesClient client = kubernetes.client();
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata()
                .withName("ambassador").endMetadata().build()).create();
        BackendConfiguration.Builder configuration = configuration(namespace);
        if (templates.equals("original")) {
            configuration.templateDirectories(List.of(Path.of(System.getProperty("tycho.shared.dir"),
                    "conformance", "tycho-templates")));
        }
        try (Backend backend = Backends.create("kubernetes", configuration.build())) {
            TychoSystem system = Systems.webAndApi("bob.smith").toBuilder().connString("lab")
                    .options(withAmbassador()).build();
            String url = "https://apps.example.org/private/web/bob.smith/" + system.identifier() + "/lab";

            StartResult started = backend.start(system);

            assertThat(started.url()).isEqualTo(url);
            SystemStatus status = backend.status(StatusQuery.identifier(system.identifier())).get(0);
            assertThat(status.url()).isEqualTo(url);
            assertThat(status.ipAddress()).as("behind a proxy").isNull();
            assertThat(status.services().get("web").clusterAddress())
                    .isEqualTo("web-" + system.identifier() + "." + namespace + ".svc:8080");
            backend.delete(system.identifier());
        }
    }

    @Test
    void aLoadBalancerGivesItsAddressOnceAssignedAndANodePortItsNodeHost(@TempDir Path templates) throws Exception {
        String namespace = namespace();
        try (Backend backend = Backends.create("kubernetes", configuration(namespace).build())) {
            TychoSystem system = Systems.webAndApi("alice");
            StartResult started = backend.start(system);
            assertThat(started.url()).as("no address assigned yet").isNull();

            new SimulatedKubelet(kubernetes.client(), namespace, true).loadBalancer(system.identifier(),
                    "203.0.113.7");

            SystemStatus status = awaitStatus(backend, system, s -> s.services().values().stream()
                    .allMatch(endpoint -> endpoint.ipAddress() != null));
            assertThat(status.url()).isEqualTo("http://203.0.113.7:8080/");
            assertThat(status.ipAddress()).isEqualTo("203.0.113.7");
            assertThat(status.services().get("api")).isEqualTo(new ServiceEndpoint("port-1", 9000,
                    "api-" + system.identifier() + "." + namespace + ".svc:9000", "203.0.113.7", 9000, null));
            backend.delete(system.identifier());
        }
        Files.writeString(templates.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ service.name }}
                  labels:
                    executor: tycho
                    tycho-guid: {{ system.identifier }}
                spec:
                  type: NodePort
                  selector:
                    name: {{ system.name }}
                  ports:
                  - name: http
                    port: {{ service.port }}
                    nodePort: 3{{ service.port[:4] }}
                """);
        try (Backend backend = Backends.create("kubernetes", configuration(namespace)
                .setting("TYCHO_NODE_HOST", "nodes.example.org").templateDirectories(List.of(templates)).build())) {
            TychoSystem system = Systems.webAndApi("alice");
            StartResult started = backend.start(system);

            assertThat(started.url()).isEqualTo("http://nodes.example.org:38080/");
            assertThat(started.services().get("web").nodePort()).isEqualTo(38080);
            SystemStatus status = backend.status(StatusQuery.identifier(system.identifier())).get(0);
            assertThat(status.services().get("web").nodePort()).isEqualTo(38080);
            assertThat(status.port()).as("Python Tycho's port: the first service's (api) node port").isEqualTo(39000);
            backend.delete(system.identifier());
        }
    }

    @Test
    void withIngressRoutingAnIngressOwnedByTheDeploymentRoutesThePrivatePath() {
        String namespace = namespace();
        KubernetesClient client = kubernetes.client();
        try (Backend backend = Backends.create("kubernetes", configuration(namespace)
                .setting("TYCHO_ROUTING", "ingress").setting("TYCHO_INGRESS_CLASS", "nginx").build())) {
            TychoSystem system = Systems.webAndApi("alice");
            String path = "/private/web/alice/" + system.identifier();

            StartResult started = backend.start(system);

            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
            Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).withName(system.name()).get();
            assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
            assertThat(ingress.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid()));
            var rule = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
            assertThat(rule.getPath()).isEqualTo(path);
            assertThat(rule.getPathType()).isEqualTo("Prefix");
            assertThat(rule.getBackend().getService().getName()).isEqualTo("web-" + system.identifier());
            assertThat(rule.getBackend().getService().getPort().getNumber()).isEqualTo(8080);
            assertThat(client.services().inNamespace(namespace).withLabel("tycho-guid", system.identifier()).list()
                    .getItems()).allSatisfy(service -> {
                        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
                        assertThat(service.getMetadata().getAnnotations()).isNullOrEmpty();
                    });
            assertThat(env(deployment, "web")).containsEntry("NB_PREFIX", path);
            assertThat(started.url()).isEqualTo("https://apps.example.org" + path + "/");
            assertThat(backend.status(StatusQuery.identifier(system.identifier())).get(0).url())
                    .isEqualTo(started.url());

            backend.delete(system.identifier());

            assertThat(client.network().v1().ingresses().inNamespace(namespace).withName(system.name()).get())
                    .as("collected with its Deployment").isNull();
        }
    }

    @Test
    void withGatewayRoutingAnHttpRouteAttachesToTheGateway() {
        String namespace = namespace();
        KubernetesClient client = kubernetes.client();
        try (Backend backend = Backends.create("kubernetes", configuration(namespace)
                .setting("TYCHO_ROUTING", "gateway").setting("TYCHO_GATEWAY", "infra/public").build())) {
            TychoSystem system = Systems.webAndApi("alice");

            StartResult started = backend.start(system);

            HTTPRoute route = client.resources(HTTPRoute.class).inNamespace(namespace).withName(system.name()).get();
            assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
                assertThat(parent.getName()).isEqualTo("public");
                assertThat(parent.getNamespace()).isEqualTo("infra");
            });
            var match = route.getSpec().getRules().get(0).getMatches().get(0).getPath();
            assertThat(match.getType()).isEqualTo("PathPrefix");
            assertThat(match.getValue()).isEqualTo("/private/web/alice/" + system.identifier());
            assertThat(route.getSpec().getRules().get(0).getBackendRefs()).singleElement().satisfies(ref -> {
                assertThat(ref.getName()).isEqualTo("web-" + system.identifier());
                assertThat(ref.getPort()).isEqualTo(8080);
            });
            assertThat(started.url()).isEqualTo("https://apps.example.org/private/web/alice/" + system.identifier()
                    + "/");

            backend.delete(system.identifier());

            assertThat(client.resources(HTTPRoute.class).inNamespace(namespace).withName(system.name()).get())
                    .isNull();
        }
    }

    @Test
    void badSettingsNameTheSettingAndTheFix() {
        assertThatThrownBy(() -> Backends.create("kubernetes", configuration("x").setting("TYCHO_ROUTING", "nginx")
                .build())).isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("TYCHO_ROUTING"))
                .hasMessageContaining("TYCHO_ROUTING: 'nginx' is not a routing: use ingress, gateway");
        assertThatThrownBy(() -> Backends.create("kubernetes", configuration("x").setting("TYCHO_ROUTING", "gateway")
                .build())).isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("TYCHO_GATEWAY"))
                .hasMessageContaining("TYCHO_GATEWAY: '' is blank but TYCHO_ROUTING is gateway");
        assertThatThrownBy(() -> Backends.create("kubernetes", configuration("x")
                .setting("TYCHO_FATAL_REASONS", "ErrImagePull=twice").build()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_FATAL_REASONS: 'ErrImagePull=twice' is not Reason=count");
        assertThatThrownBy(() -> Backends.create("kubernetes", configuration("x")
                .setting("TYCHO_UNSCHEDULABLE_GRACE", "-5s").build()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_UNSCHEDULABLE_GRACE: '-5s' is not a duration");
    }

    private static String namespace() {
        return "url-" + NAMESPACES.incrementAndGet();
    }

    private static BackendConfiguration.Builder configuration(String namespace) {
        return BackendConfiguration.builder().setting("NAMESPACE", namespace)
                .with(KubernetesClient.class, kubernetes.client());
    }

    private static DeploymentOptions withAmbassador() {
        DeploymentOptions defaults = DeploymentOptions.DEFAULTS;
        return new DeploymentOptions("prod", "nvidia.com/gpu", defaults.initContainer(), defaults.storage(),
                DeploymentOptions.Irods.DISABLED, defaults.gitea(), new DeploymentOptions.Ambassador("ambassador", ""));
    }

    private static SystemStatus awaitStatus(Backend backend, TychoSystem system, Predicate<SystemStatus> condition)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        SystemStatus status = null;
        while (Instant.now().isBefore(deadline)) {
            status = backend.status(StatusQuery.identifier(system.identifier())).get(0);
            if (condition.test(status)) {
                return status;
            }
            Thread.sleep(10);
        }
        return status;
    }

    private static Map<String, String> env(Deployment deployment, String container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(container)).findFirst().orElseThrow().getEnv()
                .forEach((EnvVar variable) -> env.put(variable.getName(), variable.getValue()));
        return env;
    }
}
