package org.helxplatform.tycho.backend.kubernetes.embedded;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test seam around {@link EmbeddedKubernetes}: the same in-process API server, with a dispatcher that records
 * every request (method, path, when it arrived and was answered), can fail chosen requests, and can answer each
 * request after a fixed latency so that round trips can be counted. Published in this module's test-jar for the
 * tests of other modules; production code never sees it.
 */
public final class MockKubernetes implements AutoCloseable {

    private final EmbeddedKubernetes embedded;
    private final Recording recording;

    /**
     * One request the server answered.
     *
     * @param method  the HTTP method
     * @param path    the path and query
     * @param arrived when it arrived ({@link System#nanoTime()})
     * @param answered when its answer was ready ({@link System#nanoTime()})
     */
    public record Request(String method, String path, long arrived, long answered) {

        /** @return {@code METHOD path?query} */
        @Override
        public String toString() {
            return method + " " + path;
        }

        /** @return whether it opened a watch */
        public boolean isWatch() {
            return path.contains("watch=true");
        }
    }

    private record Failure(String method, String pathPrefix, int code, int nth, AtomicInteger seen) {
    }

    private record Canned(String pathPrefix, String body) {
    }

    private MockKubernetes() {
        Recording[] made = new Recording[1];
        this.embedded = EmbeddedKubernetes.start((Dispatcher crud) -> {
            made[0] = new Recording(crud);
            return made[0];
        });
        this.recording = made[0];
    }

    /**
     * Starts a server.
     *
     * @return the running server
     */
    public static MockKubernetes start() {
        return new MockKubernetes();
    }

    /** @return the server as hosts see it */
    public EmbeddedKubernetes embedded() {
        return embedded;
    }

    /** @return a client for this server, namespace {@code default} */
    public KubernetesClient client() {
        return embedded.client();
    }

    /** @return the server's URL */
    public String url() {
        return embedded.url();
    }

    /** @return how many requests the server has answered */
    public int requestCount() {
        return recording.count.get();
    }

    /** @return {@code METHOD path?query} of each request since the last {@link #clearRequests()} */
    public List<String> requests() {
        return recording.requests.stream().map(Request::toString).toList();
    }

    /** @return each request since the last {@link #clearRequests()}, in the order they arrived */
    public List<Request> timeline() {
        return List.copyOf(recording.requests);
    }

    /** Forgets the recorded requests (the count goes on). */
    public void clearRequests() {
        recording.requests.clear();
    }

    /**
     * Makes every answer arrive after a latency (sent on a timer, so requests sent together overlap and requests
     * sent one after another do not): then {@link #roundTrips(List)} counts round trips.
     *
     * @param latency the wait; zero for none
     */
    public void latency(Duration latency) {
        recording.latencyNanos = latency.toNanos();
    }

    /**
     * Makes the next request of a method whose path starts with a prefix fail with a status code.
     *
     * @param method     the HTTP method
     * @param pathPrefix the path prefix, e.g. {@code /api/v1/namespaces/default/services}
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
        recording.failures.add(new Failure(method, pathPrefix, code, nth, new AtomicInteger()));
    }

    /**
     * Answers every list (a {@code GET} that is not a watch) whose path starts with a prefix with a fixed body, e.g.
     * a list of ten thousand objects that would take long to create one by one; watches still go to the server.
     *
     * @param pathPrefix the path prefix, e.g. {@code /apis/apps/v1/namespaces/many/deployments}
     * @param body       the JSON to answer with
     */
    public void answerLists(String pathPrefix, String body) {
        recording.canned.add(new Canned(pathPrefix, body));
    }

    /**
     * The round trips on the critical path of some requests: the longest chain of requests each of which arrived
     * after the one before it was answered. Requests sent together overlap and count as one round trip.
     *
     * @param requests requests of one operation
     * @return the number of round trips
     */
    public static int roundTrips(List<Request> requests) {
        List<Request> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparingLong(Request::arrived));
        int[] depth = new int[sorted.size()];
        int longest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            depth[i] = 1;
            for (int j = 0; j < i; j++) {
                if (sorted.get(j).answered() <= sorted.get(i).arrived()) {
                    depth[i] = Math.max(depth[i], depth[j] + 1);
                }
            }
            longest = Math.max(longest, depth[i]);
        }
        return longest;
    }

    /** Stops the server. */
    @Override
    public void close() {
        embedded.close();
    }

    /** Records requests, injects failures and latency around the server's dispatcher. */
    private static final class Recording extends Dispatcher implements Resetable {
        private final Dispatcher crud;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final List<Failure> failures = new CopyOnWriteArrayList<>();
        private final List<Canned> canned = new CopyOnWriteArrayList<>();
        private final AtomicInteger count = new AtomicInteger();
        private volatile long latencyNanos;

        Recording(Dispatcher crud) {
            this.crud = crud;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            long arrived = System.nanoTime();
            count.incrementAndGet();
            MockResponse response = answer(request);
            long answered = System.nanoTime();
            long wait = latencyNanos;
            if (wait > 0 && !request.getPath().contains("watch=true")) {
                // The server sends the body after the delay on a timer: requests sent together still overlap.
                response.setBodyDelay(Duration.ofNanos(wait));
                answered += wait;
            }
            requests.add(new Request(request.getMethod(), request.getPath(), arrived, answered));
            return response;
        }

        private MockResponse answer(RecordedRequest request) {
            if ("GET".equals(request.getMethod()) && !request.getPath().contains("watch=true")) {
                for (Canned answer : canned) {
                    if (request.getPath().startsWith(answer.pathPrefix())) {
                        return new MockResponse().setResponseCode(200).setBody(answer.body());
                    }
                }
            }
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
            if (crud instanceof Resetable resetable) {
                resetable.reset();
            }
        }
    }
}
