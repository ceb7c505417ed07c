package org.helxplatform.tycho.context.internal.memory;

import java.time.Clock;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;

/**
 * The {@code memory} backend provider: {@link InMemoryBackend}, for development and tests, its lifecycle played as
 * the settings of {@link Simulation} say. Its priority is negative, so a real orchestrator on the class path wins
 * when no backend is named.
 */
public final class InMemoryBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        return new InMemoryBackend(configuration.get(Clock.class).orElse(Clock.systemUTC()),
                Simulation.of(configuration));
    }
}
