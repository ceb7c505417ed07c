package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.StatusQuery;
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
        // Services and pods are separate watches: let the address arrive before the pod is ready, so that the
        // system is ready with its URL (a cloud usually assigns the address long before a notebook is up)
        awaitUrl(identifier);
        kubelet.ready(identifier);
    }

    private void awaitUrl(String identifier) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (backend.status(StatusQuery.identifier(identifier)).stream().allMatch(status -> status.url() == null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load balancer's address of " + identifier + " never reached the status");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    protected long leftovers(String identifier) {
        return Cluster.objectsOf(kubernetes.client(), namespace, identifier).size();
    }
}
