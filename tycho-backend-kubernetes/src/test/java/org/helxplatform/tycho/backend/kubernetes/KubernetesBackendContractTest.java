package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract, on the mock API server in CRUD mode; one namespace per test. A simulated kubelet makes
 * systems ready (pod status, a load balancer's address), since the mock server runs no pods.
 */
class KubernetesBackendContractTest extends AbstractBackendContractTest {

    private static MockKubernetes kubernetes;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private String namespace;

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
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
    protected void makeReady(String identifier) {
        SimulatedKubelet kubelet = new SimulatedKubelet(kubernetes.client(), namespace, true);
        kubelet.loadBalancer(identifier, "203.0.113.10");
        kubelet.ready(identifier);
    }

    @Override
    protected long leftovers(String identifier) {
        return Cluster.objectsOf(kubernetes.client(), namespace, identifier).size();
    }
}
