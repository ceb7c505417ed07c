package org.helxplatform.tycho.backend.kubernetes.embedded;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.kubernetes.internal.MockApiServer;

/**
 * An in-process Kubernetes API server to run Tycho without a cluster: fabric8's mock server in CRUD mode, on
 * {@code 127.0.0.1} and a free port. It stores objects and answers reads, lists, label selectors, watches, patches
 * and deletes. Of a cluster's controllers it runs only the garbage collector: deleting an object deletes the objects
 * it owns, at once. Nothing else runs: no ReplicaSet or pod is made for a Deployment, so no system becomes ready
 * unless something writes pod status the way a kubelet would.
 *
 * <p>Needs {@code io.fabric8:kubernetes-server-mock} on the class path (an optional dependency of this module, of
 * the fabric8 version Tycho uses); without it, {@link #start()} fails and says so.
 * <pre>{@code
 * try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start()) {
 *     Backend backend = Backends.create("kubernetes", BackendConfiguration.builder()
 *             .with(KubernetesClient.class, kubernetes.client()).build());
 *     ...
 * }
 * }</pre>
 * Always close it: the server's threads keep the JVM alive.
 */
public final class EmbeddedKubernetes implements AutoCloseable {

    /** The dependency {@link #start()} needs. */
    static final String DEPENDENCY = "io.fabric8:kubernetes-server-mock";

    private final MockApiServer server;

    private EmbeddedKubernetes(MockApiServer server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @return the running server
     * @throws BackendConfigurationException when {@code io.fabric8:kubernetes-server-mock} is not on the class path
     */
    public static EmbeddedKubernetes start() {
        return start(UnaryOperator.identity());
    }

    /**
     * Starts a server whose dispatcher is wrapped: the seam tests use to record or fail requests.
     *
     * @param decorator wraps the server's {@code io.fabric8.mockwebserver.http.Dispatcher}
     * @param <D>       the dispatcher type
     * @return the running server
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <D> EmbeddedKubernetes start(UnaryOperator<D> decorator) {
        Objects.requireNonNull(decorator, "decorator");
        try {
            return new EmbeddedKubernetes(MockApiServer.start((UnaryOperator) decorator));
        } catch (NoClassDefFoundError e) {
            throw new BackendConfigurationException("EmbeddedKubernetes needs " + DEPENDENCY + " on the class path ("
                    + e.getMessage() + " is missing); add it to your build with the fabric8 version Tycho uses, e.g."
                    + " <dependency><groupId>io.fabric8</groupId><artifactId>kubernetes-server-mock</artifactId>"
                    + "</dependency> with the version of io.fabric8:kubernetes-client", e);
        }
    }

    /** @return a client for this server, namespace {@code default}; closed by {@link #close()} */
    public KubernetesClient client() {
        return server.client();
    }

    /** @return the server's URL */
    public String url() {
        return server.url();
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        server.close();
    }
}
