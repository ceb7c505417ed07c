package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.junit.jupiter.api.Test;

/**
 * D5: a start reads cluster facts by name, so its API requests do not grow with what the namespace already holds.
 * Counts the requests of one start next to 1 existing system and next to 200 (with 200 Secrets and 200 claims).
 */
class StartRequestCountTest {

    @Test
    void requestsOfAStartDoNotGrowWithTheNamespace() {
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start()) {
            int small = requestsOfOneStart(kubernetes, "small", 1);
            int large = requestsOfOneStart(kubernetes, "large", 200);

            System.out.println("API requests of one start: " + small + " next to 1 existing system, " + large
                    + " next to 200 existing systems (+200 Secrets, +200 claims)");
            assertThat(large).isEqualTo(small);
            assertThat(small).as("GET claim 'data' (stdnfs is not looked up), GET Secret web-env, POST Deployment,"
                    + " POST NetworkPolicy, POST 2 Services").isEqualTo(6);
        }
    }

    private static int requestsOfOneStart(EmbeddedKubernetes kubernetes, String namespace, int existing) {
        KubernetesClient client = kubernetes.client();
        try (Backend backend = Backends.create("kubernetes", BackendConfiguration.builder()
                .setting("NAMESPACE", namespace)
                .with(KubernetesClient.class, client).build())) {
            for (int i = 0; i < existing; i++) {
                backend.start(Systems.webAndApi("user" + i));
                client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata()
                        .withName("secret-" + i).endMetadata().withStringData(Map.of("k", "v")).build()).create();
                client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata().withName("claim-" + i).endMetadata().build()).create();
            }
            var system = Systems.webAndApi("alice");
            int before = kubernetes.requestCount();
            backend.start(system);
            return kubernetes.requestCount() - before;
        }
    }
}
