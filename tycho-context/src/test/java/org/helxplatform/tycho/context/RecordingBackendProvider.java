package org.helxplatform.tycho.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A test-only backend provider ({@code recording}, registered in the test class path's
 * {@code META-INF/services}): it records the configuration each backend is created with and whether the backend
 * was closed. Its priority is the lowest, so it never becomes the default.
 */
public final class RecordingBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = "recording";

    private static final List<RecordingBackend> CREATED = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -200;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        RecordingBackend backend = new RecordingBackend(configuration);
        CREATED.add(backend);
        return backend;
    }

    /** @return the backend created last */
    public static RecordingBackend last() {
        return CREATED.get(CREATED.size() - 1);
    }

    /** @return how many backends were created so far */
    public static int created() {
        return CREATED.size();
    }

    /** An in-memory backend that remembers its configuration and whether it was closed. */
    public static final class RecordingBackend implements Backend {
        private final BackendConfiguration configuration;
        private final InMemoryBackend delegate;
        private volatile int closed;

        RecordingBackend(BackendConfiguration configuration) {
            this.configuration = configuration;
            this.delegate = new InMemoryBackend(configuration.get(java.time.Clock.class)
                    .orElse(java.time.Clock.systemUTC()));
        }

        /** @return the configuration it was created with */
        public BackendConfiguration configuration() {
            return configuration;
        }

        /** @return how many times it was closed */
        public int closed() {
            return closed;
        }

        @Override
        public String name() {
            return NAME;
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
        public java.util.concurrent.CompletableFuture<SystemStatus> awaitReady(String identifier,
                                                                              java.time.Duration timeout) {
            return delegate.awaitReady(identifier, timeout);
        }

        @Override
        public java.util.concurrent.Flow.Publisher<org.helxplatform.tycho.model.LaunchEvent> events(
                String identifier) {
            return delegate.events(identifier);
        }

        @Override
        public String logs(String identifier, String container, int tailLines) {
            return delegate.logs(identifier, container, tailLines);
        }

        @Override
        public void close() {
            closed++;
            delegate.close();
        }
    }
}
