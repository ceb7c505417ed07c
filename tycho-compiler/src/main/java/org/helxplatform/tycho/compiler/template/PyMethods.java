package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python methods templates may call on dicts ({@code d.items()}, {@code d.get('k', 'x')}) and strings
 * ({@code s.upper()}, {@code '{}-{}'.format(a, b)}), implemented with Python's semantics. Any other method call
 * on a dict, list or string is an error rather than a call of the Java method of the same name.
 */
final class PyMethods {

    /** Dict methods, by name. */
    static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get");

    /** String methods, by name. */
    static final Set<String> STRING_METHODS = Set.of("upper", "lower", "capitalize", "title", "strip", "lstrip",
        "rstrip", "startswith", "endswith", "replace", "split", "splitlines", "join", "format", "count", "find",
        "zfill", "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper");

    private PyMethods() {
    }

    /**
     * Calls a dict method.
     *
     * @param dict the dict
     * @param name the method
     * @param args the arguments
     * @return the result
     */
    static Object callDictMethod(Map<?, ?> dict, String name, Object[] args) {
        Call call = new Call("dict." + name, args);
        switch (name) {
            case "items":
                call.arity(0, 0);
                return PyView.items(dict);
            case "keys":
                call.arity(0, 0);
                return PyView.keys(dict);
            case "values":
                call.arity(0, 0);
                return PyView.values(dict);
            case "get":
                call.arity(1, 2);
                Object key = call.arg(0);
                return dict.containsKey(key) ? dict.get(key) : call.argOr(1, PyNone.NONE);
            default:
                throw unsupported("dict", name);
        }
    }

    /**
     * Calls a string method.
     *
     * @param text the string
     * @param name the method
     * @param args the arguments
     * @return the result
     */
    static Object callStringMethod(String text, String name, Object[] args) {
        Call call = new Call("str." + name, args);
        if (name.equals("format")) {
            return format(text, call);
        }
        call.noKeywords();
        switch (name) {
            case "upper":
                call.arity(0, 0);
                return text.toUpperCase();
            case "lower":
                call.arity(0, 0);
                return text.toLowerCase();
            case "capitalize":
                call.arity(0, 0);
                return text.isEmpty() ? text : text.substring(0, 1).toUpperCase() + text.substring(1).toLowerCase();
            case "title":
                call.arity(0, 0);
                return title(text);
            case "strip":
            case "lstrip":
            case "rstrip":
                call.arity(0, 1);
                return strip(text, call.argOr(0, PyNone.NONE), !name.equals("rstrip"), !name.equals("lstrip"));
            case "startswith":
            case "endswith":
                call.arity(1, 1);
                return affix(text, call.arg(0), name.equals("startswith"));
            case "replace":
                call.arity(2, 3);
                return replace(text, call.string(0), call.string(1), call.argOr(2, -1));
            case "split":
                call.arity(0, 2);
                return split(text, call.argOr(0, PyNone.NONE), call.argOr(1, -1));
            case "splitlines":
                call.arity(0, 0);
                return splitLines(text);
            case "join":
                call.arity(1, 1);
                return join(text, call.arg(0));
            case "count":
                call.arity(1, 1);
                return count(text, call.string(0));
            case "find":
                call.arity(1, 1);
                return (long) text.indexOf(call.string(0));
            case "zfill":
                call.arity(1, 1);
                return zfill(text, call.integer(0));
            case "isdigit":
                return call.arity(0, 0) && !text.isEmpty() && text.chars().allMatch(Character::isDigit);
            case "isalpha":
                return call.arity(0, 0) && !text.isEmpty() && text.chars().allMatch(Character::isLetter);
            case "isalnum":
                return call.arity(0, 0) && !text.isEmpty() && text.chars().allMatch(Character::isLetterOrDigit);
            case "isspace":
                return call.arity(0, 0) && !text.isEmpty() && text.chars().allMatch(Character::isWhitespace);
            case "islower":
                return call.arity(0, 0) && text.chars().anyMatch(Character::isLowerCase)
                    && text.chars().noneMatch(Character::isUpperCase);
            case "isupper":
                return call.arity(0, 0) && text.chars().anyMatch(Character::isUpperCase)
                    && text.chars().noneMatch(Character::isLowerCase);
            default:
                throw unsupported("str", name);
        }
    }

    /**
     * The error for a method this engine does not provide.
     *
     * @param type the Python type name
     * @param name the method
     * @return the exception to throw
     */
    static RuntimeException unsupported(String type, String name) {
        return PyException.of(type + "." + name + "()", "method '" + name + "' of '" + type
            + "' is not supported in templates; use a filter instead");
    }

    /**
     * Python's {@code str.title()}: the first letter of every run of letters upper case, the others lower case.
     *
     * @param text the string
     * @return the title-cased string
     */
    static String title(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
            inWord = Character.isLetter(c);
        }
        return out.toString();
    }

    /**
     * Python's {@code str.strip(chars)} family.
     *
     * @param text  the string
     * @param chars the characters to remove, or {@code None} for whitespace
     * @param left  whether to strip the start
     * @param right whether to strip the end
     * @return the stripped string
     */
    static String strip(String text, Object chars, boolean left, boolean right) {
        String set = chars == PyNone.NONE ? null : requireString("strip", chars);
        int start = 0;
        int end = text.length();
        while (left && start < end && strips(text.charAt(start), set)) {
            start++;
        }
        while (right && end > start && strips(text.charAt(end - 1), set)) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean strips(char c, String set) {
        return set == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : set.indexOf(c) >= 0;
    }

    private static boolean affix(String text, Object affix, boolean prefix) {
        List<?> candidates = affix instanceof PyTuple ? (List<?>) affix : List.of(affix);
        for (Object candidate : candidates) {
            String value = requireString(prefix ? "startswith" : "endswith", candidate);
            if (prefix ? text.startsWith(value) : text.endsWith(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Python's {@code str.replace(old, new, count)}.
     *
     * @param text        the string
     * @param old         what to replace
     * @param replacement what to put instead
     * @param count       how many occurrences at most, negative for all
     * @return the new string
     */
    static String replace(String text, String old, String replacement, Object count) {
        long limit = PyValues.isNumber(count) ? PyValues.bigInteger(count).longValue() : -1;
        if (limit < 0) {
            return text.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long done = 0; done < limit; done++) {
            int at = old.isEmpty() ? (from <= text.length() ? from : -1) : text.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(text, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at < text.length()) {
                    out.append(text.charAt(at));
                }
                from = at + 1;
            } else {
                from = at + old.length();
            }
        }
        return from <= text.length() ? out.append(text.substring(from)).toString() : out.toString();
    }

    /**
     * Python's {@code str.split(sep, maxsplit)}.
     *
     * @param text      the string
     * @param separator the separator, or {@code None} to split on runs of whitespace
     * @param maxSplit  the most splits, negative for no limit
     * @return the parts
     */
    static List<Object> split(String text, Object separator, Object maxSplit) {
        long limit = PyValues.isNumber(maxSplit) ? PyValues.bigInteger(maxSplit).longValue() : -1;
        List<Object> parts = new ArrayList<>();
        if (separator == PyNone.NONE || separator == null) {
            String rest = strip(text, PyNone.NONE, true, false);
            while (!rest.isEmpty()) {
                if (limit >= 0 && parts.size() == limit) {
                    parts.add(strip(rest, PyNone.NONE, false, true));
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !strips(rest.charAt(end), null)) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = strip(rest.substring(end), PyNone.NONE, true, false);
            }
            return parts;
        }
        String sep = requireString("split", separator);
        if (sep.isEmpty()) {
            throw PyException.of("ValueError", "empty separator");
        }
        int from = 0;
        int at;
        while ((limit < 0 || parts.size() < limit) && (at = text.indexOf(sep, from)) >= 0) {
            parts.add(text.substring(from, at));
            from = at + sep.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    /**
     * Python's {@code str.splitlines()}.
     *
     * @param text the string
     * @return its lines, without line breaks
     */
    static List<Object> splitLines(String text) {
        List<Object> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\n\r\u000b\f\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static String join(String separator, Object items) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : PyValues.iterate(items)) {
            out.append(first ? "" : separator).append(requireString("join", item));
            first = false;
        }
        return out.toString();
    }

    private static long count(String text, String part) {
        if (part.isEmpty()) {
            return text.length() + 1L;
        }
        long found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            found++;
        }
        return found;
    }

    private static String zfill(String text, long width) {
        if (text.length() >= width) {
            return text;
        }
        int signLength = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        return text.substring(0, signLength) + "0".repeat((int) (width - text.length())) + text.substring(signLength);
    }

    /** Python's {@code str.format()} with {@code {}}, {@code {0}} and {@code {name}} fields and {@code !r}/{@code !s}. */
    private static String format(String template, Call call) {
        StringBuilder out = new StringBuilder();
        int automatic = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < template.length() && template.charAt(i + 1) == c) {
                out.append(c);
                i += 2;
                continue;
            }
            if (c == '}') {
                throw PyException.of("ValueError", "Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int end = template.indexOf('}', i);
            if (end < 0) {
                throw PyException.of("ValueError", "Single '{' encountered in format string");
            }
            String field = template.substring(i + 1, end);
            String conversion = "s";
            int bang = field.indexOf('!');
            if (bang >= 0) {
                conversion = field.substring(bang + 1);
                field = field.substring(0, bang);
            }
            if (field.contains(":") || field.contains(".") || field.contains("[")
                || !(conversion.equals("s") || conversion.equals("r"))) {
                throw PyException.of("str.format()", "only {}, {0}, {name}, !r and !s fields are supported, not {"
                    + template.substring(i + 1, end) + "}");
            }
            Object value = field.isEmpty() ? call.positional(automatic++)
                : field.chars().allMatch(Character::isDigit) ? call.positional(Integer.parseInt(field))
                : call.keyword(field);
            out.append(conversion.equals("r") ? PyStr.repr(value) : PyStr.str(value));
            i = end + 1;
        }
        return out.toString();
    }

    private static String requireString(String method, Object value) {
        if (!PyValues.isString(value)) {
            throw PyException.typeError(method + "() argument must be str, not " + PyValues.typeName(value));
        }
        return value.toString();
    }

    /** The arguments of one method call, split into positional and keyword arguments. */
    private static final class Call {
        private final String name;
        private final List<Object> positional = new ArrayList<>();
        private final Map<String, Object> keywords = new LinkedHashMap<>();

        Call(String name, Object[] args) {
            this.name = name;
            for (Object arg : args == null ? new Object[0] : args) {
                if (arg instanceof NamedParameter) {
                    keywords.put(((NamedParameter) arg).getName(), ((NamedParameter) arg).getValue());
                } else {
                    positional.add(arg);
                }
            }
        }

        void noKeywords() {
            if (!keywords.isEmpty()) {
                throw PyException.typeError(name + "() takes no keyword arguments");
            }
        }

        boolean arity(int min, int max) {
            noKeywords();
            if (positional.size() < min || positional.size() > max) {
                throw PyException.typeError(name + "() takes " + (min == max ? "exactly " + min
                    : min + " to " + max) + " arguments (" + positional.size() + " given)");
            }
            return true;
        }

        Object arg(int index) {
            return positional.get(index);
        }

        Object argOr(int index, Object fallback) {
            return index < positional.size() ? positional.get(index) : fallback;
        }

        String string(int index) {
            return requireString(name, positional.get(index));
        }

        long integer(int index) {
            Object value = positional.get(index);
            if (!PyValues.isInteger(value)) {
                throw PyException.typeError(name + "() argument must be int, not " + PyValues.typeName(value));
            }
            return PyValues.bigInteger(value).longValue();
        }

        Object positional(int index) {
            if (index >= positional.size()) {
                throw PyException.of("IndexError", "Replacement index " + index + " out of range for " + name);
            }
            return positional.get(index);
        }

        Object keyword(String key) {
            if (!keywords.containsKey(key)) {
                throw PyException.of("KeyError", PyStr.quote(key));
            }
            return keywords.get(key);
        }
    }
}
