package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/**
 * The latency of start, status, modify and delete on a real cluster: a notebook (Deployment, Service,
 * NetworkPolicy) with a claim and a port, behind Ambassador, started {@code -Dtycho.bench.starts} times (default 50)
 * after 5 starts to warm up, each followed by status of all, a modify of its CPUs and memory, and a delete. Prints
 * {@code real-cluster latency: start p50 … ms p90 … ms, delete p50 … ms, status p50 … ms, requests per start …;
 * modify p50 … ms}.
 * Runs when {@code KUBECONFIG} or {@code -Dtycho.it.kubeconfig=<file>} is set, skipped otherwise with a message:
 * {@code mvn -pl tycho-backend-kubernetes -am verify -Dit.test=RealClusterLatencyIT -Dtycho.it.kubeconfig=<file>}.
 */
class RealClusterLatencyIT {

    private static final int WARM_UP = 5;

    @Test
    void startStatusModifyAndDeleteLatency() {
        int starts = Integer.getInteger("tycho.bench.starts", 50);
        try (RealCluster cluster = RealCluster.connect("tycho-bench")) {
            KubernetesClient client = cluster.client();
            String namespace = cluster.namespace();
            client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata()
                    .withName("ambassador").endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec()
                    .build()).create();
            client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName("home").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                    .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                    .endSpec().build()).create();
            try (KubernetesBackend backend = (KubernetesBackend) Backends.create("kubernetes",
                    BackendConfiguration.builder().setting("NAMESPACE", namespace)
                            .setting("AMBASSADOR_SVC_NAME", "ambassador")
                            .with(KubernetesClient.class, client).build())) {
                assertThat(backend.cache().awaitSynced(Duration.ofSeconds(60))).isTrue();
                List<Double> start = new ArrayList<>();
                List<Double> status = new ArrayList<>();
                List<Double> modify = new ArrayList<>();
                List<Double> delete = new ArrayList<>();
                List<Integer> requests = new ArrayList<>();
                for (int i = 0; i < WARM_UP + starts; i++) {
                    TychoSystem system = behindAmbassador(Systems.notebook("user" + i));
                    int before = cluster.requests();
                    long t0 = System.nanoTime();
                    backend.start(system);
                    long t1 = System.nanoTime();
                    int sent = cluster.requests() - before;
                    backend.status(StatusQuery.all());
                    long t2 = System.nanoTime();
                    backend.modify(ModifyRequest.builder(system.identifier()).cpus(i % 2 == 0 ? "1" : "500m")
                            .memory("1G").build());
                    long t3 = System.nanoTime();
                    backend.delete(system.identifier());
                    long t4 = System.nanoTime();
                    if (i >= WARM_UP) {
                        start.add((t1 - t0) / 1e6);
                        status.add((t2 - t1) / 1e6);
                        modify.add((t3 - t2) / 1e6);
                        delete.add((t4 - t3) / 1e6);
                        requests.add(sent);
                    }
                }
                Collections.sort(requests);
                System.out.println(String.format(Locale.ROOT, "real-cluster latency: start p50 %.1f ms p90 %.1f ms,"
                        + " delete p50 %.1f ms, status p50 %.3f ms, requests per start %d; modify p50 %.1f ms (%d"
                        + " starts of a notebook behind Ambassador after %d to warm up)", percentile(start, 50),
                        percentile(start, 90), percentile(delete, 50), percentile(status, 50),
                        requests.get(requests.size() / 2), percentile(modify, 50), starts, WARM_UP));
                assertThat(requests.get(requests.size() / 2)).as("requests per start with a synced cache")
                        .isEqualTo(3);
            }
        }
    }

    private static TychoSystem behindAmbassador(TychoSystem system) {
        DeploymentOptions defaults = DeploymentOptions.DEFAULTS;
        return system.toBuilder().options(new DeploymentOptions("prod", "nvidia.com/gpu", defaults.initContainer(),
                defaults.storage(), DeploymentOptions.Irods.DISABLED, defaults.gitea(),
                new DeploymentOptions.Ambassador("ambassador", ""))).build();
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
