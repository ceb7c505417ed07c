package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.objects.Namespace;
import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's string, number and general filters ({@code default}, {@code format}, {@code indent}, {@code int},
 * {@code round}, {@code tojson}...), implemented with Jinja2 3.1's semantics. Sequence filters are in
 * {@link PyCollectionFilters}.
 */
final class PyFilters {

    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD_BEGINNING = Pattern.compile("[-\\s({\\[<]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PYTHON_FLOAT = Pattern.compile(
        "[+-]?(((\\d(_?\\d)*)?\\.\\d(_?\\d)*|\\d(_?\\d)*\\.?)([eE][+-]?\\d(_?\\d)*)?|inf|infinity|nan)",
        Pattern.CASE_INSENSITIVE);

    private PyFilters() {
    }

    /**
     * Registers the filters, replacing Jinjava's filters of the same names.
     *
     * @param context the global context of the engine's Jinjava
     */
    static void register(Context context) {
        for (PyFilter filter : filters()) {
            context.registerFilter(filter);
        }
        PyCollectionFilters.register(context);
    }

    private static List<PyFilter> filters() {
        List<PyFilter> filters = new ArrayList<>();
        filters.add(new PyFilter("abs", new Object[0], false, (value, args, i) -> abs(value)));
        filters.add(new PyFilter("attr", new Object[] {"name", Args.REQUIRED}, false,
            (value, args, i) -> attr(value, PyStr.str(args.get("name")))));
        filters.add(new PyFilter("capitalize", new Object[0], false, (value, args, i) -> {
            String text = PyStr.str(value);
            return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT)
                + text.substring(1).toLowerCase(Locale.ROOT);
        }));
        filters.add(new PyFilter("center", new Object[] {"width", 80L}, false,
            (value, args, i) -> center(PyStr.str(value), (int) args.integer("width"))));
        Object[] defaultSignature = {"default_value", "", "boolean", false};
        PyFilter.Body defaultBody = (value, args, i) ->
            value == null || (args.flag("boolean") && !PyValues.truth(value)) ? args.get("default_value") : value;
        filters.add(new PyFilter("default", defaultSignature, false, defaultBody));
        filters.add(new PyFilter("d", defaultSignature, false, defaultBody));
        PyFilter.Body escape = (value, args, i) -> value instanceof SafeString ? value
            : new SafeString(escapeHtml(PyStr.str(value)));
        filters.add(new PyFilter("escape", new Object[0], false, escape));
        filters.add(new PyFilter("e", new Object[0], false, escape));
        filters.add(new PyFilter("float", new Object[] {"default", 0.0}, false,
            (value, args, i) -> toFloat(defined("float", value), args.get("default"))));
        filters.add(new PyFilter("format", new Object[0], true, (value, args, i) -> {
            if (!args.extra().isEmpty() && !args.extraKeywords().isEmpty()) {
                throw PyException.of("format", "can't handle positional and keyword arguments at the same time");
            }
            Object operand = args.extraKeywords().isEmpty() ? PyTuple.copyOf(args.extra()) : args.extraKeywords();
            return PyFormat.percent(PyStr.str(value), operand);
        }));
        filters.add(new PyFilter("indent", new Object[] {"width", 4L, "first", false, "blank", false}, false,
            (value, args, i) -> indent(PyStr.str(defined("indent", value)), args)));
        filters.add(new PyFilter("int", new Object[] {"default", 0L, "base", 10L}, false,
            (value, args, i) -> toInt(defined("int", value), args.get("default"), (int) args.integer("base"))));
        filters.add(new PyFilter("lower", new Object[0], false,
            (value, args, i) -> PyStr.str(value).toLowerCase(Locale.ROOT)));
        filters.add(new PyFilter("upper", new Object[0], false,
            (value, args, i) -> PyStr.str(value).toUpperCase(Locale.ROOT)));
        filters.add(new PyFilter("replace", new Object[] {"old", Args.REQUIRED, "new", Args.REQUIRED,
            "count", PyNone.NONE}, false, (value, args, i) -> PyMethods.replace(PyStr.str(value),
            PyStr.str(args.get("old")), PyStr.str(args.get("new")), args.isNone("count") ? -1L : args.get("count"))));
        filters.add(new PyFilter("round", new Object[] {"precision", 0L, "method", "common"}, false,
            (value, args, i) -> round(value, (int) args.integer("precision"), args.string("method"))));
        filters.add(new PyFilter("safe", new Object[0], false,
            (value, args, i) -> value instanceof SafeString ? value : new SafeString(PyStr.str(value))));
        filters.add(new PyFilter("string", new Object[0], false, (value, args, i) -> PyStr.str(value)));
        filters.add(new PyFilter("title", new Object[0], false, (value, args, i) -> title(PyStr.str(value))));
        filters.add(new PyFilter("tojson", new Object[] {"indent", PyNone.NONE}, false,
            (value, args, i) -> new SafeString(PyJson.htmlSafe(value,
                args.isNone("indent") ? -1 : (int) args.integer("indent")))));
        filters.add(new PyFilter("trim", new Object[] {"chars", PyNone.NONE}, false,
            (value, args, i) -> PyMethods.strip(PyStr.str(value), args.isNone("chars") ? PyNone.NONE
                : args.get("chars"), true, true)));
        filters.add(new PyFilter("truncate", new Object[] {"length", 255L, "killwords", false, "end", "...",
            "leeway", 5L}, false, (value, args, i) -> truncate(PyStr.str(value), args)));
        filters.add(new PyFilter("wordcount", new Object[0], false, (value, args, i) -> {
            Matcher words = WORD.matcher(PyStr.str(value));
            long count = 0;
            while (words.find()) {
                count++;
            }
            return count;
        }));
        return filters;
    }

    /**
     * Fails for an undefined value where Jinja2's filter uses it in a way {@code Undefined} refuses.
     *
     * @param filter the filter
     * @param value  its input
     * @return the input, when defined
     */
    private static Object defined(String filter, Object value) {
        if (value == null) {
            throw PyException.of("UndefinedError", "the input of |" + filter + " is undefined");
        }
        return value;
    }

    private static Object abs(Object value) {
        if (PyValues.isFloat(value)) {
            return Math.abs(PyValues.toDouble(value));
        }
        if (PyValues.isNumber(value)) {
            return PyValues.integer(PyValues.bigInteger(value).abs());
        }
        throw PyException.typeError("bad operand type for abs(): '" + PyValues.typeName(value) + "'");
    }

    /**
     * Jinja2's {@code attr}: an attribute, never an item, so a dict's keys are not found (its methods would be
     * bound methods, which have no printable form here).
     */
    private static Object attr(Object value, String name) {
        if (value instanceof TemplateObject || value instanceof PyTuple || value instanceof Namespace) {
            return PyELResolver.item(value, name);
        }
        boolean method = value instanceof Map ? PyMethods.DICT_METHODS.contains(name)
            : PyValues.isString(value) && PyMethods.STRING_METHODS.contains(name);
        if (method) {
            throw PyException.of("attr", "'" + name + "' is a method; call it instead of reading it with |attr");
        }
        return null;
    }

    private static String center(String text, int width) {
        int margin = width - text.length();
        if (margin <= 0) {
            return text;
        }
        int left = margin / 2 + (margin & width & 1);
        return " ".repeat(left) + text + " ".repeat(margin - left);
    }

    /**
     * HTML-escapes text as markupsafe does: {@code & < > " '}.
     *
     * @param text the text
     * @return the escaped text
     */
    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
            .replace("'", "&#39;");
    }

    private static String indent(String text, Args args) {
        Object width = args.get("width");
        String indention = PyValues.isString(width) ? width.toString() : " ".repeat((int) args.integer("width"));
        List<Object> lines = PyMethods.splitLines(text + "\n");
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            String line = (String) lines.get(n);
            if (n > 0) {
                out.append('\n').append(args.flag("blank") || !line.isEmpty() ? indention : "");
            }
            out.append(line);
        }
        return args.flag("first") ? indention + out : out.toString();
    }

    private static Object toFloat(Object value, Object fallback) {
        if (PyValues.isNumber(value)) {
            return PyValues.toDouble(value);
        }
        if (PyValues.isString(value)) {
            Double parsed = parseFloat(value.toString());
            return parsed == null ? fallback : parsed;
        }
        return fallback;
    }

    /** Python's {@code float(str)}, or null when Python would raise {@code ValueError}. */
    private static Double parseFloat(String text) {
        String trimmed = text.strip();
        if (!PYTHON_FLOAT.matcher(trimmed).matches()) {
            return null;
        }
        String plain = trimmed.replace("_", "").toLowerCase(Locale.ROOT);
        if (plain.endsWith("inf") || plain.endsWith("infinity")) {
            return plain.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (plain.endsWith("nan")) {
            return Double.NaN;
        }
        return Double.parseDouble(plain);
    }

    private static Object toInt(Object value, Object fallback, int base) {
        if (PyValues.isString(value)) {
            BigInteger parsed = parseInt(value.toString(), base);
            if (parsed != null) {
                return PyValues.integer(parsed);
            }
        } else if (PyValues.isFloat(value)) {
            return truncate(PyValues.toDouble(value), fallback);
        } else if (PyValues.isNumber(value)) {
            return PyValues.integer(PyValues.bigInteger(value));
        }
        if (PyValues.isString(value)) {
            Double parsed = parseFloat(value.toString());
            return parsed == null ? fallback : truncate(parsed, fallback);
        }
        return fallback;
    }

    private static Object truncate(double value, Object fallback) {
        if (Double.isNaN(value)) {
            return fallback;
        }
        if (Double.isInfinite(value)) {
            return fallback;
        }
        return PyValues.integer(new BigDecimal(value).toBigInteger());
    }

    /** Python's {@code int(str, base)}, or null when Python would raise {@code ValueError}. */
    private static BigInteger parseInt(String text, int base) {
        String digits = text.strip();
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = base;
        String lower = digits.toLowerCase(Locale.ROOT);
        if (lower.length() > 1 && lower.charAt(0) == '0' && "xob".indexOf(lower.charAt(1)) >= 0) {
            int prefixRadix = lower.charAt(1) == 'x' ? 16 : lower.charAt(1) == 'o' ? 8 : 2;
            if (base == 0 || base == prefixRadix) {
                radix = prefixRadix;
                digits = digits.substring(digits.startsWith("_", 2) ? 3 : 2);
            }
        }
        if (radix == 0) {
            radix = 10;
            if (digits.matches("0+[_0-9]*[1-9].*")) {
                return null;
            }
        }
        if (!digits.matches("[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*")) {
            return null;
        }
        try {
            BigInteger number = new BigInteger(digits.replace("_", ""), radix);
            return negative ? number.negate() : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object round(Object value, int precision, String method) {
        if (!method.equals("common") && !method.equals("ceil") && !method.equals("floor")) {
            throw PyException.of("round", "method must be common, ceil or floor");
        }
        if (!PyValues.isNumber(value)) {
            throw PyException.typeError("type " + PyValues.typeName(value) + " doesn't define __round__ method");
        }
        if (method.equals("common")) {
            if (!PyValues.isFloat(value)) {
                return PyValues.integer(new BigDecimal(PyValues.bigInteger(value))
                    .setScale(precision, RoundingMode.HALF_EVEN).toBigInteger());
            }
            double number = PyValues.toDouble(value);
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                return number;
            }
            return new BigDecimal(number).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        }
        double scale = Math.pow(10, precision);
        double scaled = PyValues.toDouble(value) * scale;
        return (method.equals("ceil") ? Math.ceil(scaled) : Math.floor(scaled)) / scale;
    }

    private static String title(String text) {
        StringBuilder out = new StringBuilder();
        Matcher separators = WORD_BEGINNING.matcher(text);
        int start = 0;
        while (separators.find()) {
            out.append(capitalizeFirst(text.substring(start, separators.start()))).append(separators.group());
            start = separators.end();
        }
        return out.append(capitalizeFirst(text.substring(start))).toString();
    }

    private static String capitalizeFirst(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT)
            + word.substring(1).toLowerCase(Locale.ROOT);
    }

    private static String truncate(String text, Args args) {
        long length = args.integer("length");
        String end = args.string("end");
        long leeway = args.integer("leeway");
        if (length < end.length() || leeway < 0) {
            throw PyException.of("truncate", "length must be at least len(end) and leeway not negative");
        }
        if (text.length() <= length + leeway) {
            return text;
        }
        String kept = text.substring(0, (int) (length - end.length()));
        if (args.flag("killwords")) {
            return kept + end;
        }
        int space = kept.lastIndexOf(' ');
        return (space < 0 ? kept : kept.substring(0, space)) + end;
    }
}
