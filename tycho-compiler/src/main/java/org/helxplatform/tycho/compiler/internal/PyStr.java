package org.helxplatform.tycho.compiler.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Text of scalar values as Python's {@code str()} writes them, so that values taken from YAML (numbers, booleans)
 * become the same strings they became in Python Tycho: {@code 1.0} stays {@code "1.0"}, {@code 1e-05} is written
 * so, {@code true} becomes {@code "True"}, {@code null} becomes {@code "None"}. The one implementation of Python's
 * number formatting in Tycho; the template engine prints floats with {@link #ofFloat(double)} too.
 */
public final class PyStr {

    private PyStr() {
    }

    /**
     * Python's {@code str()} of a scalar.
     *
     * @param value a String, Number, Boolean or {@code null}
     * @return its text
     * @throws IllegalArgumentException for maps and lists, which have no single-line text worth keeping
     */
    public static String of(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Boolean bool) {
            return bool ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return ofFloat(((Number) value).doubleValue());
        }
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException("not a scalar: " + value.getClass().getSimpleName());
        }
        return value.toString();
    }

    /**
     * Python's {@code repr()} of a float: the shortest digits that read back as the same double, written plainly
     * when the decimal exponent is in [-4, 16), else as {@code 1e+16} / {@code 1.5e-05}.
     *
     * @param value the number
     * @return its Python representation
     */
    public static String ofFloat(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDecimal(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int point = digits.length() - shortest.scale();
        String sign = value < 0 ? "-" : "";
        if (point > -4 && point <= 16) {
            return sign + fixed(digits, point);
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "")
            + Math.abs(exponent);
    }

    private static BigDecimal shortestDecimal(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    private static String fixed(String digits, int point) {
        if (point <= 0) {
            return "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return digits + "0".repeat(point - digits.length()) + ".0";
        }
        return digits.substring(0, point) + "." + digits.substring(point);
    }
}
