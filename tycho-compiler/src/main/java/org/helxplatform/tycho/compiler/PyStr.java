package org.helxplatform.tycho.compiler;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Text of scalar values as Python's {@code str()} writes them, so that values taken from YAML (numbers, booleans)
 * become the same strings they became in Python Tycho: {@code 1.0} stays {@code "1.0"}, {@code true} becomes
 * {@code "True"}, {@code null} becomes {@code "None"}.
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
        if (value instanceof Double || value instanceof Float) {
            return ofDouble(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal decimal) {
            return ofDouble(decimal.doubleValue());
        }
        if (value instanceof Number) {
            return value.toString();
        }
        if (value instanceof Map || value instanceof List) {
            throw new IllegalArgumentException("not a scalar: " + value.getClass().getSimpleName());
        }
        return value.toString();
    }

    /** Python's repr of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    private static String ofDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0 && Double.doubleToRawLongBits(value) != 0) {
            return "-0.0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e16) {
            return BigDecimal.valueOf(value).setScale(1).toPlainString();
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            // Double.toString writes 5.0E-4 for 0.0005; its trailing zero is not a digit of the shortest repr
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        String java = Double.toString(value); // e.g. 1.0E-5, 1.5E16
        int e = java.indexOf('E');
        String mantissa = java.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(java.substring(e + 1));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
