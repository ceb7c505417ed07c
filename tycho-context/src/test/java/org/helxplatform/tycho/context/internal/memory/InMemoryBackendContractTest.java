package org.helxplatform.tycho.context.internal.memory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.backend.testkit.FaultInjectingBackend;
import org.helxplatform.tycho.context.Fixtures;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * The backend contract of the SPI's test kit, run against the in-memory backend: systems stay starting for half a
 * second (so that waiting can time out and a delete can come first), and starts fail through the test kit's
 * decorator.
 */
class InMemoryBackendContractTest extends AbstractBackendContractTest {

    @Override
    protected Backend createBackend() {
        return new FaultInjectingBackend(new InMemoryBackend(Fixtures.CLOCK,
                new Simulation(Duration.ZERO, Duration.ofMillis(500), Map.of(), Set.of())));
    }

    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        ((FaultInjectingBackend) backend).failNextStart(new IllegalStateException("injected failure"));
    }
}
