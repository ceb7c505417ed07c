package org.helxplatform.tycho.backend.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.http.ByteString;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode, with the one controller Tycho's delete relies on: a garbage collector.
 * Deleting an object deletes, in the same request, every object whose {@code ownerReferences} name its uid, and
 * theirs in turn, as a real cluster's garbage collector does shortly after a delete with background propagation.
 * Nothing else runs: no ReplicaSet or pod is made for a Deployment, no status is written.
 *
 * <p>Behind {@code EmbeddedKubernetes}; it needs {@code io.fabric8:kubernetes-server-mock} on the class path.
 */
public final class MockApiServer implements AutoCloseable {

    /** Held so that the mock server's per-request log lines stay quiet (JUL loggers are weakly referenced). */
    private static final Logger MOCK_LOG = Logger.getLogger(MockWebServer.class.getName());

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(UnaryOperator<Dispatcher> decorator) {
        Collecting crud = new Collecting();
        Dispatcher dispatcher = Objects.requireNonNull(decorator.apply(crud), "decorated dispatcher");
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(),
                new HashMap<>(), dispatcher, false);
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
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @param decorator wraps the server's dispatcher (e.g. to record or fail requests); identity for none
     * @return the running server
     */
    public static MockApiServer start(UnaryOperator<Dispatcher> decorator) {
        return new MockApiServer(decorator);
    }

    /** @return a client for this server, namespace {@code default}; closed by {@link #close()} */
    public KubernetesClient client() {
        return client;
    }

    /** @return the server's URL */
    public String url() {
        return server.url("/");
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /** Threads on which closed watches are cleaned up. */
    private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tycho-embedded-watch-close");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * A watch's listener whose clean-up runs off the server's event loop: the mock server's listener waits there
     * for its own sender threads, which may wait for the event loop to send, and the server would stand still. It is
     * first taken out of the set of open watches, on the loop, so that no later change is sent to it while it closes.
     */
    private static final class ClosingElsewhere extends WebSocketListener {
        private final WebSocketListener listener;
        private final Set<?> watchers;

        private ClosingElsewhere(WebSocketListener listener, Set<?> watchers) {
            this.listener = listener;
            this.watchers = watchers;
        }

        @Override
        public void onBeforeAccept(WebSocket webSocket, Response response) {
            listener.onBeforeAccept(webSocket, response);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            listener.onOpen(webSocket, response);
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            listener.onMessage(webSocket, text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            listener.onMessage(webSocket, bytes);
        }

        @Override
        public void onMessage(WebSocket webSocket, byte[] bytes) {
            listener.onMessage(webSocket, bytes);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            listener.onClosing(webSocket, code, reason);
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            watchers.remove(listener);
            CLOSERS.execute(() -> listener.onClosed(webSocket, code, reason));
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
            watchers.remove(listener);
            CLOSERS.execute(() -> listener.onFailure(webSocket, failure, response));
        }
    }

    /** The CRUD dispatcher, collecting the objects a delete leaves without their owner. */
    private static final class Collecting extends Dispatcher implements Resetable {
        /** Where dependents are looked for: the kinds a Tycho system's objects own. */
        private static final List<String> DEPENDENT_KINDS = List.of("/apis/apps/v1/replicasets", "/api/v1/pods",
                "/api/v1/services", "/apis/networking.k8s.io/v1/ingresses",
                "/apis/gateway.networking.k8s.io/v1/httproutes", "/apis/networking.k8s.io/v1/networkpolicies",
                "/api/v1/configmaps", "/api/v1/secrets", "/api/v1/persistentvolumeclaims",
                "/apis/apps/v1/deployments");
        private static final Pattern NAMESPACE = Pattern.compile("/namespaces/([^/?]+)/");

        private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        private final Set<?> watchers = watchers(crud);

        /**
         * The mock server's set of open watches, to take a closing watch out of it at once; {@code null} when this
         * fabric8 version keeps it elsewhere (watches are then closed the mock server's own way).
         */
        private static Set<?> watchers(KubernetesCrudDispatcher crud) {
            try {
                Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
                field.setAccessible(true);
                return field.get(crud) instanceof Set<?> set ? set : null;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            MockResponse response = crud.dispatch(request);
            if (response.getWebSocketListener() != null && watchers != null) {
                response.withWebSocketUpgrade(new ClosingElsewhere(response.getWebSocketListener(), watchers));
            }
            if ("DELETE".equals(request.getMethod()) && response.code() == 200 && response.getBody() != null) {
                Matcher namespace = NAMESPACE.matcher(request.getPath());
                Set<String> uids = uids(text(response));
                if (namespace.find() && !uids.isEmpty()) {
                    collect(namespace.group(1), uids);
                }
            }
            return response;
        }

        /** Deletes the dependents of deleted objects in a namespace, and theirs, through the dispatcher's locks. */
        private void collect(String namespace, Set<String> deleted) {
            Set<String> owners = new LinkedHashSet<>(deleted);
            while (!owners.isEmpty()) {
                Set<String> next = new LinkedHashSet<>();
                for (String kind : DEPENDENT_KINDS) {
                    String collection = kind.replaceFirst("/([^/]+)$", "/namespaces/" + namespace + "/$1");
                    MockResponse list = crud.handleGet(collection);
                    if (list.code() != 200 || list.getBody() == null) {
                        continue;
                    }
                    JsonNode items = Serialization.unmarshal(text(list), JsonNode.class).path("items");
                    for (JsonNode item : items) {
                        if (ownedByAny(item, owners)) {
                            MockResponse gone = crud.handleDelete(collection + "/"
                                    + item.path("metadata").path("name").asText());
                            if (gone.code() == 200 && gone.getBody() != null) {
                                next.addAll(uids(text(gone)));
                            }
                        }
                    }
                }
                owners = next;
            }
        }

        /** The body of a response, leaving it to be sent. */
        private static String text(MockResponse response) {
            return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
        }

        private static boolean ownedByAny(JsonNode object, Set<String> uids) {
            for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
                if (uids.contains(owner.path("uid").asText())) {
                    return true;
                }
            }
            return false;
        }

        private static Set<String> uids(String body) {
            Set<String> uids = new LinkedHashSet<>();
            try {
                JsonNode node = Serialization.unmarshal(body, JsonNode.class);
                if (node.has("items")) {
                    node.get("items").forEach(item -> add(uids, item));
                } else if (!"Status".equals(node.path("kind").asText())) {
                    add(uids, node);
                }
            } catch (RuntimeException notAnObject) {
                // An empty body: nothing was deleted.
            }
            return uids;
        }

        private static void add(Set<String> uids, JsonNode object) {
            String uid = object.path("metadata").path("uid").asText("");
            if (!uid.isEmpty()) {
                uids.add(uid);
            }
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
