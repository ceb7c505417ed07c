package org.helxplatform.tycho.compiler.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code %} string formatting ({@code '%s-%05d' % (a, b)}, the {@code format} filter), with Python's
 * rounding (half-even on the exact binary value, so {@code '%.1f' % 2.25} is {@code 2.2}, where Java's
 * {@code String.format} gives {@code 2.3}).
 */
final class PyFormat {

    private PyFormat() {
    }

    /**
     * Formats {@code format % argument}.
     *
     * @param format   the format string
     * @param argument a tuple of arguments, a dict for {@code %(name)s} fields, or a single argument
     * @return the formatted text
     * @throws RuntimeException Python's {@code TypeError}/{@code ValueError} for mismatched arguments
     */
    static String percent(String format, Object argument) {
        List<?> positional = argument instanceof PyTuple ? (List<?>) argument : Collections.singletonList(argument);
        Map<?, ?> mapping = argument instanceof Map ? (Map<?, ?>) argument : null;
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            Spec spec = new Spec();
            i = spec.parse(format, i);
            if (spec.conversion == '%') {
                out.append('%');
                continue;
            }
            Object value;
            if (spec.key != null) {
                if (mapping == null) {
                    throw PyException.typeError("format requires a mapping");
                }
                if (!mapping.containsKey(spec.key)) {
                    throw PyException.of("KeyError", PyStr.quote(spec.key));
                }
                value = mapping.get(spec.key);
            } else {
                if (next >= positional.size()) {
                    throw PyException.typeError("not enough arguments for format string");
                }
                value = positional.get(next++);
            }
            out.append(spec.format(value));
        }
        if (mapping == null && next < positional.size()) {
            throw PyException.typeError("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    /** One {@code %[(key)][flags][width][.precision]type} field. */
    private static final class Spec {
        String key;
        boolean left;
        boolean zero;
        boolean alternate;
        char sign;
        int width;
        int precision = -1;
        char conversion;

        int parse(String format, int start) {
            int i = start;
            if (i < format.length() && format.charAt(i) == '(') {
                int end = format.indexOf(')', i);
                if (end < 0) {
                    throw PyException.of("ValueError", "incomplete format key");
                }
                key = format.substring(i + 1, end);
                i = end + 1;
            }
            for (; i < format.length() && "-0# +".indexOf(format.charAt(i)) >= 0; i++) {
                char flag = format.charAt(i);
                left |= flag == '-';
                zero |= flag == '0';
                alternate |= flag == '#';
                sign = flag == '+' || (flag == ' ' && sign != '+') ? flag : sign;
            }
            int widthStart = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            width = i > widthStart ? Integer.parseInt(format.substring(widthStart, i)) : 0;
            if (i < format.length() && format.charAt(i) == '.') {
                int precisionStart = ++i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > precisionStart ? Integer.parseInt(format.substring(precisionStart, i)) : 0;
            }
            while (i < format.length() && "hlL".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            if (i >= format.length()) {
                throw PyException.of("ValueError", "incomplete format");
            }
            conversion = format.charAt(i);
            return i + 1;
        }

        String format(Object value) {
            switch (conversion) {
                case 's':
                    return pad(truncate(PyStr.str(value)));
                case 'r':
                case 'a':
                    return pad(truncate(PyStr.repr(value)));
                case 'c':
                    return pad(character(value));
                case 'd':
                case 'i':
                case 'u':
                    return signed(integerArgument(value).toString(), false);
                case 'x':
                case 'X':
                case 'o':
                    return radix(integerArgument(value));
                case 'f':
                case 'F':
                case 'e':
                case 'E':
                case 'g':
                case 'G':
                    return floating(floatArgument(value));
                default:
                    throw PyException.of("ValueError", "unsupported format character '" + conversion + "'");
            }
        }

        private String truncate(String text) {
            return precision >= 0 && precision < text.length() ? text.substring(0, precision) : text;
        }

        private String character(Object value) {
            if (PyValues.isString(value) && PyValues.length(value) == 1) {
                return value.toString();
            }
            if (PyValues.isInteger(value)) {
                return new String(Character.toChars(((Number) value).intValue()));
            }
            throw PyException.typeError("%c requires int or char");
        }

        private BigInteger integerArgument(Object value) {
            if (PyValues.isFloat(value)) {
                return new BigDecimal(PyValues.toDouble(value)).toBigInteger();
            }
            if (PyValues.isNumber(value)) {
                return PyValues.bigInteger(value);
            }
            throw PyException.typeError("%" + conversion + " format: a number is required, not "
                + PyValues.typeName(value));
        }

        private double floatArgument(Object value) {
            if (PyValues.isNumber(value)) {
                return PyValues.toDouble(value);
            }
            throw PyException.typeError("must be real number, not " + PyValues.typeName(value));
        }

        private String radix(BigInteger value) {
            int base = conversion == 'o' ? 8 : 16;
            String digits = value.abs().toString(base);
            if (conversion == 'X') {
                digits = digits.toUpperCase();
            }
            String prefix = alternate ? (base == 8 ? "0o" : "0" + conversion) : "";
            return signed((value.signum() < 0 ? "-" : "") + prefix + digits, prefix.length() > 0);
        }

        private String floating(double value) {
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                String text = Double.isNaN(value) ? "nan" : (value > 0 ? "inf" : "-inf");
                return pad(withSign(Character.isUpperCase(conversion) ? text.toUpperCase() : text));
            }
            int digits = precision < 0 ? 6 : precision;
            String text;
            switch (Character.toLowerCase(conversion)) {
                case 'f':
                    text = fixed(value, digits);
                    break;
                case 'e':
                    text = exponent(value, digits);
                    break;
                default:
                    text = general(value, digits == 0 ? 1 : digits);
                    break;
            }
            if (Character.isUpperCase(conversion)) {
                text = text.toUpperCase();
            }
            return signed(text, false);
        }

        private String general(double value, int significant) {
            if (value == 0) {
                return alternate ? fixed(value, significant - 1) : (1 / value < 0 ? "-0" : "0");
            }
            BigDecimal rounded = new BigDecimal(value).round(new MathContext(significant,
                RoundingMode.HALF_EVEN));
            int exponent = rounded.precision() - rounded.scale() - 1;
            String text = exponent >= -4 && exponent < significant
                ? fixed(value, significant - 1 - exponent)
                : exponent(value, significant - 1);
            return alternate ? text : stripZeros(text);
        }

        private String stripZeros(String text) {
            int e = text.indexOf('e');
            String mantissa = e < 0 ? text : text.substring(0, e);
            String rest = e < 0 ? "" : text.substring(e);
            if (mantissa.indexOf('.') >= 0) {
                mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return mantissa + rest;
        }

        private String signed(String number, boolean hasPrefix) {
            String text = withSign(number);
            if (zero && !left && text.length() < width) {
                int digitsStart = (text.startsWith("-") || text.startsWith("+") || text.startsWith(" ") ? 1 : 0)
                    + (hasPrefix ? 2 : 0);
                return text.substring(0, digitsStart) + "0".repeat(width - text.length())
                    + text.substring(digitsStart);
            }
            return pad(text);
        }

        private String withSign(String number) {
            return number.startsWith("-") || sign == 0 ? number : sign + number;
        }

        private String pad(String text) {
            if (text.length() >= width) {
                return text;
            }
            String padding = " ".repeat(width - text.length());
            return left ? text + padding : padding + text;
        }
    }

    /**
     * Python's {@code '%.Nf'}: the exact binary value rounded half-even to N decimals.
     *
     * @param value    the number
     * @param decimals digits after the point
     * @return the text
     */
    static String fixed(double value, int decimals) {
        String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (1 / value < 0 && !text.startsWith("-")) {
            text = "-" + text;
        }
        return decimals == 0 && text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String exponent(double value, int decimals) {
        if (value == 0) {
            return (1 / value < 0 ? "-" : "") + fixed(0, decimals) + "e+00";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(decimals + 1,
            RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).setScale(decimals, RoundingMode.HALF_EVEN);
        return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "")
            + Math.abs(exponent);
    }
}
