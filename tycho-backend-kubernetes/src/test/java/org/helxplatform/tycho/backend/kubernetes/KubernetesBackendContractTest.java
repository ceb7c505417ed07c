package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The backend contract, on fabric8's mock API server in CRUD mode; one namespace per test. */
class KubernetesBackendContractTest extends AbstractBackendContractTest {

    private static EmbeddedKubernetes kubernetes;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private String namespace;

    @BeforeAll
    static void startServer() {
        kubernetes = EmbeddedKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @Override
    protected Backend createBackend() {
        namespace = "contract-" + NAMESPACES.incrementAndGet();
        return Backends.create("kubernetes", BackendConfiguration.builder()
                .setting("NAMESPACE", namespace)
                .with(KubernetesClient.class, kubernetes.client())
                .build());
    }

    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        kubernetes.failNext("POST", "/api/v1/namespaces/" + namespace + "/services", 422);
    }

    @Override
    protected long leftovers(String identifier) {
        return Cluster.objectsOf(kubernetes.client(), namespace, identifier).size();
    }
}
