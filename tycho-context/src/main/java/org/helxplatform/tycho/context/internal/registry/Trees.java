package org.helxplatform.tycho.context.internal.registry;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.internal.PyStr;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.context.registry.RegistryException;

/**
 * Operations on YAML trees (maps, lists and scalars as {@code Yaml11} builds them): bringing them into canonical form,
 * copying, freezing, and the deep merge of registry resolution.
 */
final class Trees {

    private Trees() {
    }

    /**
     * Copies a parsed YAML tree into canonical form: maps become {@code LinkedHashMap}s with string keys (a key of
     * another scalar type is written as Python's {@code str()} would), lists {@code ArrayList}s, scalars stay.
     *
     * @param tree   the parsed tree
     * @param source the file or URL the tree came from, for messages
     * @return the canonical, mutable copy
     * @throws RegistryException for values JSON has no equivalent for (binary, sets, keys that are not scalars)
     */
    static Object canonical(Object tree, String source) {
        return canonical(tree, source, "");
    }

    private static Object canonical(Object value, String source, String path) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!isScalar(entry.getKey())) {
                    throw unsupported(source, path, "a key that is not a scalar");
                }
                String key = PyStr.of(entry.getKey());
                if (copy.containsKey(key)) {
                    throw unsupported(source, path, "two keys that both read '" + key + "'");
                }
                copy.put(key, canonical(entry.getValue(), source, path.isEmpty() ? key : path + "." + key));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(canonical(list.get(i), source, path + "[" + i + "]"));
            }
            return copy;
        }
        if (value == null || isScalar(value)) {
            return value;
        }
        throw unsupported(source, path, "a value of type " + value.getClass().getSimpleName());
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigInteger || value instanceof Double;
    }

    private static RegistryException unsupported(String source, String path, String what) {
        return new RegistryException(source + ": " + (path.isEmpty() ? "(top level)" : path) + ": holds " + what
                + ", which the app registry format does not allow");
    }

    /**
     * Deep-copies a canonical tree into mutable maps and lists.
     *
     * @param tree the tree (may be frozen)
     * @return a copy that shares nothing mutable with the tree
     */
    static Object copy(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put((String) key, copy(value)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        return tree;
    }

    /**
     * Returns a deep-unmodifiable, order-preserving copy of a canonical tree.
     *
     * @param tree the tree
     * @return the frozen copy
     */
    static Object freeze(Object tree) {
        return Yaml11.frozen(tree);
    }

    /**
     * Returns a deep-unmodifiable, order-preserving copy of a canonical map.
     *
     * @param map the map
     * @return the frozen copy
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> freezeMap(Map<String, Object> map) {
        return (Map<String, Object>) freeze(map);
    }

    /**
     * Merges {@code overlay} into {@code base}, the overlay winning (Python Tycho's {@code mixin_merge}): when both are
     * maps, every key of the overlay is merged into the base's value of that key, recursively, or added at the end
     * when the base lacks it; any other overlay value (scalar, list, null) replaces the base value whole.
     *
     * @param base    the value merged into; a map is modified in place
     * @param overlay the winning value; never modified, and nothing mutable of it ends up in the result
     * @return the merged value: {@code base} itself when both are maps, else a copy of {@code overlay}
     */
    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object overlay) {
        if (base instanceof Map<?, ?> && overlay instanceof Map<?, ?> overlayMap) {
            Map<String, Object> target = (Map<String, Object>) base;
            overlayMap.forEach((key, value) -> target.put((String) key,
                    target.containsKey(key) ? merge(target.get(key), value) : copy(value)));
            return target;
        }
        return copy(overlay);
    }

    /**
     * Returns a mutable copy of an app definition without its top-level keys whose value is null (deviation D9: a
     * {@code securityContext:} whose entries are all commented out counts as absent).
     *
     * @param definition the app definition as written
     * @return the copy
     */
    static Map<String, Object> withoutNullKeys(Map<String, Object> definition) {
        Map<String, Object> copy = new LinkedHashMap<>();
        definition.forEach((key, value) -> {
            if (value != null) {
                copy.put(key, copy(value));
            }
        });
        return copy;
    }
}
