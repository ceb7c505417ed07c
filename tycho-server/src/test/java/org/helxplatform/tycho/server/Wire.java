package org.helxplatform.tycho.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real HTTP client for the server tests, which counts what it sends: every request, and every answer a test
 * checked and found as specified. A request whose answer is not checked, or fails its check, counts as "other".
 */
final class Wire {

    static final AtomicInteger REQUESTS = new AtomicInteger();
    static final AtomicInteger AS_SPECIFIED = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;

    Wire(URI base) {
        this.base = base;
    }

    /** The summary line of all requests sent so far. */
    static String summary() {
        int requests = REQUESTS.get();
        int answered = AS_SPECIFIED.get();
        return "server: " + requests + " requests, " + answered + " answered as specified, " + (requests - answered)
                + " other";
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    Call get(String path) {
        return call("GET", path);
    }

    Call post(String path) {
        return call("POST", path);
    }

    /** One request being built. */
    final class Call {
        private final HttpRequest.Builder request;
        private final String method;
        private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

        Call(String method, String path) {
            this.method = method;
            this.request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                    .timeout(Duration.ofSeconds(30));
        }

        Call token(String token) {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return this;
        }

        Call header(String name, String value) {
            request.header(name, value);
            return this;
        }

        Call json(String text) {
            request.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
            return this;
        }

        Call json(Object value) {
            try {
                return json(JSON.writeValueAsString(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Call body(HttpRequest.BodyPublisher publisher) {
            request.header("Content-Type", "application/json");
            body = publisher;
            return this;
        }

        Reply send() {
            REQUESTS.incrementAndGet();
            try {
                return new Reply(client.send(request.method(method, body).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Sends the request and returns as soon as the headers arrive; the body is read line by line. */
        HttpResponse<java.util.stream.Stream<String>> stream() {
            REQUESTS.incrementAndGet();
            try {
                return client.send(request.method(method, body).build(), HttpResponse.BodyHandlers.ofLines());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        CompletableFuture<Reply> sendAsync() {
            REQUESTS.incrementAndGet();
            return client.sendAsync(request.method(method, body).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(Reply::new);
        }
    }

    /** Counts a streamed answer whose checks all passed. */
    static void answeredAsSpecified() {
        AS_SPECIFIED.incrementAndGet();
    }

    /** An answer, to be checked once. */
    static final class Reply {
        final HttpResponse<String> response;
        private JsonNode json;

        Reply(HttpResponse<String> response) {
            this.response = response;
        }

        int status() {
            return response.statusCode();
        }

        String body() {
            return response.body();
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        JsonNode json() {
            if (json == null) {
                try {
                    json = JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + response.body(), e);
                }
            }
            return json;
        }

        /**
         * Checks the answer: its status, then whatever else the test asserts. Counts it as answered as specified
         * when every check passes.
         */
        Reply expect(int status, Consumer<Reply> checks) {
            if (response.statusCode() != status) {
                throw new AssertionError("expected HTTP " + status + " but got " + response.statusCode() + ": "
                        + response.body());
            }
            checks.accept(this);
            AS_SPECIFIED.incrementAndGet();
            return this;
        }

        Reply expect(int status) {
            return expect(status, reply -> { });
        }
    }
}
