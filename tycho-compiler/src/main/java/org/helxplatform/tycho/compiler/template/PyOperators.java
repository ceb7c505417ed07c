package org.helxplatform.tycho.compiler.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELContext;

/**
 * Jinja2's operators with Python semantics, replacing JUEL's, which coerce operands ({@code '1' == 1},
 * {@code '3' * 2 == 6}, {@code 'yes' == true}) and return booleans from {@code and}.
 */
final class PyOperators {

    /** {@code a and b}: {@code a} when it is false, else {@code b}. */
    static final AstBinary.Operator AND = new AstBinary.Operator() {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object value = left.eval(bindings, context);
            return PyValues.truth(value) ? right.eval(bindings, context) : value;
        }

        @Override
        public String toString() {
            return "and";
        }
    };

    /** {@code a or b}: {@code a} when it is true, else {@code b}. */
    static final AstBinary.Operator OR = new AstBinary.Operator() {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object value = left.eval(bindings, context);
            return PyValues.truth(value) ? value : right.eval(bindings, context);
        }

        @Override
        public String toString() {
            return "or";
        }
    };

    /** {@code ==}, Python equality. */
    static final AstBinary.Operator EQ = binary("==", (a, b) -> PyValues.equal(a, b));
    /** {@code !=}. */
    static final AstBinary.Operator NE = binary("!=", (a, b) -> !PyValues.equal(a, b));
    /** {@code <}, Python ordering. */
    static final AstBinary.Operator LT = binary("<", (a, b) -> PyValues.compare("<", a, b) < 0);
    /** {@code <=}. */
    static final AstBinary.Operator LE = binary("<=", (a, b) -> PyValues.compare("<=", a, b) <= 0);
    /** {@code >}. */
    static final AstBinary.Operator GT = binary(">", (a, b) -> PyValues.compare(">", a, b) > 0);
    /** {@code >=}. */
    static final AstBinary.Operator GE = binary(">=", (a, b) -> PyValues.compare(">=", a, b) >= 0);
    /** {@code in}: substring, dict key or item. */
    static final AstBinary.Operator IN = binary("in", (a, b) -> PyValues.contains(b, a));
    /** {@code not in}. */
    static final AstBinary.Operator NOT_IN = binary("not in", (a, b) -> !PyValues.contains(b, a));
    /** {@code ~}: the {@code str()} of both operands. */
    static final AstBinary.Operator CONCAT = binary("~", (a, b) -> PyStr.str(a) + PyStr.str(b));
    /** {@code +}: numbers, strings or lists, not mixed. */
    static final AstBinary.Operator ADD = binary("+", PyOperators::add);
    /** {@code -}. */
    static final AstBinary.Operator SUB = binary("-", (a, b) -> arithmetic("-", a, b, BigInteger::subtract,
        (x, y) -> x - y));
    /** {@code *}: numbers, or a string or list repeated. */
    static final AstBinary.Operator MUL = binary("*", PyOperators::multiply);
    /** {@code /}: true division. */
    static final AstBinary.Operator DIV = binary("/", PyOperators::divide);
    /** {@code //}: floor division. */
    static final AstBinary.Operator FLOOR_DIV = binary("//", PyOperators::floorDivide);
    /** {@code %}: Python modulo, or string formatting. */
    static final AstBinary.Operator MOD = binary("%", PyOperators::modulo);
    /** {@code **}. */
    static final AstBinary.Operator POW = binary("**", PyOperators::power);

    /** Unary {@code -}. */
    static final AstUnary.Operator NEG = new AstUnary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object value) {
            if (PyValues.isFloat(value)) {
                return -PyValues.toDouble(value);
            }
            if (PyValues.isNumber(value)) {
                return PyValues.integer(PyValues.bigInteger(value).negate());
            }
            throw PyException.typeError("bad operand type for unary -: '" + PyValues.typeName(value) + "'");
        }

        @Override
        public String toString() {
            return "-";
        }
    };

    /** {@code not}. */
    static final AstUnary.Operator NOT = new AstUnary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object value) {
            return !PyValues.truth(value);
        }

        @Override
        public String toString() {
            return "not";
        }
    };

    private static final int MAX_REPEAT = 1_000_000;

    private PyOperators() {
    }

    private static AstBinary.Operator binary(String symbol, BinaryOperator<Object> operation) {
        return new AstBinary.SimpleOperator() {
            @Override
            protected Object apply(TypeConverter converter, Object left, Object right) {
                return operation.apply(left, right);
            }

            @Override
            public String toString() {
                return symbol;
            }
        };
    }

    private interface DoubleOperation {
        double apply(double left, double right);
    }

    private static Object arithmetic(String symbol, Object left, Object right, BinaryOperator<BigInteger> integers,
                                     DoubleOperation floats) {
        if (!PyValues.isNumber(left) || !PyValues.isNumber(right)) {
            throw unsupported(symbol, left, right);
        }
        if (PyValues.isFloat(left) || PyValues.isFloat(right)) {
            return floats.apply(PyValues.toDouble(left), PyValues.toDouble(right));
        }
        return PyValues.integer(integers.apply(PyValues.bigInteger(left), PyValues.bigInteger(right)));
    }

    private static RuntimeException unsupported(String symbol, Object left, Object right) {
        return PyException.typeError("unsupported operand type(s) for " + symbol + ": '" + PyValues.typeName(left)
            + "' and '" + PyValues.typeName(right) + "'");
    }

    /**
     * Python's {@code +}.
     *
     * @param left  a value
     * @param right a value
     * @return the sum, concatenation of strings or of lists
     */
    static Object add(Object left, Object right) {
        if (PyValues.isString(left) && PyValues.isString(right)) {
            return left.toString() + right;
        }
        if (left instanceof List && right instanceof List && (left instanceof PyTuple) == (right instanceof PyTuple)) {
            List<Object> items = new ArrayList<>((List<?>) left);
            items.addAll((List<?>) right);
            return left instanceof PyTuple ? PyTuple.copyOf(items) : items;
        }
        return arithmetic("+", left, right, BigInteger::add, Double::sum);
    }

    private static Object multiply(Object left, Object right) {
        if (PyValues.isInteger(right) || right instanceof Boolean) {
            Object repeated = repeat(left, right);
            if (repeated != null) {
                return repeated;
            }
        }
        if (PyValues.isInteger(left) || left instanceof Boolean) {
            Object repeated = repeat(right, left);
            if (repeated != null) {
                return repeated;
            }
        }
        return arithmetic("*", left, right, BigInteger::multiply, (x, y) -> x * y);
    }

    private static Object repeat(Object sequence, Object count) {
        if (!PyValues.isString(sequence) && !(sequence instanceof List)) {
            return null;
        }
        BigInteger requested = PyValues.bigInteger(count).max(BigInteger.ZERO);
        BigInteger size = requested.multiply(BigInteger.valueOf(PyValues.length(sequence)));
        if (size.compareTo(BigInteger.valueOf(MAX_REPEAT)) > 0) {
            throw PyException.of("*", "the repeated sequence would exceed " + MAX_REPEAT + " items");
        }
        long times = requested.longValue();
        if (PyValues.isString(sequence)) {
            return sequence.toString().repeat((int) times);
        }
        List<Object> items = new ArrayList<>();
        for (long i = 0; i < times; i++) {
            items.addAll((List<?>) sequence);
        }
        return sequence instanceof PyTuple ? PyTuple.copyOf(items) : items;
    }

    private static Object divide(Object left, Object right) {
        if (!PyValues.isNumber(left) || !PyValues.isNumber(right)) {
            throw unsupported("/", left, right);
        }
        checkNonZero(left, right, "division by zero");
        return PyValues.toDouble(left) / PyValues.toDouble(right);
    }

    private static Object floorDivide(Object left, Object right) {
        checkNonZero(left, right, "integer division or modulo by zero");
        return arithmetic("//", left, right, PyOperators::floorDiv, (x, y) -> Math.floor(x / y));
    }

    private static BigInteger floorDiv(BigInteger left, BigInteger right) {
        BigInteger[] quotientAndRemainder = left.divideAndRemainder(right);
        return quotientAndRemainder[1].signum() != 0 && quotientAndRemainder[1].signum() != right.signum()
            ? quotientAndRemainder[0].subtract(BigInteger.ONE) : quotientAndRemainder[0];
    }

    /**
     * Python's {@code %}: the remainder with the sign of the divisor, or string formatting.
     *
     * @param left  a number or format string
     * @param right a number or format arguments
     * @return the result
     */
    static Object modulo(Object left, Object right) {
        if (PyValues.isString(left)) {
            return PyFormat.percent(left.toString(), right);
        }
        checkNonZero(left, right, "integer division or modulo by zero");
        return arithmetic("%", left, right, (x, y) -> x.subtract(floorDiv(x, y).multiply(y)), (x, y) -> {
            double remainder = x % y;
            return remainder != 0 && (remainder < 0) != (y < 0) ? remainder + y : remainder;
        });
    }

    private static void checkNonZero(Object left, Object right, String message) {
        if (PyValues.isNumber(left) && PyValues.isNumber(right) && PyValues.toDouble(right) == 0) {
            throw PyException.of("ZeroDivisionError", message);
        }
    }

    private static Object power(Object left, Object right) {
        if (PyValues.isNumber(left) && PyValues.isNumber(right) && !PyValues.isFloat(left)
            && !PyValues.isFloat(right) && PyValues.bigInteger(right).signum() >= 0) {
            BigInteger exponent = PyValues.bigInteger(right);
            if (exponent.bitLength() > 16) {
                throw PyException.of("**", "exponent " + exponent + " is too large");
            }
            return PyValues.integer(PyValues.bigInteger(left).pow(exponent.intValue()));
        }
        if (!PyValues.isNumber(left) || !PyValues.isNumber(right)) {
            throw unsupported("**", left, right);
        }
        double base = PyValues.toDouble(left);
        double exponent = PyValues.toDouble(right);
        if (base == 0 && exponent < 0) {
            throw PyException.of("ZeroDivisionError", "0.0 cannot be raised to a negative power");
        }
        double result = Math.pow(base, exponent);
        if (Double.isNaN(result) && !Double.isNaN(base) && !Double.isNaN(exponent)) {
            throw PyException.of("**", "the result is a complex number, which templates do not support");
        }
        return result;
    }
}
