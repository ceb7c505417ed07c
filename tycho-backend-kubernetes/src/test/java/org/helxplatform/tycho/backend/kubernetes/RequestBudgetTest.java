package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/**
 * The API requests of each operation, counted on the mock server, and the round trips on their critical path: every
 * answer is delayed by {@value #LATENCY_MILLIS} ms (long enough that a busy machine does not blur it), so requests
 * sent together overlap and requests that wait for another do not ({@link MockKubernetes#roundTrips}). With a synced cache, a start of a notebook (Deployment,
 * Service, NetworkPolicy) is 3 requests in 2 round trips whatever the namespace holds; a delete is 3 requests in 1
 * round trip; status is 0 requests.
 */
class RequestBudgetTest {

    private static final long LATENCY_MILLIS = 500;
    private static final int SECRETS = 500;
    private static final int CLAIMS = 500;
    private static final int SYSTEMS = 100;

    /** The requests and round trips of one operation. */
    private record Cost(List<MockKubernetes.Request> requests, int roundTrips) {
        int count() {
            return requests.size();
        }
    }

    @Test
    void startIsThreeRequestsInTwoRoundTripsDeleteIsOneRoundTripStatusIsNone() {
        try (MockKubernetes kubernetes = MockKubernetes.start()) {
            KubernetesClient client = kubernetes.client();
            String namespace = "budget";
            claim(client, namespace, "home");
            try (KubernetesBackend backend = (KubernetesBackend) Backends.create("kubernetes",
                    BackendConfiguration.builder().setting("NAMESPACE", namespace)
                            .with(KubernetesClient.class, client).build())) {
                assertThat(backend.cache().awaitSynced(Duration.ofSeconds(30))).isTrue();
                // The first start of an app starts the watch of its Secret <app>-env; measure the next ones.
                warmUp(backend);

                Cost small = start(kubernetes, backend, Systems.notebook("alice"));

                for (int i = 0; i < SECRETS; i++) {
                    client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                            .withName("secret-" + i).endMetadata().withStringData(Map.of("k", "v")).build()).create();
                }
                for (int i = 0; i < CLAIMS; i++) {
                    claim(client, namespace, "claim-" + i);
                }
                IntStream.range(0, SYSTEMS).forEach(i -> backend.start(Systems.notebook("user" + i)));
                Cost large = start(kubernetes, backend, Systems.notebook("bob"));

                TychoSystem doomed = Systems.notebook("carol");
                backend.start(doomed);
                kubernetes.latency(Duration.ofMillis(LATENCY_MILLIS));
                kubernetes.clearRequests();
                backend.delete(doomed.identifier());
                Cost delete = cost(kubernetes);

                kubernetes.latency(Duration.ZERO);
                kubernetes.clearRequests();
                int all = backend.status(StatusQuery.all()).size();
                backend.status(StatusQuery.user("bob"));
                backend.status(StatusQuery.identifier(doomed.identifier()));
                Cost status = cost(kubernetes);

                System.out.println("requests per operation: start " + small.count() + " in " + small.roundTrips()
                        + " round trips (" + large.count() + " in " + large.roundTrips() + " next to " + SECRETS
                        + " Secrets, " + CLAIMS + " claims and " + SYSTEMS + " systems), delete " + delete.count()
                        + " in " + delete.roundTrips() + " round trip, status of all (" + all + " systems), of a user"
                        + " and of a system " + status.count());
                assertThat(small.requests()).as("POST Deployment, then POST Service and NetworkPolicy together")
                        .extracting(MockKubernetes.Request::method).containsOnly("POST");
                assertThat(small.count()).isEqualTo(3);
                assertThat(small.roundTrips()).isEqualTo(2);
                assertThat(large.count()).isEqualTo(small.count());
                assertThat(large.roundTrips()).isEqualTo(2);
                assertThat(delete.requests()).as("Deployment, NetworkPolicies, claims: no list, no pods")
                        .extracting(MockKubernetes.Request::method).containsOnly("DELETE");
                assertThat(delete.count()).isEqualTo(3);
                assertThat(delete.roundTrips()).isEqualTo(1);
                assertThat(status.count()).isZero();
                assertThat(all).isEqualTo(SYSTEMS + 2);
            }
        }
    }

    private static void warmUp(KubernetesBackend backend) {
        TychoSystem first = Systems.notebook("warm");
        backend.start(first);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (backend.cache().envSecret("notebook").isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        backend.delete(first.identifier());
    }

    private static Cost start(MockKubernetes kubernetes, KubernetesBackend backend, TychoSystem system) {
        kubernetes.latency(Duration.ofMillis(LATENCY_MILLIS));
        kubernetes.clearRequests();
        backend.start(system);
        Cost cost = cost(kubernetes);
        kubernetes.latency(Duration.ZERO);
        return cost;
    }

    /** The requests since the last clear, without the watches informers keep open. */
    private static Cost cost(MockKubernetes kubernetes) {
        List<MockKubernetes.Request> requests = kubernetes.timeline().stream().filter(r -> !r.isWatch()).toList();
        return new Cost(requests, MockKubernetes.roundTrips(requests));
    }

    private static void claim(KubernetesClient client, String namespace, String name) {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).endMetadata().build()).create();
    }
}
