package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python semantics of template values: truth, equality, ordering, membership, numbers and iteration, as Jinja2
 * applies them. A Java {@code null} is Jinja2's {@code Undefined}; {@link PyNone#NONE} is {@code None}.
 */
final class PyValues {

    private PyValues() {
    }

    /**
     * Python truth: {@code None}, undefined, {@code False}, zero, empty strings and empty containers are false.
     * (Unlike Jinjava, the string {@code "false"} is true.)
     *
     * @param value a template value
     * @return its truth value
     */
    static boolean truth(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof HasObjectTruthValue) {
            return ((HasObjectTruthValue) value).getObjectTruthValue();
        }
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number) {
            return isFloat(value) ? ((Number) value).doubleValue() != 0 : signum((Number) value) != 0;
        }
        if (value instanceof CharSequence) {
            return ((CharSequence) value).length() > 0;
        }
        if (value instanceof SafeString) {
            return !value.toString().isEmpty();
        }
        if (value instanceof Collection) {
            return !((Collection<?>) value).isEmpty();
        }
        if (value instanceof Map) {
            return !((Map<?, ?>) value).isEmpty();
        }
        if (value instanceof Object[]) {
            return ((Object[]) value).length > 0;
        }
        return true;
    }

    /**
     * Python's {@code ==}: numbers (booleans included) by value, strings by content, lists, tuples and dicts item by
     * item; a list never equals a tuple; undefined equals only undefined.
     *
     * @param left  a value
     * @param right a value
     * @return whether Python considers them equal
     */
    static boolean equal(Object left, Object right) {
        if (left == right) {
            return true;
        }
        if (left == null || right == null) {
            return false;
        }
        if (isNumber(left) && isNumber(right)) {
            return compareNumbers(left, right) == 0;
        }
        if (isString(left) && isString(right)) {
            return left.toString().equals(right.toString());
        }
        if (isSequence(left) && isSequence(right)) {
            return (left instanceof PyTuple) == (right instanceof PyTuple) && left.getClass() != PyView.class
                && right.getClass() != PyView.class && equalItems((List<?>) left, (List<?>) right);
        }
        if (left instanceof Map && right instanceof Map) {
            return equalMaps((Map<?, ?>) left, (Map<?, ?>) right);
        }
        if (left instanceof Map.Entry || right instanceof Map.Entry) {
            return equal(asTupleIfEntry(left), asTupleIfEntry(right));
        }
        return left.equals(right);
    }

    private static Object asTupleIfEntry(Object value) {
        if (value instanceof Map.Entry) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
            return PyTuple.of(entry.getKey(), entry.getValue());
        }
        return value;
    }

    private static boolean isSequence(Object value) {
        return value instanceof List;
    }

    private static boolean equalItems(List<?> left, List<?> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!equal(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalMaps(Map<?, ?> left, Map<?, ?> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (Map.Entry<?, ?> entry : left.entrySet()) {
            if (!right.containsKey(entry.getKey()) || !equal(entry.getValue(), right.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Python's ordering ({@code <}, {@code >}...): numbers by value, strings by code point, lists and tuples item
     * by item.
     *
     * @param operator the operator, for the error message
     * @param left     a value
     * @param right    a value
     * @return negative, zero or positive
     * @throws RuntimeException Python's {@code TypeError} for values Python does not order
     */
    static int compare(String operator, Object left, Object right) {
        if (isNumber(left) && isNumber(right)) {
            return compareNumbers(left, right);
        }
        if (isString(left) && isString(right)) {
            return compareStrings(left.toString(), right.toString());
        }
        if (left instanceof List && right instanceof List
            && (left instanceof PyTuple) == (right instanceof PyTuple)) {
            List<?> a = (List<?>) left;
            List<?> b = (List<?>) right;
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return compare(operator, a.get(i), b.get(i));
                }
            }
            return Integer.compare(a.size(), b.size());
        }
        throw PyException.typeError("'" + operator + "' not supported between instances of '" + typeName(left)
            + "' and '" + typeName(right) + "'");
    }

    private static int compareStrings(String left, String right) {
        Iterator<Integer> a = left.codePoints().iterator();
        Iterator<Integer> b = right.codePoints().iterator();
        while (a.hasNext() && b.hasNext()) {
            int difference = Integer.compare(a.next(), b.next());
            if (difference != 0) {
                return difference;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    /**
     * Python's {@code in}: a substring of a string, a key of a dict, an item of any other iterable.
     *
     * @param item      the left operand
     * @param container the right operand
     * @return whether the item is in the container
     */
    static boolean contains(Object container, Object item) {
        if (container == null) {
            return false;
        }
        if (isString(container)) {
            if (!isString(item)) {
                throw PyException.typeError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            return container.toString().contains(item.toString());
        }
        for (Object candidate : iterate(container)) {
            if (equal(candidate, item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Python's iteration: the keys of a dict, the characters of a string, the items of a list; nothing for an
     * undefined value.
     *
     * @param value a template value
     * @return what a {@code for} loop over it visits
     * @throws RuntimeException Python's {@code TypeError} for values that are not iterable ({@code None}, numbers)
     */
    static Iterable<?> iterate(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).keySet();
        }
        if (value instanceof Iterable) {
            return (Iterable<?>) value;
        }
        if (value instanceof Object[]) {
            return Arrays.asList((Object[]) value);
        }
        if (isString(value)) {
            List<Object> characters = new ArrayList<>();
            value.toString().codePoints().forEach(c -> characters.add(new String(Character.toChars(c))));
            return characters;
        }
        throw PyException.typeError("'" + typeName(value) + "' object is not iterable");
    }

    /**
     * Python's unpacking of one value into several names ({@code for k, v in …}, {@code set a, b = …}).
     *
     * @param value the value, such as a tuple, list or dict item
     * @param count how many names receive its items
     * @return its items
     * @throws RuntimeException Python's {@code TypeError} or {@code ValueError} when it cannot be unpacked so
     */
    static List<Object> unpack(Object value, int count) {
        List<Object> items;
        if (value instanceof Map.Entry) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
            items = Arrays.asList(entry.getKey(), entry.getValue());
        } else if (value instanceof Iterable || value instanceof Map || isString(value) || value instanceof Object[]) {
            items = toList(value);
        } else {
            throw PyException.typeError("cannot unpack non-iterable " + typeName(value) + " object");
        }
        if (items.size() != count) {
            throw PyException.of("ValueError", (items.size() > count ? "too many" : "not enough")
                + " values to unpack (expected " + count + ", got " + items.size() + ")");
        }
        return items;
    }

    /**
     * Collects what iterating a value visits.
     *
     * @param value a template value
     * @return a new list of its items
     */
    static List<Object> toList(Object value) {
        List<Object> items = new ArrayList<>();
        iterate(value).forEach(items::add);
        return items;
    }

    /**
     * Python's {@code len()}.
     *
     * @param value a sized value
     * @return its length
     * @throws RuntimeException Python's {@code TypeError} for values without a length
     */
    static int length(Object value) {
        if (isString(value)) {
            return value.toString().codePointCount(0, value.toString().length());
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).size();
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).size();
        }
        if (value instanceof Object[]) {
            return ((Object[]) value).length;
        }
        throw PyException.typeError("object of type '" + typeName(value) + "' has no len()");
    }

    /**
     * Tells whether a value is a Python string.
     *
     * @param value a template value
     * @return true for strings, including safe strings
     */
    static boolean isString(Object value) {
        return value instanceof CharSequence || value instanceof SafeString || value instanceof Character;
    }

    /**
     * Tells whether a value is a Python number; booleans are numbers in Python.
     *
     * @param value a template value
     * @return true for numbers and booleans
     */
    static boolean isNumber(Object value) {
        return value instanceof Number || value instanceof Boolean;
    }

    /**
     * Tells whether a value is a Python integer (booleans excluded, as Jinja2's {@code integer} test does).
     *
     * @param value a template value
     * @return true for integral numbers
     */
    static boolean isInteger(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof BigInteger
            || value instanceof Short || value instanceof Byte;
    }

    /**
     * Tells whether a value is a Python float.
     *
     * @param value a template value
     * @return true for floating-point numbers
     */
    static boolean isFloat(Object value) {
        return value instanceof Double || value instanceof Float || value instanceof BigDecimal;
    }

    /**
     * Converts an integral value (booleans included) to a {@link BigInteger}.
     *
     * @param value an integer or boolean
     * @return its value
     */
    static BigInteger bigInteger(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (value instanceof BigInteger) {
            return (BigInteger) value;
        }
        return BigInteger.valueOf(((Number) value).longValue());
    }

    /**
     * Returns the narrowest Java type for an integer result: a {@code Long} when it fits.
     *
     * @param value the result
     * @return a {@code Long} or the {@code BigInteger}
     */
    static Number integer(BigInteger value) {
        return value.bitLength() < 64 ? (Number) value.longValue() : value;
    }

    /**
     * Converts a number (booleans included) to a double.
     *
     * @param value a number or boolean
     * @return its value
     */
    static double toDouble(Object value) {
        return value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).doubleValue();
    }

    private static int signum(Number value) {
        return bigInteger(value).signum();
    }

    private static int compareNumbers(Object left, Object right) {
        if (!isFloat(left) && !isFloat(right)) {
            return bigInteger(left).compareTo(bigInteger(right));
        }
        double a = toDouble(left);
        double b = toDouble(right);
        if (Double.isNaN(a) || Double.isNaN(b) || Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b ? 0 : (a < b ? -1 : (a > b ? 1 : 2));
        }
        BigDecimal x = left instanceof BigDecimal ? (BigDecimal) left : isFloat(left) ? new BigDecimal(a)
            : new BigDecimal(bigInteger(left));
        BigDecimal y = right instanceof BigDecimal ? (BigDecimal) right : isFloat(right) ? new BigDecimal(b)
            : new BigDecimal(bigInteger(right));
        return x.compareTo(y);
    }

    /**
     * The Python type name of a value, for error messages ({@code str}, {@code int}, {@code NoneType}...).
     *
     * @param value a template value
     * @return its Python type name
     */
    static String typeName(Object value) {
        if (value == null) {
            return "Undefined";
        }
        if (value == PyNone.NONE) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (isString(value)) {
            return "str";
        }
        if (isInteger(value)) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof PyTuple) {
            return "tuple";
        }
        if (value instanceof PyGenerator) {
            return "generator";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof Set) {
            return "set";
        }
        if (value instanceof Collection || value instanceof Object[]) {
            return "list";
        }
        return value.getClass().getSimpleName();
    }
}
