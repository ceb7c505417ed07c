package org.example.table;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;

/** The {@code table} backend, with its rows in memory unless a {@link Table} is given in the configuration. */
public final class TableBackendProvider implements BackendProvider {

    /** The name hosts choose it by. */
    public static final String NAME = "table";

    @Override
    public String name() {
        return NAME;
    }

    /** A development backend: used only when a host names it. */
    @Override
    public int priority() {
        return -10;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        Table table = configuration.get(Table.class).orElseGet(TableBackendProvider::inMemory);
        return new TableBackend(table, configuration.get(Clock.class).orElse(Clock.systemUTC()));
    }

    /** @return a table kept in memory */
    public static Table inMemory() {
        Map<String, Map<String, String>> rows = new ConcurrentHashMap<>();
        return new Table() {
            @Override
            public void put(String key, Map<String, String> value) {
                rows.put(key, value);
            }

            @Override
            public boolean remove(String key) {
                return rows.remove(key) != null;
            }

            @Override
            public Map<String, Map<String, String>> rows() {
                return new LinkedHashMap<>(rows);
            }
        };
    }
}
