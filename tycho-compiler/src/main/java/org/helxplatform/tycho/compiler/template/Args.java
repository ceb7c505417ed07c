package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a filter, test or function call bound to its Python signature: positional arguments first,
 * then keyword arguments by name, then defaults; too many or unknown arguments are Python's {@code TypeError}.
 */
final class Args {

    /** Marks a parameter without a default. */
    static final Object REQUIRED = new Object();

    private final String function;
    private final Map<String, Object> values;
    private final List<Object> extra;
    private final Map<String, Object> extraKeywords;

    private Args(String function, Map<String, Object> values, List<Object> extra,
                 Map<String, Object> extraKeywords) {
        this.function = function;
        this.values = values;
        this.extra = extra;
        this.extraKeywords = extraKeywords;
    }

    /**
     * Binds call arguments to a signature.
     *
     * @param function   the filter or function, for errors
     * @param signature  parameter names and defaults, alternating ({@code "width", 4L, "first", false}); use
     *                   {@link #REQUIRED} for parameters without a default
     * @param positional the positional arguments
     * @param keywords   the keyword arguments
     * @param varargs    whether extra positional arguments ({@code *args}) and keyword arguments
     *                   ({@code **kwargs}) are accepted (see {@link #extra()} and {@link #extraKeywords()})
     * @return the bound arguments
     */
    static Args bind(String function, Object[] signature, List<?> positional, Map<String, ?> keywords,
                     boolean varargs) {
        Map<String, Object> values = new LinkedHashMap<>();
        int parameters = signature.length / 2;
        if (positional.size() > parameters && !varargs) {
            throw PyException.typeError(function + "() takes at most " + parameters + " argument(s) ("
                + positional.size() + " given)");
        }
        Map<String, Object> extraKeywords = new LinkedHashMap<>();
        keywords.forEach((keyword, value) -> {
            if (indexOf(signature, keyword) >= 0) {
                return;
            }
            if (!varargs) {
                throw PyException.typeError(function + "() got an unexpected keyword argument '" + keyword + "'");
            }
            extraKeywords.put(keyword, value);
        });
        for (int i = 0; i < parameters; i++) {
            String name = (String) signature[2 * i];
            boolean given = i < positional.size();
            if (given && keywords.containsKey(name)) {
                throw PyException.typeError(function + "() got multiple values for argument '" + name + "'");
            }
            Object value = given ? positional.get(i) : keywords.containsKey(name) ? keywords.get(name)
                : signature[2 * i + 1];
            if (value == REQUIRED) {
                throw PyException.typeError(function + "() missing required argument '" + name + "'");
            }
            values.put(name, value);
        }
        List<Object> extra = positional.size() > parameters
            ? new ArrayList<>(positional.subList(parameters, positional.size())) : List.of();
        return new Args(function, values, extra, extraKeywords);
    }

    /**
     * Splits raw call arguments, where keyword arguments arrive as {@link NamedParameter}s.
     *
     * @param raw      the evaluated arguments of a call
     * @param keywords receives the keyword arguments, in order
     * @return the positional arguments
     */
    static List<Object> positional(Object[] raw, Map<String, Object> keywords) {
        List<Object> positional = new ArrayList<>();
        for (Object arg : raw == null ? new Object[0] : raw) {
            if (arg instanceof NamedParameter) {
                keywords.put(((NamedParameter) arg).getName(), ((NamedParameter) arg).getValue());
            } else {
                positional.add(arg);
            }
        }
        return positional;
    }

    private static int indexOf(Object[] signature, String name) {
        for (int i = 0; i < signature.length; i += 2) {
            if (signature[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of a parameter.
     *
     * @param name the parameter
     * @return its value; {@code null} means undefined, {@link PyNone#NONE} None
     */
    Object get(String name) {
        return values.get(name);
    }

    /**
     * Tells whether a parameter is {@code None} (or undefined).
     *
     * @param name the parameter
     * @return true when it has no value
     */
    boolean isNone(String name) {
        Object value = values.get(name);
        return value == null || value == PyNone.NONE;
    }

    /**
     * The truth of a parameter.
     *
     * @param name the parameter
     * @return its Python truth value
     */
    boolean flag(String name) {
        return PyValues.truth(values.get(name));
    }

    /**
     * An integer parameter.
     *
     * @param name the parameter
     * @return its value
     * @throws RuntimeException Python's {@code TypeError} when it is not an integer
     */
    long integer(String name) {
        Object value = values.get(name);
        if (!PyValues.isInteger(value) && !(value instanceof Boolean)) {
            throw PyException.typeError(function + "(): '" + name + "' must be an integer, not "
                + PyValues.typeName(value));
        }
        return PyValues.bigInteger(value).longValue();
    }

    /**
     * A string parameter.
     *
     * @param name the parameter
     * @return its text
     * @throws RuntimeException Python's {@code TypeError} when it is not a string
     */
    String string(String name) {
        Object value = values.get(name);
        if (!PyValues.isString(value)) {
            throw PyException.typeError(function + "(): '" + name + "' must be a string, not "
                + PyValues.typeName(value));
        }
        return value.toString();
    }

    /**
     * The positional arguments beyond the signature ({@code *args}).
     *
     * @return the extra arguments
     */
    List<Object> extra() {
        return extra;
    }

    /**
     * The keyword arguments not in the signature ({@code **kwargs}).
     *
     * @return the extra keyword arguments, in order
     */
    Map<String, Object> extraKeywords() {
        return extraKeywords;
    }
}
