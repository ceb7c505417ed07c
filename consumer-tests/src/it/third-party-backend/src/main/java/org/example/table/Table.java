package org.example.table;

import java.util.Map;

/** Where the table backend keeps its rows: one row per system, one per service of a system. */
public interface Table {

    /**
     * Writes a row.
     *
     * @param key   the row key
     * @param value the row
     */
    void put(String key, Map<String, String> value);

    /**
     * Removes a row.
     *
     * @param key the row key
     * @return whether there was one
     */
    boolean remove(String key);

    /** @return every row, by key */
    Map<String, Map<String, String>> rows();
}
