package org.helxplatform.tycho.backend.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real cluster for the *IT tests: the one of {@code -Dtycho.it.kubeconfig=<file>} or {@code KUBECONFIG}, with a
 * fresh namespace deleted afterwards, and a client that counts the requests it sends (watches apart). Without a
 * kubeconfig, {@link #connect()} skips the calling test class with a message.
 */
final class RealCluster implements AutoCloseable {

    private final KubernetesClient client;
    private final String namespace;
    private final AtomicInteger requests = new AtomicInteger();

    private RealCluster(String prefix) {
        String file = System.getProperty("tycho.it.kubeconfig", "");
        String environment = System.getenv("KUBECONFIG");
        if (file.isBlank() && (environment == null || environment.isBlank())) {
            String why = "no cluster; set KUBECONFIG or -Dtycho.it.kubeconfig=<file> to run them against one";
            System.out.println("cluster ITs skipped (" + prefix + "): " + why);
            assumeTrue(false, "skipped: " + why);
        }
        KubernetesClientBuilder builder = file.isBlank() ? new KubernetesClientBuilder()
                : new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(file)));
        client = builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("tycho-it-count",
                new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        String query = sent.uri().getRawQuery();
                        if (query == null || !query.contains("watch=true")) {
                            requests.incrementAndGet();
                        }
                    }
                })).build();
        namespace = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
    }

    /**
     * Connects, or skips the test when no cluster is given.
     *
     * @param prefix the namespace's prefix
     * @return the cluster
     */
    static RealCluster connect(String prefix) {
        return new RealCluster(prefix);
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    /** @return the requests this client has sent, watches apart */
    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        client.namespaces().withName(namespace).delete();
        client.close();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read -Dtycho.it.kubeconfig=" + file, e);
        }
    }
}
