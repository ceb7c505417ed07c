package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.internal.ClusterFacts;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.backend.kubernetes.internal.StartPlan;
import org.helxplatform.tycho.backend.kubernetes.internal.StartPlanner;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * Status of all with {@value #SYSTEMS} systems in the cache: answered from memory with 0 API requests, and the heap
 * each cached system costs (measured with JOL over what the cache keeps per system: its records, indexes and the
 * informers' reduced stores). The systems are real Tycho objects (a planned notebook's Deployment, Service and a
 * ready pod, renamed per system) that the mock server answers the informers' lists with.
 */
class StatusFromMemoryTest {

    private static final int SYSTEMS = 10_000;
    private static final String NAMESPACE = "many";
    private static final String USER = "userqzx";
    private static final long HEAP_BUDGET_BYTES = 10 * 1024;

    @Test
    void statusOfTenThousandSystemsIsAMemoryReadUnderTenKilobytesEach() {
        try (MockKubernetes kubernetes = MockKubernetes.start()) {
            KubernetesClient client = kubernetes.client();
            KubernetesSerialization json = client.getKubernetesSerialization();
            TychoSystem system = Systems.notebook(USER);
            StartPlan plan = new StartPlanner(new SystemRenderer(KubernetesBackendProvider.engine(
                    BackendConfiguration.builder().build())), json)
                    .plan(system, ClusterFacts.assumingClaimsExist(Set.of("home")));
            Deployment deployment = plan.deployment();
            deployment.getMetadata().setNamespace(NAMESPACE);
            deployment.getMetadata().setUid("uid-" + system.identifier());
            deployment.getMetadata().setResourceVersion("1");
            deployment.getMetadata().setCreationTimestamp("2025-01-02T03:04:05Z");
            deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
            Service service = plan.services().get(0).service();
            service.getMetadata().setNamespace(NAMESPACE);
            service.getMetadata().setResourceVersion("1");
            service.getMetadata().getOwnerReferences().get(0).setUid("uid-" + system.identifier());
            Pod pod = readyPod(deployment);

            kubernetes.answerLists("/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments",
                    list("apps/v1", "DeploymentList", json.asJson(deployment), system));
            kubernetes.answerLists("/api/v1/namespaces/" + NAMESPACE + "/services",
                    list("v1", "ServiceList", json.asJson(service), system));
            kubernetes.answerLists("/api/v1/namespaces/" + NAMESPACE + "/pods",
                    list("v1", "PodList", json.asJson(pod), system));

            try (KubernetesBackend backend = (KubernetesBackend) Backends.create("kubernetes",
                    BackendConfiguration.builder().setting("NAMESPACE", NAMESPACE)
                            .setting("TYCHO_CACHE_SYNC_TIMEOUT", "120s")
                            .with(KubernetesClient.class, client).build())) {
                long t0 = System.nanoTime();
                assertThat(backend.cache().awaitSynced(Duration.ofSeconds(120))).isTrue();
                long syncMillis = (System.nanoTime() - t0) / 1_000_000;
                kubernetes.clearRequests();

                List<SystemStatus> all = backend.status(StatusQuery.all());
                int calls = 200;
                long began = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    backend.status(StatusQuery.all());
                }
                double micros = (System.nanoTime() - began) / 1000.0 / calls;
                List<SystemStatus> user = backend.status(StatusQuery.user("u42"));
                int requests = kubernetes.timeline().size();
                long heap = GraphLayout.parseInstance(backend.cache().footprint()).totalSize();

                System.out.println("status of all: " + all.size() + " systems from memory, " + requests
                        + " API requests, " + String.format("%.0f", micros) + " µs per call (a busy machine's"
                        + " wall clock); heap per cached system " + heap / SYSTEMS + " bytes; first sync "
                        + syncMillis + " ms");
                assertThat(all).hasSize(SYSTEMS);
                assertThat(all).allSatisfy(status -> {
                    assertThat(status.ready()).isTrue();
                    assertThat(status.services()).containsKey("notebook");
                });
                assertThat(user).singleElement().satisfies(status -> assertThat(status.username()).isEqualTo("u42"));
                assertThat(requests).isZero();
                assertThat(heap / SYSTEMS).as("heap per cached system, bytes").isLessThan(HEAP_BUDGET_BYTES);
            }
        }
    }

    private static Pod readyPod(Deployment deployment) {
        return new PodBuilder()
                .withNewMetadata().withName(deployment.getMetadata().getName() + "-5d8f7c9b4-x2x9q")
                .withNamespace(NAMESPACE).withResourceVersion("1").withCreationTimestamp("2025-01-02T03:04:06Z")
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(deployment.getMetadata().getName() + "-5d8f7c9b4").withUid("rs").build())
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("notebook").withReady(true)
                        .withRestartCount(0).withNewState().withNewRunning().withStartedAt("2025-01-02T03:05:00Z")
                        .endRunning().endState().build())
                .endStatus()
                .build();
    }

    /** A list of one object per system: the object's JSON with the identifier and user name of each system. */
    private static String list(String apiVersion, String kind, String item, TychoSystem system) {
        Function<Integer, String> each = i -> item.replace(system.identifier(), String.format("%032x", i))
                .replace(USER, "u" + i);
        StringBuilder list = new StringBuilder("{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[");
        for (int i = 0; i < SYSTEMS; i++) {
            list.append(i == 0 ? "" : ",").append(each.apply(i));
        }
        return list.append("]}").toString();
    }
}
