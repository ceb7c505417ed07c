package org.helxplatform.tycho.context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.testkit.ForwardingBackend;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;

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
    public static final class RecordingBackend extends ForwardingBackend {
        private final BackendConfiguration configuration;
        private volatile int closed;

        RecordingBackend(BackendConfiguration configuration) {
            super(new InMemoryBackend(configuration.get(java.time.Clock.class).orElse(java.time.Clock.systemUTC())));
            this.configuration = configuration;
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
        public void close() {
            closed++;
            super.close();
        }
    }
}
