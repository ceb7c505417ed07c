package org.helxplatform.tycho.context.policy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.backend.testkit.ForwardingBackend;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * An in-memory backend whose status can be frozen, as a backend answering from a cache that has not caught up: while
 * frozen, status answers what it answered when it froze.
 */
final class LaggingBackend extends ForwardingBackend {

    private final AtomicReference<List<SystemStatus>> frozen = new AtomicReference<>();

    LaggingBackend(InMemoryBackend delegate) {
        super(delegate);
    }

    /** Freezes the status as it is now. */
    void freeze() {
        frozen.set(super.status(StatusQuery.all()));
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
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> snapshot = frozen.get();
        if (snapshot == null) {
            return super.status(query);
        }
        return snapshot.stream().filter(s -> query.username() != null ? s.username().equals(query.username())
                : query.identifier() == null || s.identifier().equals(query.identifier())).toList();
    }
}
