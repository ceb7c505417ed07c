package org.helxplatform.tycho.server.internal;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;

/**
 * The embedded Kubernetes API server the {@code kubernetes} backend uses when no cluster is configured: the only
 * place the server names the Kubernetes backend's classes, to hand the backend the embedded server's client. It
 * stores objects but runs no pods, and forgets everything when the server stops.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private final EmbeddedKubernetes kubernetes;

    private EmbeddedCluster(EmbeddedKubernetes kubernetes) {
        this.kubernetes = kubernetes;
    }

    /** @return a started API server on 127.0.0.1 and a free port */
    public static EmbeddedCluster start() {
        return new EmbeddedCluster(EmbeddedKubernetes.start());
    }

    /** @return the backend configuration that makes the {@code kubernetes} backend use this server */
    public BackendConfiguration backendConfiguration() {
        return BackendConfiguration.builder().with(KubernetesClient.class, kubernetes.client()).build();
    }

    /** @return where the server is */
    public String url() {
        return kubernetes.url();
    }

    /** Stops the server. */
    @Override
    public void close() {
        kubernetes.close();
    }
}
