package org.helxplatform.tycho.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Defensive copies into unmodifiable, order-preserving collections (never {@code Map.copyOf}). */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(List<T> list, String field) {
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new InvalidValueException(field + "[" + i + "]", null, "must not be null");
            }
        }
        return List.copyOf(list);
    }

    static <K, V> Map<K, V> map(Map<K, V> map, String field) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<K, V> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new InvalidValueException(field + "." + key, value, "keys and values must not be null");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
