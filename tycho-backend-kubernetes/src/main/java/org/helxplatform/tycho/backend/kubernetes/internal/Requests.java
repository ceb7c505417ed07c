package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * API requests sent together, so that independent requests cost one round trip: the first runs on the calling
 * thread, the others on the backend's I/O threads, and all are awaited.
 */
final class Requests {

    private Requests() {
    }

    /**
     * The result of one request.
     *
     * @param value   its value, or {@code null} when it failed
     * @param failure why it failed, or {@code null}
     * @param <T>     the value's type
     */
    record Outcome<T>(T value, RuntimeException failure) {

        /** @return whether it succeeded */
        boolean ok() {
            return failure == null;
        }
    }

    /**
     * Sends requests together and waits for all of them.
     *
     * @param io       the threads to send on
     * @param requests the requests
     * @param <T>      their values' type
     * @return their outcomes, in order
     */
    static <T> List<Outcome<T>> all(ExecutorService io, List<Supplier<T>> requests) {
        List<CompletableFuture<T>> futures = new ArrayList<>(requests.size());
        for (int i = 1; i < requests.size(); i++) {
            futures.add(CompletableFuture.supplyAsync(requests.get(i), io));
        }
        List<Outcome<T>> outcomes = new ArrayList<>(requests.size());
        if (!requests.isEmpty()) {
            outcomes.add(run(requests.get(0)));
        }
        for (CompletableFuture<T> future : futures) {
            try {
                outcomes.add(new Outcome<>(future.join(), null));
            } catch (CompletionException e) {
                outcomes.add(new Outcome<>(null, unwrap(e.getCause())));
            }
        }
        return outcomes;
    }

    /**
     * Sends requests together and returns their values.
     *
     * @param io       the threads to send on
     * @param requests the requests
     * @param <T>      their values' type
     * @return their values, in order
     * @throws RuntimeException the first failure, the others added as suppressed
     */
    static <T> List<T> values(ExecutorService io, List<Supplier<T>> requests) {
        List<T> values = new ArrayList<>(requests.size());
        RuntimeException failure = null;
        for (Outcome<T> outcome : all(io, requests)) {
            if (outcome.ok()) {
                values.add(outcome.value());
            } else if (failure == null) {
                failure = outcome.failure();
            } else {
                failure.addSuppressed(outcome.failure());
            }
        }
        if (failure != null) {
            throw failure;
        }
        return values;
    }

    /**
     * The API server's status code of a failure, if it answered.
     *
     * @param failure the failure
     * @return the HTTP status
     */
    static OptionalInt status(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof KubernetesClientException e && e.getCode() > 0) {
                return OptionalInt.of(e.getCode());
            }
        }
        return OptionalInt.empty();
    }

    private static <T> Outcome<T> run(Supplier<T> request) {
        try {
            return new Outcome<>(request.get(), null);
        } catch (RuntimeException e) {
            return new Outcome<>(null, e);
        }
    }

    private static RuntimeException unwrap(Throwable failure) {
        return failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
    }
}
