package org.helxplatform.tycho.context.policy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * An in-memory backend whose status can be frozen, as a backend answering from a cache that has not caught up: while
 * frozen, status answers what it answered when it froze.
 */
final class LaggingBackend implements Backend {

    private final InMemoryBackend delegate;
    private final AtomicReference<List<SystemStatus>> frozen = new AtomicReference<>();

    LaggingBackend(InMemoryBackend delegate) {
        this.delegate = delegate;
    }

    /** Freezes the status as it is now. */
    void freeze() {
        frozen.set(delegate.status(StatusQuery.all()));
    }

    /** Lets the status catch up. */
    void thaw() {
        frozen.set(null);
    }

    @Override
    public String name() {
        return "lagging";
    }

    @Override
    public StartResult start(TychoSystem system) {
        return delegate.start(system);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> snapshot = frozen.get();
        if (snapshot == null) {
            return delegate.status(query);
        }
        return snapshot.stream().filter(s -> query.username() != null ? s.username().equals(query.username())
                : query.identifier() == null || s.identifier().equals(query.identifier())).toList();
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        return delegate.modify(request);
    }

    @Override
    public DeleteResult delete(String identifier) {
        return delegate.delete(identifier);
    }

    @Override
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        return delegate.awaitReady(identifier, timeout);
    }

    @Override
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        return delegate.events(identifier);
    }

    @Override
    public String logs(String identifier, String container, int tailLines) {
        return delegate.logs(identifier, container, tailLines);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
