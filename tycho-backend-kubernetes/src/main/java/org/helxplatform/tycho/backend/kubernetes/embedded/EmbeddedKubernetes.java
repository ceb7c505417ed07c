package org.helxplatform.tycho.backend.kubernetes.embedded;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API server to run Tycho without a cluster: fabric8's mock server in CRUD mode, on
 * {@code 127.0.0.1} and a free port. It stores objects and answers reads, lists, label selectors, patches and
 * deletes, but runs no controllers: no pod ever runs, no ReplicaSet is made, nothing is garbage-collected.
 *
 * <p>Needs {@code io.fabric8:kubernetes-server-mock} on the class path (an optional dependency of this module).
 * It also records requests and can fail chosen ones, for tests that count API calls or exercise error paths.
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

    /** Held so that the mock server's per-request log lines stay quiet (JUL loggers are weakly referenced). */
    private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestCount = new AtomicInteger();

    private record Failure(String method, String pathPrefix, int code, int nth, AtomicInteger seen) {
    }

    private EmbeddedKubernetes() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new Recording(crud), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(server.url("/"))
                .withNamespace("default")
                .withHttp2Disable(true)
                .withRequestRetryBackoffLimit(0)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /**
     * Starts a server.
     *
     * @return the running server
     */
    public static EmbeddedKubernetes start() {
        return new EmbeddedKubernetes();
    }

    /** @return a client for this server, namespace {@code default}; closed by {@link #close()} */
    public KubernetesClient client() {
        return client;
    }

    /** @return the server's URL */
    public String url() {
        return server.url("/");
    }

    /** @return how many requests the server has answered */
    public int requestCount() {
        return requestCount.get();
    }

    /** @return {@code METHOD path?query} of each request since the last {@link #clearRequests()} */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests (the count goes on). */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Makes the next request of a method whose path starts with a prefix fail with a status code, e.g.
     * {@code failNext("POST", "/api/v1/namespaces/default/services", 422)}.
     *
     * @param method     the HTTP method
     * @param pathPrefix the path prefix
     * @param code       the status code to answer with
     */
    public void failNext(String method, String pathPrefix, int code) {
        failNth(method, pathPrefix, 1, code);
    }

    /**
     * Makes the n-th request from now of a method whose path starts with a prefix fail with a status code.
     *
     * @param method     the HTTP method
     * @param pathPrefix the path prefix
     * @param nth        which matching request fails: 1 for the next one
     * @param code       the status code to answer with
     */
    public void failNth(String method, String pathPrefix, int nth, int code) {
        failures.add(new Failure(method, pathPrefix, code, nth, new AtomicInteger()));
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /** Records requests and injects failures around the CRUD dispatcher. */
    private final class Recording extends Dispatcher implements Resetable {
        private final KubernetesMixedDispatcher crud;

        Recording(KubernetesMixedDispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requestCount.incrementAndGet();
            requests.add(request.getMethod() + " " + request.getPath());
            for (Failure failure : failures) {
                if (failure.method().equals(request.getMethod()) && request.getPath().startsWith(failure.pathPrefix())
                        && failure.seen().incrementAndGet() == failure.nth()) {
                    failures.remove(failure);
                    Status status = new StatusBuilder().withStatus("Failure").withCode(failure.code())
                            .withMessage("injected failure of " + request.getMethod() + " " + request.getPath())
                            .build();
                    return new MockResponse().setResponseCode(failure.code()).setBody(Serialization.asJson(status));
                }
            }
            return crud.dispatch(request);
        }

        @Override
        public void shutdown() {
            crud.shutdown();
        }

        @Override
        public void releaseResources() {
            crud.releaseResources();
        }

        @Override
        public void reset() {
            crud.reset();
        }
    }
}
