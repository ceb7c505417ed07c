package org.helxplatform.tycho.backend.testkit;

import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that passes everything to another and can refuse the next start: the test seam for a host's (or the
 * contract's) error handling where the backend itself has no failure to inject. The refused start reaches the
 * backend underneath not at all.
 */
public final class FaultInjectingBackend extends ForwardingBackend {

    private final AtomicReference<RuntimeException> nextStartFailure = new AtomicReference<>();

    /** @param backend the backend to pass everything to */
    public FaultInjectingBackend(Backend backend) {
        super(backend);
    }

    /**
     * Makes the next start fail with a cause.
     *
     * @param cause what the start fails with, as the cause of a {@link StartException}
     */
    public void failNextStart(RuntimeException cause) {
        nextStartFailure.set(cause);
    }

    @Override
    public StartResult start(TychoSystem system) {
        RuntimeException failure = nextStartFailure.getAndSet(null);
        if (failure != null) {
            throw new StartException(system.identifier(), "cannot start app " + system.appId() + ": "
                    + failure.getMessage(), failure);
        }
        return super.start(system);
    }
}
