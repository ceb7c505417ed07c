package org.helxplatform.tycho.compiler.template;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A read-only sequence that Python prints under its own name: the views {@code dict.keys()},
 * {@code dict.values()} and {@code dict.items()} ({@code dict_keys(['a'])}), and {@code range()}
 * ({@code range(0, 3)}). It iterates and has a length like a list but does not equal one.
 */
final class PyView extends AbstractList<Object> implements RandomAccess, PyRepr {

    private final List<Object> items;
    private final String repr;
    private final boolean subscriptable;

    private PyView(List<Object> items, String repr, boolean subscriptable) {
        this.items = items;
        this.repr = repr;
        this.subscriptable = subscriptable;
    }

    /**
     * Returns {@code dict.keys()}.
     *
     * @param map the dict
     * @return its keys, in order
     */
    static PyView keys(Map<?, ?> map) {
        List<Object> keys = new ArrayList<>(map.keySet());
        return new PyView(keys, "dict_keys(" + PyStr.repr(keys) + ")", false);
    }

    /**
     * Returns {@code dict.values()}.
     *
     * @param map the dict
     * @return its values, in order
     */
    static PyView values(Map<?, ?> map) {
        List<Object> values = new ArrayList<>(map.values());
        return new PyView(values, "dict_values(" + PyStr.repr(values) + ")", false);
    }

    /**
     * Returns {@code dict.items()}.
     *
     * @param map the dict
     * @return its {@code (key, value)} tuples, in order
     */
    static PyView items(Map<?, ?> map) {
        List<Object> items = new ArrayList<>(map.size());
        map.forEach((key, value) -> items.add(PyTuple.of(key, value)));
        return new PyView(items, "dict_items(" + PyStr.repr(items) + ")", false);
    }

    /**
     * Returns {@code range(start, stop, step)}.
     *
     * @param start first number
     * @param stop  end, excluded
     * @param step  increment, not 0
     * @param limit most numbers allowed, against runaway templates
     * @return the numbers
     * @throws IllegalArgumentException when the step is 0 or the range has more than {@code limit} numbers
     */
    static PyView range(long start, long stop, long step, int limit) {
        if (step == 0) {
            throw new IllegalArgumentException("range() arg 3 must not be zero");
        }
        List<Object> numbers = new ArrayList<>();
        for (long n = start; step > 0 ? n < stop : n > stop; n += step) {
            if (numbers.size() == limit) {
                throw new IllegalArgumentException("range() is longer than " + limit + " items");
            }
            numbers.add(n);
        }
        String repr = "range(" + start + ", " + stop + (step == 1 ? "" : ", " + step) + ")";
        return new PyView(numbers, repr, true);
    }

    /**
     * Tells whether templates may index the view: a range can ({@code range(3)[0]}), a dict view cannot.
     *
     * @return true for a range
     */
    boolean isSubscriptable() {
        return subscriptable;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public String pyRepr() {
        return repr;
    }

    @Override
    public boolean equals(Object other) {
        return other == this;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
