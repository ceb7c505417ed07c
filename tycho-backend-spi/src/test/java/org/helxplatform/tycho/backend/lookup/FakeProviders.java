package org.helxplatform.tycho.backend.lookup;

import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;

/** Providers registered only in this module's tests (excluded from the published test-jar). */
final class FakeProviders {

    private FakeProviders() {
    }

    /** A high-priority provider. */
    public static final class Primary implements BackendProvider {
        @Override
        public String name() {
            return "primary";
        }

        @Override
        public int priority() {
            return 10;
        }

        @Override
        public Backend create(BackendConfiguration configuration) {
            throw new UnsupportedOperationException("primary:" + configuration.setting("NAMESPACE").orElse(""));
        }
    }

    /** A low-priority provider. */
    public static final class Secondary implements BackendProvider {
        @Override
        public String name() {
            return "secondary";
        }

        @Override
        public int priority() {
            return -5;
        }

        @Override
        public Backend create(BackendConfiguration configuration) {
            throw new UnsupportedOperationException("secondary");
        }
    }
}
