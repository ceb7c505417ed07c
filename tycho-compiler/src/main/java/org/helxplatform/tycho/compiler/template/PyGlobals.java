package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.Namespace;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global functions of Python Tycho's templates: Jinja2's {@code range}, {@code dict}, {@code cycler},
 * {@code namespace}, and Tycho's {@code now()} (the current UTC time, from the engine's clock).
 */
final class PyGlobals {

    /** Most numbers {@code range()} may produce. */
    static final int RANGE_LIMIT = 100_000;

    private PyGlobals() {
    }

    /**
     * Registers the functions, replacing Jinjava's functions of the same names.
     *
     * @param context the global context of the engine's Jinjava
     */
    static void register(Context context) {
        for (String name : List.of("now", "dict", "cycler", "range", "namespace")) {
            context.registerFunction(new ELFunctionDefinition("", name, PyGlobals.class, name, Object[].class));
        }
    }

    private static Object now(Object... args) {
        call("now", args, new Object[0]);
        return new PyDateTime(LocalDateTime.now(PyInterpreter.current().clock().withZone(ZoneOffset.UTC)));
    }

    private static Object dict(Object... args) {
        Args bound = call("dict", args, new Object[] {"mapping", PyNone.NONE});
        Map<Object, Object> dict = new LinkedHashMap<>();
        if (!bound.isNone("mapping")) {
            Object source = bound.get("mapping");
            if (source instanceof Map) {
                dict.putAll((Map<?, ?>) source);
            } else {
                for (Object pair : PyValues.iterate(source)) {
                    List<Object> items = PyValues.toList(pair);
                    if (items.size() != 2) {
                        throw PyException.of("ValueError", "dictionary update sequence element has length "
                            + items.size() + "; 2 is required");
                    }
                    dict.put(items.get(0), items.get(1));
                }
            }
        }
        dict.putAll(bound.extraKeywords());
        return dict;
    }

    private static Object cycler(Object... args) {
        Map<String, Object> keywords = new LinkedHashMap<>();
        List<Object> items = Args.positional(args, keywords);
        if (!keywords.isEmpty()) {
            throw PyException.typeError("cycler() takes no keyword arguments");
        }
        return new Cycler(items);
    }

    private static Object range(Object... args) {
        Map<String, Object> keywords = new LinkedHashMap<>();
        List<Object> numbers = Args.positional(args, keywords);
        if (!keywords.isEmpty() || numbers.isEmpty() || numbers.size() > 3) {
            throw PyException.typeError("range expected 1 to 3 integer arguments");
        }
        long[] values = new long[numbers.size()];
        for (int i = 0; i < values.length; i++) {
            if (!PyValues.isInteger(numbers.get(i)) && !(numbers.get(i) instanceof Boolean)) {
                throw PyException.typeError("'" + PyValues.typeName(numbers.get(i))
                    + "' object cannot be interpreted as an integer");
            }
            values[i] = PyValues.bigInteger(numbers.get(i)).longValue();
        }
        long start = values.length == 1 ? 0 : values[0];
        long stop = values.length == 1 ? values[0] : values[1];
        long step = values.length == 3 ? values[2] : 1;
        try {
            return PyView.range(start, stop, step, RANGE_LIMIT);
        } catch (IllegalArgumentException e) {
            throw PyException.of("range", e.getMessage());
        }
    }

    private static Object namespace(Object... args) {
        Args bound = call("namespace", args, new Object[] {"mapping", PyNone.NONE});
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (!bound.isNone("mapping")) {
            if (!(bound.get("mapping") instanceof Map)) {
                throw PyException.typeError("namespace() takes a dict and keyword arguments");
            }
            ((Map<?, ?>) bound.get("mapping")).forEach((key, value) -> attributes.put(PyStr.str(key), value));
        }
        attributes.putAll(bound.extraKeywords());
        return new Namespace(attributes);
    }

    private static Args call(String function, Object[] args, Object[] signature) {
        Map<String, Object> keywords = new LinkedHashMap<>();
        List<Object> positional = Args.positional(args, keywords);
        if (positional.size() > signature.length / 2) {
            throw PyException.typeError(function + "() takes at most " + signature.length / 2 + " positional "
                + "argument(s) (" + positional.size() + " given)");
        }
        boolean takesKeywords = !function.equals("now");
        return Args.bind(function, signature, positional, keywords, takesKeywords);
    }
}
