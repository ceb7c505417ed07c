package org.example.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/** Tycho's backend contract, run against the table backend, plus how hosts find it. */
class TableBackendContractTest extends AbstractBackendContractTest {

    /** The rows of the backend under test; a key set here makes the write of that row fail. */
    private final Table rows = TableBackendProvider.inMemory();
    private final AtomicReference<String> failingKey = new AtomicReference<>();

    @Override
    protected Backend createBackend() {
        Table failing = new Table() {
            @Override
            public void put(String key, Map<String, String> value) {
                if (key.equals(failingKey.get())) {
                    throw new IllegalStateException("the table refused row " + key);
                }
                rows.put(key, value);
            }

            @Override
            public boolean remove(String key) {
                return rows.remove(key);
            }

            @Override
            public Map<String, Map<String, String>> rows() {
                return rows.rows();
            }
        };
        return Backends.provider("table").create(BackendConfiguration.builder().with(Table.class, failing).build());
    }

    /** Fails the write of the system's first service row, after its system row was written. */
    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        assertThat(system.services()).as("the kit's system has a service").isNotEmpty();
        failingKey.set(system.identifier() + "/" + system.services().keySet().iterator().next());
    }

    /** Every row of the system: the system's own and its services'. */
    @Override
    protected long leftovers(String identifier) {
        return rows.rows().keySet().stream().filter(key -> key.startsWith(identifier)).count();
    }

    /** Nothing runs: a recorded system is ready when its start returns. */
    @Override
    protected boolean readyAtOnce() {
        return true;
    }

    @Test
    void hostsFindItByNameButNeverByDefault() {
        assertThat(Backends.provider("table").priority()).isNegative();
        assertThat(Backends.providers()).extracting(provider -> provider.name()).containsExactly("table");
    }
}
