package org.helxplatform.tycho.context.internal.memory;

import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.context.Fixtures;
import org.helxplatform.tycho.model.TychoSystem;

/** The backend contract of the SPI's test kit, run against the in-memory backend. */
class InMemoryBackendContractTest extends AbstractBackendContractTest {

    @Override
    protected Backend createBackend() {
        return new InMemoryBackend(Fixtures.CLOCK);
    }

    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        ((InMemoryBackend) backend).failNextStart(new IllegalStateException("injected failure"));
    }
}
