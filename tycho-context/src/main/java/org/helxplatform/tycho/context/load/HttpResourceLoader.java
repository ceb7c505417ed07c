package org.helxplatform.tycho.context.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code http:} and {@code https:} locations with {@link HttpClient}, following redirects (GitHub's
 * {@code /raw/} URLs redirect), and caches successes for the life of the instance.
 *
 * <p>A success (2xx, the body) is cached: each URL is fetched at most once, also when many threads ask for it at
 * the same time (the first one fetches, the others wait for its answer). A 404 (empty) and a failure are handed to
 * every thread that waited for that fetch but are not cached, so a later call asks again: a spec may be published
 * after it was first missed.
 */
final class HttpResourceLoader implements ResourceLoader {

    private static final Logger LOG = LoggerFactory.getLogger(HttpResourceLoader.class);

    private final HttpClient client;
    private final Duration requestTimeout;
    private final ConcurrentMap<URI, CompletableFuture<Optional<String>>> cache = new ConcurrentHashMap<>();

    HttpResourceLoader(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Optional<String> load(URI location) {
        CompletableFuture<Optional<String>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<String>> answer = cache.putIfAbsent(location, mine);
        if (answer == null) {
            answer = mine;
            try {
                Optional<String> result = fetch(location);
                if (result.isEmpty()) {
                    cache.remove(location, mine);
                }
                mine.complete(result);
            } catch (RuntimeException | Error e) {
                cache.remove(location, mine);
                mine.completeExceptionally(e);
            }
        }
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw (Error) e.getCause();
        }
    }

    private Optional<String> fetch(URI location) {
        String scheme = location.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new LoadException(location, "not an http: or https: URL", null);
        }
        LOG.debug("fetching {}", location);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(location).timeout(requestTimeout).GET().build();
        } catch (IllegalArgumentException e) {
            throw new LoadException(location, "not a URL that can be fetched (" + e.getMessage() + ")", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new LoadException(location, "no answer within " + requestTimeout.toSeconds() + " s (" + e + ")", e);
        } catch (IOException e) {
            throw new LoadException(location, "host unreachable or connection failed (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException(location, "interrupted while waiting for the answer", e);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status < 200 || status > 299) {
            throw new LoadException(location, status);
        }
        return Optional.of(Utf8.decode(response.body(), location));
    }

    @Override
    public String toString() {
        return "http(s) loader (cached)";
    }
}
