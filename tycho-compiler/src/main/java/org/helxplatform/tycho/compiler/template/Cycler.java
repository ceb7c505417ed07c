package org.helxplatform.tycho.compiler.template;

import java.util.List;

/**
 * Jinja2's {@code cycler(a, b, ...)}: {@code next()} returns the current item and moves on, {@code current} reads
 * it, {@code reset()} goes back to the first.
 */
final class Cycler implements TemplateObject {

    private final List<Object> items;
    private int position;

    /**
     * Creates a cycler.
     *
     * @param items the items to cycle through, at least one
     */
    Cycler(List<Object> items) {
        if (items.isEmpty()) {
            throw PyException.typeError("at least one item has to be provided");
        }
        this.items = items;
    }

    @Override
    public Object attribute(String name) {
        return name.equals("current") ? items.get(position) : null;
    }

    @Override
    public Object call(String name, Object[] args) {
        if (args.length != 0) {
            throw PyException.typeError("Cycler." + name + "() takes no arguments");
        }
        switch (name) {
            case "next":
                Object current = items.get(position);
                position = (position + 1) % items.size();
                return current;
            case "reset":
                position = 0;
                return PyNone.NONE;
            default:
                throw PyMethods.unsupported("Cycler", name);
        }
    }

    @Override
    public String pyRepr() {
        throw PyException.typeError("a cycler prints as '<jinja2.utils.Cycler object at …>' in Jinja2; print "
            + "c.current or c.next() instead");
    }
}
