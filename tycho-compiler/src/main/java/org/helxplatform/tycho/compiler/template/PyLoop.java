package org.helxplatform.tycho.compiler.template;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code loop} variable of a {@code for} loop, with Jinja2's attributes {@code index}, {@code index0},
 * {@code revindex}, {@code revindex0}, {@code first}, {@code last}, {@code length}, {@code depth},
 * {@code depth0}, {@code previtem}, {@code nextitem} and methods {@code cycle(...)} and {@code changed(...)}.
 */
final class PyLoop implements TemplateObject {

    private final List<Object> items;
    private final long depth;
    private int position = -1;
    private List<Object> lastChanged;

    /**
     * Creates the loop state for the items a loop visits.
     *
     * @param items the items, after the loop's {@code if} filter
     * @param depth the recursion level of a recursive loop, from 1
     */
    PyLoop(List<Object> items, long depth) {
        this.items = items;
        this.depth = depth;
    }

    /** Moves to the next item. */
    void advance() {
        position++;
    }

    @Override
    public Object attribute(String name) {
        long length = items.size();
        switch (name) {
            case "index": return position + 1L;
            case "index0": return (long) position;
            case "revindex": return length - position;
            case "revindex0": return length - position - 1;
            case "first": return position == 0;
            case "last": return position == length - 1;
            case "length": return length;
            case "depth": return depth;
            case "depth0": return depth - 1;
            case "previtem": return position > 0 ? items.get(position - 1) : null;
            case "nextitem": return position + 1 < length ? items.get(position + 1) : null;
            default: return null;
        }
    }

    @Override
    public Object call(String name, Object[] args) {
        switch (name) {
            case "cycle":
                if (args.length == 0) {
                    throw PyException.typeError("no items for cycling given");
                }
                return args[position % args.length];
            case "changed":
                List<Object> values = Arrays.asList(args.clone());
                boolean changed = lastChanged == null || !PyValues.equal(values, lastChanged);
                lastChanged = values;
                return changed;
            default:
                throw PyMethods.unsupported("LoopContext", name);
        }
    }

    @Override
    public String pyRepr() {
        return "<LoopContext " + (position + 1) + "/" + items.size() + ">";
    }
}
