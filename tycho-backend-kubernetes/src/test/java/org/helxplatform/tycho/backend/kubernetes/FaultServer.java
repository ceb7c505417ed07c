package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * fabric8's mock API server in CRUD mode behind a fault injector, for tests only: it records the requests an
 * operation makes, and fails one chosen request in one of five ways:
 * <ul>
 *   <li>{@link Kind#STATUS_422}, {@link Kind#STATUS_500}: an error status, the request not applied;</li>
 *   <li>{@link Kind#RESET}: the connection is reset (TCP RST) before the request is applied;</li>
 *   <li>{@link Kind#RESET_AFTER_APPLY}: the request is applied, then the connection is reset: the answer is lost;</li>
 *   <li>{@link Kind#TIMEOUT}: the request is applied and the answer comes only after the client's timeout.</li>
 * </ul>
 * A request is named by its method, path and query (with system identifiers written {@code {id}}, so that the calls
 * of one system's operation name those of another's) and by its occurrence in the operation, so that a plan is
 * independent of the order concurrent requests take. Watch requests (long-running, from informers) are neither
 * recorded nor failed. Resets are real: clients talk to a small TCP proxy that resets the client's connection when
 * the server answers with the marker status 599.
 */
final class FaultServer implements AutoCloseable {

    /** How a request fails. */
    enum Kind { STATUS_422, STATUS_500, RESET, RESET_AFTER_APPLY, TIMEOUT }

    /** A request of an operation: {@code METHOD path?query} and which occurrence of it. */
    record Call(String request, int occurrence) {
        @Override
        public String toString() {
            return request + (occurrence > 1 ? " (#" + occurrence + ")" : "");
        }
    }

    private static final int RESET_MARKER = 599;
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9a-f]{32}");

    private final KubernetesMockServer server;
    private final Proxy proxy;
    private final Duration answerDelay;
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private final AtomicReference<Fault> armed = new AtomicReference<>();

    private record Fault(Call call, Kind kind, Map<String, Integer> seen, AtomicBoolean fired) {
    }

    /**
     * Starts a server.
     *
     * @param answerDelay how late a {@link Kind#TIMEOUT} answer comes: longer than the client's request timeout
     */
    FaultServer(Duration answerDelay) {
        this.answerDelay = answerDelay;
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMixedDispatcher crud = new KubernetesMixedDispatcher(responses);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new Injector(crud), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        proxy = new Proxy(server.getPort());
    }

    /**
     * A client configuration for this server, through the resetting proxy.
     *
     * @return the configuration: namespace {@code default}, no HTTP/2
     */
    Config config() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + proxy.port() + "/")
                .withNamespace("default")
                .withHttp2Disable(true)
                .build();
    }

    /** Starts recording an operation's requests afresh. */
    void record() {
        recorded.clear();
    }

    /** @return the requests recorded since {@link #record()}, as calls */
    List<Call> calls() {
        Map<String, Integer> seen = new HashMap<>();
        List<Call> calls = new ArrayList<>();
        for (String request : recorded) {
            calls.add(new Call(request, seen.merge(request, 1, Integer::sum)));
        }
        return calls;
    }

    /**
     * Fails the next request matching a call, once.
     *
     * @param call the call
     * @param kind how
     */
    void arm(Call call, Kind kind) {
        armed.set(new Fault(call, kind, new HashMap<>(), new AtomicBoolean()));
    }

    /** @return whether the armed fault was injected; disarms it */
    boolean disarm() {
        Fault fault = armed.getAndSet(null);
        return fault != null && fault.fired().get();
    }

    @Override
    public void close() {
        proxy.close();
        server.destroy();
    }

    /** Records requests and injects the armed fault around the CRUD dispatcher. */
    private final class Injector extends Dispatcher implements Resetable {
        private final KubernetesMixedDispatcher crud;
        private final KubernetesSerialization serialization = new KubernetesSerialization();

        Injector(KubernetesMixedDispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String name = request.getMethod() + " " + IDENTIFIER.matcher(request.getPath()).replaceAll("{id}");
            if (request.getPath().contains("watch=true")) {
                return crud.dispatch(request);
            }
            recorded.add(name);
            Fault fault = armed.get();
            if (fault == null || !fault.call().request().equals(name) || fault.fired().get()) {
                return crud.dispatch(request);
            }
            synchronized (fault) {
                if (fault.seen().merge(name, 1, Integer::sum) != fault.call().occurrence()) {
                    return crud.dispatch(request);
                }
                fault.fired().set(true);
            }
            return switch (fault.kind()) {
                case STATUS_422 -> status(422, "Unprocessable: injected failure of " + name);
                case STATUS_500 -> status(500, "Internal error: injected failure of " + name);
                case RESET -> new MockResponse().setResponseCode(RESET_MARKER);
                case RESET_AFTER_APPLY -> {
                    crud.dispatch(request);
                    yield new MockResponse().setResponseCode(RESET_MARKER);
                }
                case TIMEOUT -> {
                    MockResponse answer = crud.dispatch(request);
                    if (answer.getBody() == null || answer.getBody().size() == 0) {
                        // the mock server delays only answers with a body; an API server's 404 has one anyway
                        answer.setBody(serialization.asJson(new StatusBuilder().withStatus("Failure")
                                .withCode(answer.code()).build()));
                    }
                    yield answer.setBodyDelay(answerDelay);
                }
            };
        }

        private MockResponse status(int code, String message) {
            Status status = new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
            return new MockResponse().setResponseCode(code).setBody(serialization.asJson(status));
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

    /**
     * A TCP proxy in front of the server: it forwards bytes both ways, and when an answer starts with the status
     * line of {@value #RESET_MARKER} it resets the client's connection (SO_LINGER 0) instead of forwarding it.
     */
    private static final class Proxy implements AutoCloseable {
        private static final byte[] MARKER = ("HTTP/1.1 " + RESET_MARKER).getBytes(StandardCharsets.US_ASCII);

        private final ServerSocket listener;
        private final int target;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Proxy(int target) {
            this.target = target;
            try {
                listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread accept = new Thread(this::accept, "fault-proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(client);
                    sockets.add(upstream);
                    AtomicBoolean answerStarts = new AtomicBoolean();
                    daemon(() -> requests(client, upstream, answerStarts));
                    daemon(() -> answers(upstream, client, answerStarts));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        /** Client to server: every request makes the next bytes from the server the start of an answer. */
        private void requests(Socket client, Socket upstream, AtomicBoolean answerStarts) {
            byte[] buffer = new byte[16384];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answerStarts.set(true);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(upstream);
            }
        }

        /** Server to client: the start of each answer is checked for the marker. */
        private void answers(Socket upstream, Socket client, AtomicBoolean answerStarts) {
            byte[] buffer = new byte[16384];
            byte[] head = new byte[0];
            try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    if (!answerStarts.get()) {
                        out.write(buffer, 0, n);
                        out.flush();
                        continue;
                    }
                    head = concat(head, buffer, n);
                    if (head.length < MARKER.length) {
                        continue;
                    }
                    if (Arrays.equals(Arrays.copyOf(head, MARKER.length), MARKER)) {
                        client.setSoLinger(true, 0);
                        client.close(); // RST
                        return;
                    }
                    answerStarts.set(false);
                    out.write(head);
                    out.flush();
                    head = new byte[0];
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(client);
            }
        }

        private static byte[] concat(byte[] head, byte[] buffer, int n) {
            byte[] joined = Arrays.copyOf(head, head.length + n);
            System.arraycopy(buffer, 0, joined, head.length, n);
            return joined;
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "fault-proxy-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void close() {
            closeQuietly(listener);
            sockets.forEach(Proxy::closeQuietly);
        }

        private static void closeQuietly(ServerSocket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
