package org.helxplatform.tycho.compiler.template;

import java.util.Iterator;

/**
 * A Python generator, as returned by the Jinja2 filters {@code map}, {@code select}, {@code reject},
 * {@code selectattr}, {@code rejectattr}, {@code unique}, {@code items}, {@code batch} and {@code reverse}: lazy,
 * iterable once, always true, without a length. Jinja2 prints one as {@code <generator object … at 0x…>}, so
 * printing one is an error here (convert with {@code |list}).
 */
final class PyGenerator implements Iterable<Object>, PyRepr {

    private final Iterator<?> items;

    /**
     * Wraps the items the generator will yield.
     *
     * @param items the items, computed lazily by the iterator
     */
    PyGenerator(Iterator<?> items) {
        this.items = items;
    }

    @Override
    public Iterator<Object> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Object next() {
                return items.next();
            }
        };
    }

    @Override
    public String pyRepr() {
        throw PyException.typeError("a generator (the result of a filter such as map, select or unique) prints as "
            + "'<generator object …>' in Jinja2; convert it with |list or |join");
    }
}
