package org.helxplatform.tycho.context.registry;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Python behaviours registry resolution must reproduce exactly: {@code str()} of a scalar,
 * {@code string.Template.safe_substitute}, and {@code os.path.join(os.path.dirname(spec), "icon.png")}.
 */
final class PythonCompat {

    /** {@code string.Template}'s pattern: {@code $$}, {@code $name}, {@code ${name}}, or a lone {@code $}. */
    private static final Pattern TEMPLATE = Pattern.compile(
            "\\$(?:(\\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\\{([_a-zA-Z][_a-zA-Z0-9]*)}|)");

    private PythonCompat() {
    }

    /**
     * Writes a scalar as Python's {@code str()} does: {@code True}/{@code False}, {@code None}, integers in decimal,
     * floats in Python's shortest repr ({@code 1.0}, {@code 1e-05}, {@code 1e+16}).
     *
     * @param value a string, boolean, number or null
     * @return its Python text
     */
    static String str(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof Double number) {
            return floatRepr(number);
        }
        return value.toString();
    }

    private static String floatRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /**
     * Python's {@code string.Template(text).safe_substitute(mapping)}: {@code $name} and {@code ${name}} become the
     * mapping's value, names the mapping lacks stay as written, {@code $$} becomes {@code $}, any other {@code $}
     * stays.
     *
     * @param text    the template
     * @param mapping name → replacement
     * @return the substituted text
     */
    static String safeSubstitute(String text, Map<String, String> mapping) {
        Matcher matcher = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "$";
            } else if (name != null && mapping.containsKey(name)) {
                replacement = mapping.get(name);
            } else {
                replacement = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Python's {@code os.path.join(os.path.dirname(path), name)} for a {@code /}-separated path or URL.
     *
     * @param path the path, such as a spec URL
     * @param name the file name to put next to it
     * @return {@code name} in the directory of {@code path}
     */
    static String sibling(String path, String name) {
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.matches("/+")) {
            head = head.replaceFirst("/+$", "");
        }
        if (head.isEmpty()) {
            return name;
        }
        return head.endsWith("/") ? head + name : head + "/" + name;
    }
}
