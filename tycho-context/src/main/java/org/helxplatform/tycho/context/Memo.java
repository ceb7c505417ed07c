package org.helxplatform.tycho.context;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * A per-key cache that computes each value once, even when many threads ask for it first at the same time, without
 * holding a lock while computing. A failed computation is not cached: the next caller tries again.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class Memo<K, V> {

    private final ConcurrentMap<K, FutureTask<V>> values = new ConcurrentHashMap<>();
    private final Function<K, V> compute;

    Memo(Function<K, V> compute) {
        this.compute = compute;
    }

    V get(K key) {
        FutureTask<V> task = values.get(key);
        if (task == null) {
            FutureTask<V> created = new FutureTask<>(() -> compute.apply(key));
            task = values.putIfAbsent(key, created);
            if (task == null) {
                task = created;
                task.run();
            }
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            values.remove(key, task);
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + key, e);
        }
    }
}
