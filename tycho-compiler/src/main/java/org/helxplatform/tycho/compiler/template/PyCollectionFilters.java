package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * Jinja2's filters over sequences and dicts ({@code map}, {@code select}, {@code sort}, {@code groupby},
 * {@code items}...), with Jinja2 3.1's semantics: the filters Jinja2 implements as generators return a
 * {@link PyGenerator}, string keys compare case-insensitively unless {@code case_sensitive} is set, and an
 * {@code attribute} may be a dotted path.
 */
final class PyCollectionFilters {

    private static final List<String> GROUP_FIELDS = List.of("grouper", "list");

    private PyCollectionFilters() {
    }

    /**
     * Registers the filters.
     *
     * @param context the global context of the engine's Jinjava
     */
    static void register(Context context) {
        Object[] none = new Object[0];
        add(context, "batch", new Object[] {"linecount", Args.REQUIRED, "fill_with", PyNone.NONE}, false,
            (value, args, i) -> batch(value, args));
        PyFilter.Body length = (value, args, i) -> value == null ? 0L : (long) PyValues.length(value);
        add(context, "length", none, false, length);
        add(context, "count", none, false, length);
        add(context, "dictsort", new Object[] {"case_sensitive", false, "by", "key", "reverse", false}, false,
            (value, args, i) -> dictsort(value, args));
        add(context, "first", none, false, (value, args, i) -> {
            Iterator<?> items = PyValues.iterate(value).iterator();
            return items.hasNext() ? items.next() : null;
        });
        add(context, "last", none, false, (value, args, i) -> last(value));
        add(context, "groupby", new Object[] {"attribute", Args.REQUIRED, "default", PyNone.NONE,
            "case_sensitive", false}, false, (value, args, i) -> groupby(value, args));
        add(context, "items", none, false, (value, args, i) -> items(value));
        add(context, "join", new Object[] {"d", "", "attribute", PyNone.NONE}, false, (value, args, i) -> {
            StringBuilder out = new StringBuilder();
            Function<Object, Object> getter = getter(args, "attribute", null, false);
            String separator = PyStr.str(args.get("d"));
            boolean first = true;
            for (Object item : PyValues.iterate(value)) {
                out.append(first ? "" : separator).append(PyStr.str(getter.apply(item)));
                first = false;
            }
            return out.toString();
        });
        add(context, "list", none, false, (value, args, i) -> PyValues.toList(value));
        add(context, "map", none, true, PyCollectionFilters::map);
        add(context, "max", new Object[] {"case_sensitive", false, "attribute", PyNone.NONE}, false,
            (value, args, i) -> extreme(value, args, 1));
        add(context, "min", new Object[] {"case_sensitive", false, "attribute", PyNone.NONE}, false,
            (value, args, i) -> extreme(value, args, -1));
        add(context, "select", none, true, (value, args, i) -> selectOrReject(value, args, i, false, true));
        add(context, "reject", none, true, (value, args, i) -> selectOrReject(value, args, i, false, false));
        add(context, "selectattr", none, true, (value, args, i) -> selectOrReject(value, args, i, true, true));
        add(context, "rejectattr", none, true, (value, args, i) -> selectOrReject(value, args, i, true, false));
        add(context, "reverse", none, false, (value, args, i) -> reverse(value));
        add(context, "sort", new Object[] {"reverse", false, "case_sensitive", false, "attribute", PyNone.NONE},
            false, (value, args, i) -> {
                List<Object> items = PyValues.toList(value);
                Comparator<Object> order = order(getter(args, "attribute", null, !args.flag("case_sensitive")));
                items.sort(args.flag("reverse") ? order.reversed() : order);
                return items;
            });
        add(context, "sum", new Object[] {"attribute", PyNone.NONE, "start", 0L}, false, (value, args, i) -> {
            Function<Object, Object> getter = getter(args, "attribute", null, false);
            Object total = args.get("start");
            for (Object item : PyValues.iterate(value)) {
                total = PyOperators.add(total, getter.apply(item));
            }
            return total;
        });
        add(context, "unique", new Object[] {"case_sensitive", false, "attribute", PyNone.NONE}, false,
            (value, args, i) -> unique(value, args));
    }

    private static void add(Context context, String name, Object[] signature, boolean varargs, PyFilter.Body body) {
        context.registerFilter(new PyFilter(name, signature, varargs, body));
    }

    /**
     * Jinja2's {@code make_attrgetter}: reads a dotted attribute path of an item.
     *
     * @param path     the attribute path, such as {@code port} or {@code meta.name} or {@code 0}
     * @param fallback what to return where the attribute is undefined, or null
     * @param lower    whether to lower-case string results (case-insensitive comparison)
     * @return the getter
     */
    static Function<Object, Object> attribute(String path, Object fallback, boolean lower) {
        String[] parts = path.split("\\.");
        return item -> {
            Object value = item;
            for (String part : parts) {
                value = value == null ? null : PyELResolver.item(value, part);
            }
            if (value == null && fallback != null) {
                value = fallback;
            }
            return lower ? lower(value) : value;
        };
    }

    private static Function<Object, Object> getter(Args args, String parameter, Object fallback, boolean lower) {
        if (args.isNone(parameter)) {
            return lower ? PyCollectionFilters::lower : Function.identity();
        }
        return attribute(PyStr.str(args.get(parameter)), fallback, lower);
    }

    private static Object lower(Object value) {
        return PyValues.isString(value) ? value.toString().toLowerCase(Locale.ROOT) : value;
    }

    private static Comparator<Object> order(Function<Object, Object> key) {
        return (a, b) -> PyValues.compare("<", key.apply(a), key.apply(b));
    }

    private static Object batch(Object value, Args args) {
        long size = args.integer("linecount");
        if (size <= 0) {
            throw PyException.of("batch", "linecount must be positive");
        }
        Iterator<?> items = PyValues.iterate(value).iterator();
        Object fill = args.get("fill_with");
        return new PyGenerator(new Iterator<Object>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Object next() {
                List<Object> chunk = new ArrayList<>();
                while (chunk.size() < size && items.hasNext()) {
                    chunk.add(items.next());
                }
                while (fill != PyNone.NONE && chunk.size() < size) {
                    chunk.add(fill);
                }
                return chunk;
            }
        });
    }

    private static Object dictsort(Object value, Args args) {
        if (!(value instanceof Map)) {
            throw PyException.typeError("dictsort expects a dict, got " + PyValues.typeName(value));
        }
        String by = args.string("by");
        if (!by.equals("key") && !by.equals("value")) {
            throw PyException.of("dictsort", "You can only sort by either \"key\" or \"value\"");
        }
        int position = by.equals("key") ? 0 : 1;
        boolean lower = !args.flag("case_sensitive");
        List<Object> items = new ArrayList<>(PyView.items((Map<?, ?>) value));
        Comparator<Object> order = order(item -> {
            Object key = ((PyTuple) item).get(position);
            return lower ? lower(key) : key;
        });
        items.sort(args.flag("reverse") ? order.reversed() : order);
        return items;
    }

    private static Object last(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof PyGenerator || !(value instanceof Iterable || value instanceof Map
            || value instanceof Object[] || PyValues.isString(value))) {
            throw PyException.typeError("'" + PyValues.typeName(value) + "' object is not reversible");
        }
        List<Object> items = PyValues.toList(value);
        return items.isEmpty() ? null : items.get(items.size() - 1);
    }

    private static Object groupby(Object value, Args args) {
        Object fallback = args.isNone("default") ? null : args.get("default");
        boolean caseSensitive = args.flag("case_sensitive");
        String path = PyStr.str(args.get("attribute"));
        Function<Object, Object> key = attribute(path, fallback, !caseSensitive);
        Function<Object, Object> grouper = attribute(path, fallback, false);
        List<Object> items = PyValues.toList(value);
        items.sort(order(key));
        List<Object> groups = new ArrayList<>();
        List<Object> current = null;
        Object currentKey = null;
        for (Object item : items) {
            Object itemKey = key.apply(item);
            if (current == null || !PyValues.equal(itemKey, currentKey)) {
                current = new ArrayList<>();
                currentKey = itemKey;
                groups.add(PyTuple.named(GROUP_FIELDS, grouper.apply(item), current));
            }
            current.add(item);
        }
        return groups;
    }

    private static Object items(Object value) {
        if (value == null) {
            return new PyGenerator(Collections.emptyIterator());
        }
        if (!(value instanceof Map)) {
            throw PyException.typeError("Can only get item pairs from a mapping.");
        }
        return new PyGenerator(PyView.items((Map<?, ?>) value).iterator());
    }

    private static Object map(Object value, Args args, JinjavaInterpreter interpreter) {
        Function<Object, Object> function;
        Map<String, Object> keywords = new LinkedHashMap<>(args.extraKeywords());
        if (args.extra().isEmpty() && keywords.containsKey("attribute")) {
            Object attribute = keywords.remove("attribute");
            Object fallback = keywords.remove("default");
            if (!keywords.isEmpty()) {
                throw PyException.of("map", "Unexpected keyword argument " + PyStr.quote(keywords.keySet()
                    .iterator().next()));
            }
            function = attribute(PyStr.str(attribute), fallback == PyNone.NONE ? null : fallback, false);
        } else {
            if (args.extra().isEmpty()) {
                throw PyException.of("map", "map requires a filter argument");
            }
            String name = PyStr.str(args.extra().get(0));
            Filter filter = interpreter.getContext().getFilter(name);
            if (!(filter instanceof PyFilter)) {
                throw PyException.of("map", "No filter named " + PyStr.quote(name));
            }
            Object[] rest = args.extra().subList(1, args.extra().size()).toArray();
            function = item -> filter.filter(item, interpreter, rest, keywords);
        }
        Iterable<?> items = PyValues.truth(value) ? PyValues.iterate(value) : List.of();
        return new PyGenerator(StreamSupport.stream(items.spliterator(), false).map(function).iterator());
    }

    private static Object extreme(Object value, Args args, int sign) {
        Function<Object, Object> key = getter(args, "attribute", null, !args.flag("case_sensitive"));
        Object best = null;
        Object bestKey = null;
        boolean any = false;
        for (Object item : PyValues.iterate(value)) {
            Object itemKey = key.apply(item);
            if (!any || sign * PyValues.compare(sign > 0 ? ">" : "<", itemKey, bestKey) > 0) {
                best = item;
                bestKey = itemKey;
                any = true;
            }
        }
        return best;
    }

    private static Object selectOrReject(Object value, Args args, JinjavaInterpreter interpreter,
                                         boolean byAttribute, boolean select) {
        List<Object> rest = args.extra();
        Function<Object, Object> source = Function.identity();
        if (byAttribute) {
            if (rest.isEmpty()) {
                throw PyException.of(select ? "selectattr" : "rejectattr", "Missing parameter for attribute name");
            }
            source = attribute(PyStr.str(rest.get(0)), null, false);
            rest = rest.subList(1, rest.size());
        }
        Predicate<Object> test;
        if (rest.isEmpty()) {
            test = PyValues::truth;
        } else {
            String name = PyStr.str(rest.get(0));
            ExpTest expTest = interpreter.getContext().getExpTest(name);
            if (!(expTest instanceof PyTests.PyTest)) {
                throw PyException.of("select", "No test named " + PyStr.quote(name));
            }
            Object[] testArgs = rest.subList(1, rest.size()).toArray();
            test = item -> expTest.evaluate(item, interpreter, testArgs);
        }
        Function<Object, Object> finalSource = source;
        Predicate<Object> keep = item -> test.test(finalSource.apply(item)) == select;
        Iterator<?> items = PyValues.truth(value) ? PyValues.iterate(value).iterator() : Collections.emptyIterator();
        return new PyGenerator(new Iterator<Object>() {
            private Object next;
            private boolean ready;

            @Override
            public boolean hasNext() {
                while (!ready && items.hasNext()) {
                    Object candidate = items.next();
                    if (keep.test(candidate)) {
                        next = candidate;
                        ready = true;
                    }
                }
                return ready;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ready = false;
                return next;
            }
        });
    }

    private static Object reverse(Object value) {
        if (PyValues.isString(value)) {
            return new StringBuilder(value.toString()).reverse().toString();
        }
        List<Object> items = PyValues.toList(value);
        Collections.reverse(items);
        return value instanceof PyGenerator ? items : new PyGenerator(items.iterator());
    }

    private static Object unique(Object value, Args args) {
        Function<Object, Object> key = getter(args, "attribute", null, !args.flag("case_sensitive"));
        List<Object> seen = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        for (Object item : PyValues.iterate(value)) {
            Object itemKey = key.apply(item);
            if (seen.stream().noneMatch(known -> PyValues.equal(known, itemKey))) {
                seen.add(itemKey);
                kept.add(item);
            }
        }
        return new PyGenerator(kept.iterator());
    }
}
