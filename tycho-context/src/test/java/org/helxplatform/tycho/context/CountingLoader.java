package org.helxplatform.tycho.context;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.ResourceLoader;

/**
 * A {@link ResourceLoader} wrapper that counts the loads of every location, can make chosen loads fail, and can
 * slow every load down so that concurrent first uses really overlap. Thread-safe.
 */
public final class CountingLoader implements ResourceLoader {

    private final ResourceLoader delegate;
    private final Map<URI, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final Map<URI, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    /** @param delegate the loader that really reads */
    public CountingLoader(ResourceLoader delegate) {
        this.delegate = delegate;
    }

    /**
     * Makes the next loads of a location fail with a {@link LoadException} (HTTP 503), counted as loads.
     *
     * @param location the location
     * @param times    how many loads fail
     * @return this
     */
    public CountingLoader failNext(URI location, int times) {
        failuresLeft.put(location, new AtomicInteger(times));
        return this;
    }

    /**
     * @param millis how long every load sleeps before reading
     * @return this
     */
    public CountingLoader delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    @Override
    public Optional<String> load(URI location) {
        loads.computeIfAbsent(location, l -> new AtomicInteger()).incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException(location, "interrupted", e);
            }
        }
        AtomicInteger failures = failuresLeft.get(location);
        if (failures != null && failures.getAndDecrement() > 0) {
            throw new LoadException(location, 503);
        }
        return delegate.load(location);
    }

    /**
     * @param location a location
     * @return how many times it was loaded
     */
    public int loads(URI location) {
        AtomicInteger count = loads.get(location);
        return count == null ? 0 : count.get();
    }

    /** @return how many loads there were in all */
    public int totalLoads() {
        return loads.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
