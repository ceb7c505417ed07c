package org.helxplatform.tycho.context.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http(s) loader against a local JDK HTTP server that counts the requests per path. */
class HttpResourceLoaderTest {

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch slowEntered = new CountDownLatch(1);
    private final CountDownLatch slowRelease = new CountDownLatch(1);
    private final AtomicInteger failuresLeft = new AtomicInteger(1);
    private ExecutorService serverThreads;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stopServer() {
        slowRelease.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        switch (path) {
            case "/ok.yaml" -> reply(exchange, 200, "apps: {}\n");
            case "/error.yaml" -> reply(exchange, 500, "boom");
            case "/flaky.yaml" -> reply(exchange, failuresLeft.getAndDecrement() > 0 ? 503 : 200, "second try");
            case "/late.yaml" -> reply(exchange, hitsOf(path) > 1 ? 200 : 404, "published");
            case "/moved.yaml" -> {
                exchange.getResponseHeaders().add("Location", "/ok.yaml");
                reply(exchange, 302, "");
            }
            case "/slow.yaml" -> {
                slowEntered.countDown();
                await(slowRelease);
                reply(exchange, 200, "slow");
            }
            case "/never.yaml" -> {
                await(slowRelease);
                reply(exchange, 200, "too late");
            }
            default -> reply(exchange, 404, "not found");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private int hitsOf(String path) {
        return hits.getOrDefault(path, new AtomicInteger()).get();
    }

    @Test
    void readsTheBodyOfASuccess() {
        assertThat(ResourceLoaders.http().load(url("/ok.yaml"))).contains("apps: {}\n");
    }

    @Test
    void aMissingResourceIsEmpty() {
        assertThat(ResourceLoaders.http().load(url("/missing.yaml"))).isEmpty();
    }

    @Test
    void anotherStatusIsAnErrorNamingUrlAndStatus() {
        URI url = url("/error.yaml");
        assertThatThrownBy(() -> ResourceLoaders.http().load(url))
                .isInstanceOfSatisfying(LoadException.class, e -> {
                    assertThat(e.location()).isEqualTo(url);
                    assertThat(e.status()).hasValue(500);
                })
                .hasMessage("cannot load " + url + ": HTTP status 500");
    }

    @Test
    void aUrlWithoutHostIsAnErrorNamingTheUrl() {
        URI url = URI.create("http:///app-registry.yaml");
        assertThatThrownBy(() -> ResourceLoaders.http().load(url))
                .isInstanceOfSatisfying(LoadException.class, e -> assertThat(e.location()).isEqualTo(url))
                .hasMessageStartingWith("cannot load " + url + ": not a URL that can be fetched");
    }

    @Test
    void anUnreachableHostIsAnErrorNamingTheUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/app-registry.yaml");
        assertThatThrownBy(() -> ResourceLoaders.http().load(url))
                .isInstanceOfSatisfying(LoadException.class, e -> assertThat(e.status()).isEmpty())
                .hasMessageStartingWith("cannot load " + url + ": host unreachable or connection failed");
    }

    @Test
    void aSlowAnswerTimesOut() {
        ResourceLoader loader = ResourceLoaders.http(HttpClient.newHttpClient(), Duration.ofMillis(200));
        URI url = url("/never.yaml");
        assertThatThrownBy(() -> loader.load(url))
                .isInstanceOf(LoadException.class)
                .hasMessageStartingWith("cannot load " + url + ": no answer within");
    }

    @Test
    void followsRedirects() {
        assertThat(ResourceLoaders.http().load(url("/moved.yaml"))).contains("apps: {}\n");
    }

    @Test
    void rejectsOtherSchemes() {
        assertThatThrownBy(() -> ResourceLoaders.http().load(URI.create("file:/etc/hosts")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("not an http: or https: URL");
    }

    @Test
    void fetchesEachUrlOnceAndCachesSuccessesButNotAbsence() {
        ResourceLoader loader = ResourceLoaders.http();
        for (int i = 0; i < 3; i++) {
            assertThat(loader.load(url("/ok.yaml"))).contains("apps: {}\n");
            assertThat(loader.load(url("/missing.yaml"))).isEmpty();
        }
        assertThat(hitsOf("/ok.yaml")).isEqualTo(1);
        assertThat(hitsOf("/missing.yaml")).isEqualTo(3);
    }

    @Test
    void aResourcePublishedAfterA404IsFound() {
        ResourceLoader loader = ResourceLoaders.http();
        assertThat(loader.load(url("/late.yaml"))).isEmpty();
        assertThat(loader.load(url("/late.yaml"))).contains("published");
    }

    @Test
    void aNewLoaderHasItsOwnCache() {
        ResourceLoaders.http().load(url("/ok.yaml"));
        ResourceLoaders.http().load(url("/ok.yaml"));
        assertThat(hitsOf("/ok.yaml")).isEqualTo(2);
    }

    @Test
    void doesNotCacheFailures() {
        ResourceLoader loader = ResourceLoaders.http();
        assertThatThrownBy(() -> loader.load(url("/flaky.yaml"))).isInstanceOf(LoadException.class);
        assertThat(loader.load(url("/flaky.yaml"))).contains("second try");
        assertThat(loader.load(url("/flaky.yaml"))).contains("second try");
        assertThat(hitsOf("/flaky.yaml")).isEqualTo(2);
    }

    @Test
    void fetchesOnceUnderConcurrentFirstUse() throws Exception {
        ResourceLoader loader = ResourceLoaders.http();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(callers.submit(() -> {
                    start.await();
                    return loader.load(url("/slow.yaml"));
                }));
            }
            start.countDown();
            assertThat(slowEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(300); // let the other callers reach the loader while the first fetch is in flight
            slowRelease.countDown();
            for (Future<Optional<String>> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).contains("slow");
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(hitsOf("/slow.yaml")).isEqualTo(1);
    }
}
