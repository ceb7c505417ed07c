package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.LaunchFailedException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract and the launch lifecycle against a real API server, in a fresh namespace that is deleted
 * afterwards. Runs when {@code KUBECONFIG} or {@code -Dtycho.it.kubeconfig=<file>} is set; skipped otherwise, with a
 * message. The cluster needs a controller manager (Deployments get ReplicaSets and pods) but no kubelet: pods stay
 * {@code Pending}, and a simulated kubelet writes their status and Events as on the mock server. On top of the
 * contract it shows what only a real server does: it validates objects (a start it refuses is rolled back and the
 * orchestrator's status code reaches the caller), its garbage collector removes what a deleted Deployment owned,
 * and its watches report changes made by others. In a second namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted}, Pod Security Admission admits a system started with the
 * hardened profile ({@code TYCHO_APP_HARDENED}) and refuses the same system without it. The identity in the
 * kubeconfig needs the Role of the module README in the test namespaces (with the Secret verbs of
 * {@code TYCHO_APP_TOKENS_IN_SECRET}), and the right to create and delete namespaces.
 */
class KubernetesClusterIT extends AbstractBackendContractTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static RealCluster cluster;
    /** A namespace that enforces Pod Security restricted, for the hardened profile. */
    private static String restricted;

    @BeforeAll
    static void connect() {
        cluster = RealCluster.connect("tycho-it");
        restricted = cluster.namespace() + "-restricted";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(restricted)
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/enforce-version", "latest"))
                .endMetadata().build()).create();
    }

    @AfterAll
    static void deleteNamespace() {
        if (cluster != null) {
            cluster.client().namespaces().withName(restricted).delete();
            cluster.close();
        }
    }

    @Override
    protected Backend createBackend() {
        return Backends.create("kubernetes", configuration().build());
    }

    private static BackendConfiguration.Builder configuration() {
        return BackendConfiguration.builder()
                .setting("NAMESPACE", cluster.namespace())
                .with(KubernetesClient.class, cluster.client());
    }

    /** A real failure: a Service with the name of the system's service already exists, so its create fails (409). */
    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        String name = system.services().keySet().iterator().next() + "-" + system.identifier();
        cluster.client().services().inNamespace(cluster.namespace()).resource(new ServiceBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build())
                .create();
    }

    @Override
    protected void makeReady(String identifier) {
        SimulatedKubelet kubelet = kubelet();
        kubelet.loadBalancer(identifier, "203.0.113.10");
        kubelet.ready(identifier);
    }

    /** The garbage collector works in the background: wait for it. */
    @Override
    protected long leftovers(String identifier) {
        Instant deadline = Instant.now().plus(PATIENCE);
        long left = Cluster.objectsOf(cluster.client(), cluster.namespace(), identifier).size();
        while (left > 0 && Instant.now().isBefore(deadline)) {
            sleep(200);
            left = Cluster.objectsOf(cluster.client(), cluster.namespace(), identifier).size();
        }
        return left;
    }

    @Test
    void readyImagePullFailureUnschedulableAndCrashLoopOnARealApiServer() throws Exception {
        Map<String, BiConsumer<SimulatedKubelet, String>> scenarios = new java.util.LinkedHashMap<>();
        scenarios.put("READY ContainersReady", SimulatedKubelet::ready);
        scenarios.put("FAILED ErrImagePull", (kubelet, id) -> {
            kubelet.waiting(id, "ErrImagePull", "rpc error: code = NotFound desc = nginx:9.99 not found");
            kubelet.waiting(id, "ImagePullBackOff", "Back-off pulling image \"nginx:9.99\"");
            kubelet.waiting(id, "ErrImagePull", "rpc error: code = NotFound desc = nginx:9.99 not found");
        });
        scenarios.put("PENDING Unschedulable", (kubelet, id) -> kubelet.unschedulable(id,
                "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."));
        scenarios.put("FAILED CrashLoopBackOff", (kubelet, id) -> kubelet.crashing(id, 2, "Error", 1));
        int right = 0;
        try (Backend backend = createBackend()) {
            for (Map.Entry<String, BiConsumer<SimulatedKubelet, String>> scenario : scenarios.entrySet()) {
                TychoSystem system = Systems.webAndApi("alice");
                backend.start(system);
                scenario.getValue().accept(kubelet(), system.identifier());
                SystemState state = await(backend, system.identifier(), scenario.getKey());
                if ((state.phase() + " " + state.reason()).equals(scenario.getKey())) {
                    right++;
                } else {
                    System.out.println("  wrong: expected " + scenario.getKey() + ", was " + state);
                }
                backend.delete(system.identifier());
            }
        }
        System.out.println("lifecycle on a real API server: " + scenarios.size() + " scenarios, " + right
                + " reached the expected phase and reason, " + (scenarios.size() - right) + " wrong");
        assertThat(right).isEqualTo(scenarios.size());
    }

    @Test
    void theServerValidatesWhatTheMockAcceptsAndARefusedStartIsRolledBack(@TempDir Path templates) throws Exception {
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
                  - port: {{ service.port }}
                    nodePort: 99999
                """);
        try (Backend backend = Backends.create("kubernetes", configuration().templateDirectories(List.of(templates))
                .build())) {
            TychoSystem system = Systems.webAndApi("alice");

            assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                    .hasMessageContaining("nodePort")
                    .satisfies(e -> assertThat(((StartException) e).status()).hasValue(422));
            assertThat(leftovers(system.identifier())).isZero();
        }
    }

    @Test
    void theGarbageCollectorRemovesWhatTheDeploymentOwnedAndWatchesSeeChangesByOthers() throws Exception {
        try (Backend backend = createBackend()) {
            TychoSystem system = Systems.webAndApi("alice");
            backend.start(system);
            String pod = kubelet().pod(system.identifier());
            assertThat(pod).as("a pod made by the ReplicaSet controller").startsWith(system.name() + "-");

            cluster.client().apps().deployments().inNamespace(cluster.namespace()).withName(system.name())
                    .scale(0);
            SystemState scaled = await(backend, system.identifier(), "PENDING ScaledToZero");
            assertThat(scaled.reason()).as("seen through the watch, not asked").isEqualTo("ScaledToZero");

            var waiter = backend.awaitReady(system.identifier(), PATIENCE);
            backend.delete(system.identifier());
            assertThatThrownBy(() -> waiter.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).cause()
                    .isInstanceOf(LaunchFailedException.class);
            assertThat(leftovers(system.identifier())).as("ReplicaSets, pods and Services, collected").isZero();
        }
    }

    private SimulatedKubelet kubelet() {
        return new SimulatedKubelet(cluster.client(), cluster.namespace(), false);
    }

    private static SystemState await(Backend backend, String identifier, String phaseAndReason) {
        Instant deadline = Instant.now().plus(PATIENCE);
        SystemState last = null;
        while (Instant.now().isBefore(deadline)) {
            List<SystemStatus> status = backend.status(StatusQuery.identifier(identifier));
            if (!status.isEmpty()) {
                last = status.get(0).state();
                if ((last.phase() + " " + last.reason()).equals(phaseAndReason)) {
                    return last;
                }
            }
            sleep(50);
        }
        return last == null ? SystemState.of(SystemPhase.PENDING, "Unknown", "") : last;
    }

    @Test
    void aHardenedSystemIsAdmittedInARestrictedNamespace() throws InterruptedException {
        try (Backend backend = restrictedBackend()) {
            TychoSystem system = restrictedSystem(true);
            backend.start(system);
            // Pod Security Admission judges a dry-run create too: this is the pod the ReplicaSet will make
            Pod admitted = cluster.client().pods().inNamespace(restricted).resource(podOf(system)).dryRun().create();
            assertThat(admitted.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            boolean created = false;
            for (int i = 0; i < 90 && !created; i++) {
                created = !cluster.client().pods().inNamespace(restricted).withLabel("tycho-guid",
                        system.identifier()).list().getItems().isEmpty();
                TimeUnit.SECONDS.sleep(1);
            }
            assertThat(created).as("the ReplicaSet's pod was admitted within 90 seconds").isTrue();
            backend.delete(system.identifier());
        }
    }

    @Test
    void theSameSystemWithoutTheProfileIsRefusedThere() {
        try (Backend backend = restrictedBackend()) {
            TychoSystem system = restrictedSystem(false);
            backend.start(system);
            assertThatThrownBy(() -> cluster.client().pods().inNamespace(restricted).resource(podOf(system))
                    .dryRun().create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("PodSecurity");
            backend.delete(system.identifier());
        }
    }

    private static Backend restrictedBackend() {
        return Backends.create("kubernetes", BackendConfiguration.builder().setting("NAMESPACE", restricted)
                .with(KubernetesClient.class, cluster.client()).build());
    }

    private static TychoSystem restrictedSystem(boolean hardened) {
        TychoSystem system = Systems.webAndApi("alice").withPrincipal(new Principal("alice", "token-of-alice",
                null));
        return system.toBuilder()
                .securityContext(new SecurityContext("1000", "1000", "1000"))
                .options(system.options().withSecurity(new DeploymentOptions.Security(hardened, true, false)))
                .build();
    }

    private static Pod podOf(TychoSystem system) {
        Deployment deployment = cluster.client().apps().deployments().inNamespace(restricted)
                .withName(system.name()).get();
        return new PodBuilder()
                .withMetadata(deployment.getSpec().getTemplate().getMetadata())
                .editMetadata().withName(system.name() + "-dry-run").endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
