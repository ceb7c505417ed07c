package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.objects.Namespace;
import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code str()} and {@code repr()} for template values, so that {@code {{ value }}} prints what Jinja2
 * prints: {@code None}, {@code True}, {@code 1.0}, {@code 1e-05}, {@code ['a', "it's"]}, {@code {'k': None}},
 * {@code (1,)}. Values of a type Python Tycho never has in a context are refused rather than printed differently.
 */
final class PyStr {

    private PyStr() {
    }

    /**
     * Python's {@code str()}: strings as they are, an undefined value as empty text, everything else as
     * {@link #repr}.
     *
     * @param value a template value; {@code null} means undefined
     * @return the text Jinja2 prints for it
     */
    static String str(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof CharSequence || value instanceof SafeString || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof PyRepr) {
            return ((PyRepr) value).pyStr();
        }
        return repr(value);
    }

    /**
     * Python's {@code repr()}.
     *
     * @param value a template value; {@code null} means undefined and prints {@code Undefined}
     * @return the representation
     * @throws IllegalArgumentException (or the render's error) for a value of a type with no Python counterpart
     */
    static String repr(Object value) {
        if (value == null) {
            return "Undefined";
        }
        if (value instanceof PyRepr) {
            return ((PyRepr) value).pyRepr();
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof CharSequence || value instanceof SafeString || value instanceof Character) {
            return quote(value.toString());
        }
        if (value instanceof Number) {
            return number((Number) value);
        }
        if (value instanceof Namespace) {
            return "<Namespace " + mapping((Map<?, ?>) value) + ">";
        }
        if (value instanceof Map) {
            return mapping((Map<?, ?>) value);
        }
        if (value instanceof Map.Entry) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
            return PyTuple.of(entry.getKey(), entry.getValue()).pyRepr();
        }
        if (value instanceof Set) {
            return ((Set<?>) value).isEmpty() ? "set()" : sequence("{", (Set<?>) value, "}");
        }
        if (value instanceof Collection) {
            return sequence("[", (Collection<?>) value, "]");
        }
        if (value instanceof Object[]) {
            return sequence("[", Arrays.asList((Object[]) value), "]");
        }
        if (value instanceof MacroFunction) {
            return "<Macro " + quote(((MacroFunction) value).getName()) + ">";
        }
        throw PyException.typeError("a value of Java type " + value.getClass().getName()
            + " has no Python form; pass maps, lists, strings, numbers, booleans or null");
    }

    private static String number(Number number) {
        return PyValues.isInteger(number) ? number.toString() : floatRepr(number.doubleValue());
    }

    private static String mapping(Map<?, ?> map) {
        StringBuilder text = new StringBuilder("{");
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            text.append(repr(entry.getKey())).append(": ").append(repr(entry.getValue()));
            if (entries.hasNext()) {
                text.append(", ");
            }
        }
        return text.append('}').toString();
    }

    private static String sequence(String open, Collection<?> items, String close) {
        StringBuilder text = new StringBuilder(open);
        Iterator<?> iterator = items.iterator();
        while (iterator.hasNext()) {
            text.append(repr(iterator.next()));
            if (iterator.hasNext()) {
                text.append(", ");
            }
        }
        return text.append(close).toString();
    }

    /**
     * Python's {@code repr()} of a float.
     *
     * @param value the number
     * @return its Python representation
     */
    static String floatRepr(double value) {
        return org.helxplatform.tycho.compiler.internal.PyStr.ofFloat(value);
    }

    /**
     * Python's {@code repr()} of a string: single quotes unless the text has a single quote and no double quote,
     * with backslash escapes for the quote, backslashes and unprintable characters.
     *
     * @param text the string
     * @return the quoted string
     */
    static String quote(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        text.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
            } else if (c < 0x10000) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        });
        return out.append(quote).toString();
    }

    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
