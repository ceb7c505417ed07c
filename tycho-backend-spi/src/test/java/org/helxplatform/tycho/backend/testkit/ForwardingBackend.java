package org.helxplatform.tycho.backend.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that passes every operation to another: the base of test decorators, which override only the
 * operations they change (fail, count, delay, freeze...).
 */
public abstract class ForwardingBackend implements Backend {

    private final Backend delegate;

    /** @param delegate the backend to pass every operation to */
    protected ForwardingBackend(Backend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the backend underneath */
    public Backend delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public StartResult start(TychoSystem system) {
        return delegate.start(system);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        return delegate.status(query);
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
