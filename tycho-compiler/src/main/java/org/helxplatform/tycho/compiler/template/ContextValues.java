package org.helxplatform.tycho.compiler.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a render context into template values: maps keep their order, {@code null} becomes
 * {@link PyNone#NONE} (Python's {@code None}), and only the types a Python context has are accepted (maps,
 * lists, sets, arrays, strings, numbers, booleans, null). The copy also keeps templates from changing the
 * caller's maps.
 */
final class ContextValues {

    private static final int MAX_DEPTH = 64;

    private ContextValues() {
    }

    /**
     * Converts a render context.
     *
     * @param template the template being rendered, for errors
     * @param context  the caller's context; null is an empty context
     * @return the template values, by name
     * @throws TemplateException naming the path of a value of an unsupported type
     */
    static Map<String, Object> convert(String template, Map<String, ?> context) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (context != null) {
            context.forEach((name, value) -> values.put(name, convert(template, null, name, value, 0)));
        }
        return values;
    }

    /**
     * @param parent where the containing value is, or {@code null} at the top
     * @param name   a map key, a list index ({@link Index}) or {@link Path#MEMBER} for a set member
     */
    private static Object convert(String template, Path parent, Object name, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TemplateException(template, -1, null, "the context value at '" + new Path(parent, name)
                + "' is nested more than " + MAX_DEPTH + " levels deep (a cycle?)");
        }
        if (value == null) {
            return PyNone.NONE;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean
            || value instanceof Character || value == PyNone.NONE) {
            return value;
        }
        Path path = new Path(parent, name);
        if (value instanceof Map) {
            Map<Object, Object> map = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((key, item) -> map.put(key, convert(template, path, key, item, depth + 1)));
            return map;
        }
        if (value instanceof Set) {
            Set<Object> set = new LinkedHashSet<>();
            for (Object item : (Set<?>) value) {
                set.add(convert(template, path, Path.MEMBER, item, depth + 1));
            }
            return set;
        }
        if (value instanceof Collection || value instanceof Object[]) {
            Collection<?> items = value instanceof Collection ? (Collection<?>) value : Arrays.asList((Object[]) value);
            List<Object> list = new ArrayList<>(items.size());
            int index = 0;
            for (Object item : items) {
                list.add(convert(template, path, new Index(index++), item, depth + 1));
            }
            return list;
        }
        throw new TemplateException(template, -1, null, "the context value at '" + path + "' is a "
            + value.getClass().getName() + "; pass maps, lists, strings, numbers, booleans or null");
    }

    /** A position in a list. */
    private record Index(int value) {
    }

    /**
     * Where a value is, spelled out only for an error message: {@code system.containers[0].env}, {@code tags[]}.
     *
     * @param parent where the containing value is, or {@code null} at the top
     * @param name   a map key, an {@link Index}, or {@link #MEMBER}
     */
    private record Path(Path parent, Object name) {

        /** The name of a set's member. */
        static final Object MEMBER = new Object();

        @Override
        public String toString() {
            if (parent == null) {
                return String.valueOf(name);
            }
            return name == MEMBER ? parent + "[]" : name instanceof Index index ? parent + "[" + index.value() + "]"
                : parent + "." + name;
        }
    }
}
