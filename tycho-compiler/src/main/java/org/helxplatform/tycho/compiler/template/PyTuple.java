package org.helxplatform.tycho.compiler.template;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable Python tuple: a list that prints as {@code (a, b)} and never equals a list. Tuple literals, dict
 * items, macro {@code varargs} and filter results that Jinja2 gives as tuples are instances. A named tuple (the
 * groups of {@code groupby}) also has its items as attributes.
 */
final class PyTuple extends AbstractList<Object> implements RandomAccess, PyRepr {

    private final Object[] items;
    private final List<String> fieldNames;

    private PyTuple(Object[] items, List<String> fieldNames) {
        this.items = items;
        this.fieldNames = fieldNames;
    }

    /**
     * Creates a tuple of the given items.
     *
     * @param items the items, in order
     * @return the tuple
     */
    static PyTuple of(Object... items) {
        return new PyTuple(items.clone(), List.of());
    }

    /**
     * Creates a named tuple, whose items are also attributes.
     *
     * @param fieldNames the attribute names, one per item
     * @param items      the items, in order
     * @return the tuple
     */
    static PyTuple named(List<String> fieldNames, Object... items) {
        return new PyTuple(items.clone(), List.copyOf(fieldNames));
    }

    /**
     * Creates a tuple holding the items of a list.
     *
     * @param items the items, in order
     * @return the tuple
     */
    static PyTuple copyOf(List<?> items) {
        return new PyTuple(items.toArray(), List.of());
    }

    /**
     * Reads an item of a named tuple by name.
     *
     * @param name the attribute
     * @return the item, or {@code null} (undefined) when the tuple has no such name
     */
    Object field(String name) {
        int index = fieldNames.indexOf(name);
        return index < 0 ? null : items[index];
    }

    @Override
    public Object get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public String pyRepr() {
        if (items.length == 1) {
            return "(" + PyStr.repr(items[0]) + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < items.length; i++) {
            text.append(i == 0 ? "" : ", ").append(PyStr.repr(items[i]));
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyTuple && Arrays.equals(items, ((PyTuple) other).items);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(items);
    }
}
