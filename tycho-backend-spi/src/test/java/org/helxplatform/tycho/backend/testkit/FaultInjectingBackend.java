package org.helxplatform.tycho.backend.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that passes everything to another and can refuse the next start: the test seam for a host's (or the
 * contract's) error handling where the backend itself has no failure to inject. The refused start reaches the
 * backend underneath not at all.
 */
public final class FaultInjectingBackend implements Backend {

    private final Backend backend;
    private final AtomicReference<RuntimeException> nextStartFailure = new AtomicReference<>();

    /** @param backend the backend to pass everything to */
    public FaultInjectingBackend(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /**
     * Makes the next start fail with a cause.
     *
     * @param cause what the start fails with, as the cause of a {@link StartException}
     */
    public void failNextStart(RuntimeException cause) {
        nextStartFailure.set(cause);
    }

    /** @return the backend underneath */
    public Backend delegate() {
        return backend;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public StartResult start(TychoSystem system) {
        RuntimeException failure = nextStartFailure.getAndSet(null);
        if (failure != null) {
            throw new StartException(system.identifier(), "cannot start app " + system.appId() + ": "
                    + failure.getMessage(), failure);
        }
        return backend.start(system);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        return backend.status(query);
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        return backend.modify(request);
    }

    @Override
    public DeleteResult delete(String identifier) {
        return backend.delete(identifier);
    }

    @Override
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        return backend.awaitReady(identifier, timeout);
    }

    @Override
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        return backend.events(identifier);
    }

    @Override
    public String logs(String identifier, String container, int tailLines) {
        return backend.logs(identifier, container, tailLines);
    }

    @Override
    public void close() {
        backend.close();
    }
}
