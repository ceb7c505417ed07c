package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.el.ext.AbstractCallableMethod;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Jinja2's tests ({@code x is defined}, {@code x is none}, {@code x is number}...), with Python semantics:
 * {@code None} is defined, booleans are numbers, {@code is eq} does not coerce {@code '1'} to {@code 1}.
 */
final class PyTests {

    private PyTests() {
    }

    /** A Jinja2 test. */
    static final class PyTest implements ExpTest {
        private final String name;
        private final int arity;
        private final BiPredicate<Object, Object> body;

        /**
         * Creates a test.
         *
         * @param name  the Jinja2 name
         * @param arity how many arguments it takes after the value (0 or 1)
         * @param body  the test of the value and its argument
         */
        PyTest(String name, int arity, BiPredicate<Object, Object> body) {
            this.name = name;
            this.arity = arity;
            this.body = body;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            if (args.length != arity) {
                throw PyException.typeError("test '" + name + "' takes " + arity + " argument(s), " + args.length
                    + " given");
            }
            return body.test(var, arity == 0 ? null : args[0]);
        }
    }

    /**
     * Registers the tests, replacing Jinjava's tests of the same names.
     *
     * @param context the global context of the engine's Jinjava
     */
    static void register(Context context) {
        unary(context, "defined", value -> value != null);
        unary(context, "undefined", value -> value == null);
        unary(context, "none", value -> value == PyNone.NONE);
        unary(context, "boolean", value -> value instanceof Boolean);
        unary(context, "true", value -> Boolean.TRUE.equals(value));
        unary(context, "false", value -> Boolean.FALSE.equals(value));
        unary(context, "number", PyValues::isNumber);
        unary(context, "integer", PyValues::isInteger);
        unary(context, "float", PyValues::isFloat);
        unary(context, "string", PyValues::isString);
        unary(context, "mapping", value -> value instanceof Map);
        unary(context, "callable", value -> value instanceof AbstractCallableMethod || value instanceof PyLoop);
        unary(context, "iterable", value -> value == null || value instanceof Iterable || value instanceof Map
            || value instanceof Object[] || PyValues.isString(value));
        unary(context, "sequence", value -> value == null || PyValues.isString(value) || value instanceof Map
            || value instanceof Object[] || (value instanceof List && !(value instanceof PyView
            && !((PyView) value).isSubscriptable())));
        unary(context, "lower", value -> PyMethods.callStringMethod(PyStr.str(value), "islower", null)
            .equals(Boolean.TRUE));
        unary(context, "upper", value -> PyMethods.callStringMethod(PyStr.str(value), "isupper", null)
            .equals(Boolean.TRUE));
        unary(context, "even", value -> PyValues.equal(PyOperators.modulo(integerArgument("even", value), 2L), 0L));
        unary(context, "odd", value -> PyValues.equal(PyOperators.modulo(integerArgument("odd", value), 2L), 1L));
        binary(context, "divisibleby", (value, divisor) -> PyValues.equal(PyOperators.modulo(value, divisor), 0L));
        binary(context, "in", (value, container) -> PyValues.contains(container, value));
        binary(context, "sameas", PyTests::same);
        BiPredicate<Object, Object> equal = PyValues::equal;
        for (String name : List.of("eq", "equalto", "==")) {
            binary(context, name, equal);
        }
        for (String name : List.of("ne", "!=")) {
            binary(context, name, equal.negate());
        }
        comparison(context, "<", c -> c < 0, "lt", "lessthan", "<");
        comparison(context, "<=", c -> c <= 0, "le", "<=");
        comparison(context, ">", c -> c > 0, "gt", "greaterthan", ">");
        comparison(context, ">=", c -> c >= 0, "ge", ">=");
    }

    private static Object integerArgument(String test, Object value) {
        if (!PyValues.isNumber(value)) {
            throw PyException.typeError("test '" + test + "' needs a number, not " + PyValues.typeName(value));
        }
        return value;
    }

    /**
     * Python's {@code is}: identity (of the underlying list or dict, which Jinjava wraps anew on every access), with
     * {@code None}, booleans and small integers being singletons.
     */
    private static boolean same(Object left, Object right) {
        if (unwrap(left) == unwrap(right)) {
            return true;
        }
        if (PyValues.isInteger(left) && PyValues.isInteger(right) && PyValues.equal(left, right)) {
            long value = PyValues.bigInteger(left).longValue();
            return value >= -5 && value <= 256;
        }
        return left instanceof Boolean && left.equals(right);
    }

    private static Object unwrap(Object value) {
        if (value instanceof PyList) {
            return ((PyList) value).toList();
        }
        return value instanceof PyMap ? ((PyMap) value).toMap() : value;
    }

    private static void unary(Context context, String name, Predicate<Object> test) {
        context.registerExpTest(new PyTest(name, 0, (value, ignored) -> test.test(value)));
    }

    private static void binary(Context context, String name, BiPredicate<Object, Object> test) {
        context.registerExpTest(new PyTest(name, 1, test));
    }

    private static void comparison(Context context, String operator, Predicate<Integer> accept, String... names) {
        for (String name : names) {
            binary(context, name, (value, other) -> accept.test(PyValues.compare(operator, value, other)));
        }
    }
}
