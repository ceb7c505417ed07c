package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * D3: a failure injected at each create call of a start leaves no object with the identifier behind, and the
 * error carries the API server's status code ({@code BackendException.status()}). The
 * Deployment is created alone; the NetworkPolicy and the Services are created together after it, so a failure of
 * one of them still lets the others be made, and all are removed.
 */
class StartRollbackTest {

    private static MockKubernetes kubernetes;
    private static Backend backend;

    @BeforeAll
    static void start() {
        kubernetes = MockKubernetes.start();
        backend = Backends.create("kubernetes", BackendConfiguration.builder().setting("NAMESPACE", "rollback")
                .with(KubernetesClient.class, kubernetes.client()).build());
    }

    @AfterAll
    static void stop() {
        backend.close();
        kubernetes.close();
    }

    @ParameterizedTest(name = "{0} creates attempted when POST #{2} of {1} fails with {3}")
    @CsvSource({
            "1, /apis/apps/v1/namespaces/rollback/deployments, 1, 403",
            "1, /apis/apps/v1/namespaces/rollback/deployments, 1, 422",
            "4, /apis/networking.k8s.io/v1/namespaces/rollback/networkpolicies, 1, 422",
            "4, /api/v1/namespaces/rollback/services, 1, 403",
            "4, /api/v1/namespaces/rollback/services, 2, 422"})
    void failureAtEachCreateLeavesNothing(int create, String path, int nth, int code) {
        TychoSystem system = Systems.webAndApi("alice");
        kubernetes.failNth("POST", path, nth, code);
        kubernetes.clearRequests();

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("cannot start app web for alice")
                .hasMessageContaining("removed the")
                .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(system.identifier()))
                .satisfies(e -> assertThat(((StartException) e).status()).as("the API server's status code")
                        .hasValue(code));

        List<String> creates = kubernetes.requests().stream().filter(r -> r.startsWith("POST")).toList();
        assertThat(creates).as("creates attempted").hasSize(create);
        assertThat(Cluster.objectsOf(kubernetes.client(), "rollback", system.identifier()))
                .as("objects left after a failure of " + path).isEmpty();
    }
}
