package org.helxplatform.tycho.examples;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.model.TychoException;

/**
 * The Kubernetes API server the examples talk to: the cluster of a kubeconfig file, or, when none is given, an
 * {@link EmbeddedKubernetes} started in this process.
 *
 * <p>The embedded server is fabric8's mock API server: it stores the objects Tycho creates and answers reads,
 * label queries, patches and deletes, but runs no controllers, so <em>no pod actually runs</em>, and everything is
 * forgotten when the program exits. It needs no cluster, which makes it the examples' default; a kubeconfig is
 * used only when it is named explicitly ({@code --kubeconfig} or {@code KUBECONFIG}), so the examples never deploy
 * to a cluster by accident.
 *
 * <p>Close the connection when done: it closes what it opened (the client, the embedded server). An embedded server
 * is also stopped by a shutdown hook, because its threads would otherwise keep the JVM alive.
 */
public final class ClusterConnection implements AutoCloseable {

    /** The environment variable naming the kubeconfig file(s), as for kubectl. */
    public static final String KUBECONFIG = "KUBECONFIG";

    /** What to tell users about the embedded server, in one sentence. */
    public static final String EMBEDDED_NOTICE = "no kubeconfig given (--kubeconfig or KUBECONFIG): using an"
            + " in-process Kubernetes API server that stores objects but runs no pods, and forgets everything when"
            + " the program exits";

    private final KubernetesClient client;
    private final String description;
    private final boolean embedded;
    private final AutoCloseable owned;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterConnection(KubernetesClient client, String description, boolean embedded, AutoCloseable owned,
                              Thread shutdownHook) {
        this.client = client;
        this.description = description;
        this.embedded = embedded;
        this.owned = owned;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Connects to the cluster of a kubeconfig file, or starts an embedded API server when there is none.
     *
     * @param environment the process environment, whose {@value #KUBECONFIG} is used when {@code kubeconfig} is
     *                    {@code null}; the first file of a list is used
     * @param kubeconfig  a kubeconfig file given explicitly (a command line option), or {@code null}
     * @return the connection
     * @throws TychoException when the kubeconfig file does not exist or cannot be read
     */
    public static ClusterConnection open(Map<String, String> environment, Path kubeconfig) {
        if (kubeconfig != null) {
            return cluster(kubeconfig, "--kubeconfig");
        }
        String fromEnvironment = environment.getOrDefault(KUBECONFIG, "").split(File.pathSeparator, 2)[0];
        return fromEnvironment.isBlank() ? startEmbedded() : cluster(Path.of(fromEnvironment), KUBECONFIG);
    }

    /**
     * Starts an embedded API server, stopped by {@link #close()} or, at the latest, when the JVM exits.
     *
     * @return the connection, owning the server
     */
    public static ClusterConnection startEmbedded() {
        EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
        Thread hook = new Thread(kubernetes::close, "tycho-embedded-kubernetes-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new ClusterConnection(kubernetes.client(), "embedded Kubernetes API server at " + kubernetes.url(),
                true, kubernetes, hook);
    }

    /**
     * Uses an embedded API server someone else started and will close, e.g. one shared by the tests of a class.
     *
     * @param kubernetes the server
     * @return the connection; closing it leaves the server running
     */
    public static ClusterConnection shared(EmbeddedKubernetes kubernetes) {
        return new ClusterConnection(kubernetes.client(), "embedded Kubernetes API server at " + kubernetes.url(),
                true, null, null);
    }

    private static ClusterConnection cluster(Path kubeconfig, String origin) {
        if (!Files.isRegularFile(kubeconfig)) {
            throw new TychoException("kubeconfig " + kubeconfig + " (from " + origin + ") does not exist or is not a"
                    + " file; name an existing kubeconfig, or leave " + origin + " unset to use an embedded API"
                    + " server");
        }
        try {
            Config config = Config.fromKubeconfig(kubeconfig.toFile());
            KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
            return new ClusterConnection(client, "cluster " + config.getMasterUrl() + " (kubeconfig " + kubeconfig
                    + (config.getCurrentContext() == null ? "" : ", context " + config.getCurrentContext().getName())
                    + ")", false, client, null);
        } catch (KubernetesClientException e) {
            throw new TychoException("cannot use kubeconfig " + kubeconfig + " (from " + origin + "): "
                    + e.getMessage(), e);
        }
    }

    /** @return the client; closed by {@link #close()} when this connection created it */
    public KubernetesClient client() {
        return client;
    }

    /** @return whether this is an embedded API server, where no pod runs */
    public boolean isEmbedded() {
        return embedded;
    }

    /** @return where the API server is, for people */
    public String description() {
        return description;
    }

    /**
     * The backend configuration that makes the {@code kubernetes} backend use this connection's client; add
     * settings with {@code toBuilder()}, or let a {@code TychoContext} add its own.
     *
     * @return the configuration
     */
    public BackendConfiguration backendConfiguration() {
        return BackendConfiguration.builder().with(KubernetesClient.class, client).build();
    }

    /** Closes the client and stops the embedded server, when this connection opened them. Idempotent. */
    @Override
    public void close() {
        if (owned == null || !closed.compareAndSet(false, true)) {
            return;
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to run; it closes the server.
                return;
            }
        }
        try {
            owned.close();
        } catch (Exception e) {
            throw new TychoException("cannot close the " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
