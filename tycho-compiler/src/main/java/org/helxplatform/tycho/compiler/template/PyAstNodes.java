package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.AstDict;
import com.hubspot.jinjava.el.ext.AstList;
import com.hubspot.jinjava.el.ext.AstNamedParameter;
import com.hubspot.jinjava.el.ext.AstRangeBracket;
import com.hubspot.jinjava.el.ext.AstTuple;
import com.hubspot.jinjava.objects.Namespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.PropertyNotFoundException;

/** Expression tree nodes with Jinja2 semantics, created by {@link PyParser}. */
final class PyAstNodes {

    private PyAstNodes() {
    }

    /**
     * The base of an attribute access, item access or method call ({@code x} in {@code x.y}, {@code x[0]},
     * {@code x.get()}): an undefined base is an error in Jinja2 ({@code 'x' is undefined}), where Jinjava would
     * silently give nothing.
     */
    static final class Defined extends AstRightValue {
        private final AstNode base;

        /**
         * Creates the node.
         *
         * @param base the expression whose value must be defined
         */
        Defined(AstNode base) {
            this.base = base;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object value = base.eval(bindings, context);
            if (value == null) {
                throw PyException.of("UndefinedError", "'" + describe(base) + "' is undefined");
            }
            return value;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            base.appendStructure(builder, bindings);
        }

        @Override
        public String toString() {
            return base.toString();
        }

        @Override
        public int getCardinality() {
            return 1;
        }

        @Override
        public AstNode getChild(int index) {
            return index == 0 ? base : null;
        }

        private static String describe(AstNode node) {
            if (node instanceof AstIdentifier) {
                return ((AstIdentifier) node).getName();
            }
            StringBuilder text = new StringBuilder();
            node.appendStructure(text, null);
            return text.toString();
        }
    }

    /**
     * A chain of comparisons, {@code a < b <= c}: true when every adjacent pair compares true, as in Python. Each
     * operand is evaluated at most once, from the left, and evaluation stops at the first false comparison.
     */
    static final class Comparison extends AstRightValue {
        private final List<AstNode> operands;
        private final List<AstBinary.Operator> operators;

        /**
         * Creates the node.
         *
         * @param operands  two or more operands
         * @param operators one fewer comparison operators, between the operands
         */
        Comparison(List<AstNode> operands, List<AstBinary.Operator> operators) {
            this.operands = List.copyOf(operands);
            this.operators = List.copyOf(operators);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object left = operands.get(0).eval(bindings, context);
            for (int i = 0; i < operators.size(); i++) {
                Object right = operands.get(i + 1).eval(bindings, context);
                if (!Boolean.TRUE.equals(operators.get(i).eval(bindings, context, new Value(left), new Value(right)))) {
                    return false;
                }
                left = right;
            }
            return true;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    builder.append(' ').append(operators.get(i - 1)).append(' ');
                }
                operands.get(i).appendStructure(builder, bindings);
            }
        }

        @Override
        public String toString() {
            StringBuilder builder = new StringBuilder();
            appendStructure(builder, null);
            return builder.toString();
        }

        @Override
        public int getCardinality() {
            return operands.size();
        }

        @Override
        public AstNode getChild(int index) {
            return operands.get(index);
        }
    }

    /** An operand already evaluated, handed to an operator of a {@link Comparison}. */
    private static final class Value extends AstRightValue {
        private final Object value;

        Value(Object value) {
            this.value = value;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return value;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            builder.append(value);
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public AstNode getChild(int index) {
            return null;
        }
    }

    /**
     * A literal whose sub-expressions Jinjava hides from tree walks (its list, tuple, dict and keyword-argument
     * nodes report no children); the checker reads them through this interface.
     */
    interface Composite {
        /**
         * The sub-expressions.
         *
         * @return the nodes inside this literal
         */
        List<AstNode> parts();
    }

    /**
     * An attribute {@code x.name}. In Jinja2, {@code d.items} on a dict is the method {@code items} (not the key
     * {@code 'items'}), and {@code s.upper} on a string or {@code l.count} on a list are methods too; Jinja2
     * prints them as {@code <built-in method …>}. Reading such an attribute without calling it is an error here,
     * where Jinjava would give the key's value or nothing.
     */
    static final class Attribute extends AstDot {
        private static final Set<String> DICT = Set.of("clear", "copy", "fromkeys", "get", "items", "keys", "pop",
            "popitem", "setdefault", "update", "values");
        private static final Set<String> LIST = Set.of("append", "clear", "copy", "count", "extend", "index",
            "insert", "pop", "remove", "reverse", "sort");
        private static final Set<String> TUPLE = Set.of("count", "index");
        private static final Set<String> STRING = Set.of("capitalize", "casefold", "center", "count", "encode",
            "endswith", "expandtabs", "find", "format", "format_map", "index", "isalnum", "isalpha", "isascii",
            "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle",
            "isupper", "join", "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix",
            "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
            "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill");

        /**
         * Creates the node.
         *
         * @param base   the expression before the dot
         * @param name   the attribute name
         * @param lvalue whether the node may be assigned to
         */
        Attribute(AstNode base, String name, boolean lvalue) {
            super(base, name, lvalue);
        }

        /**
         * The attribute name.
         *
         * @return the name after the dot
         */
        String name() {
            return property;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object base = prefix.eval(bindings, context);
            if (isMethod(base)) {
                throw PyException.of("." + property, "'" + property + "' of a " + PyValues.typeName(base)
                    + " is a method in Jinja2, not a value: call it" + (base instanceof Map
                    ? ", or write ['" + property + "'] to read the key" : ""));
            }
            context.setPropertyResolved(false);
            Object value = context.getELResolver().getValue(context, base, property);
            if (!context.isPropertyResolved()) {
                throw new PropertyNotFoundException("no property '" + property + "' in " + base.getClass());
            }
            return value;
        }

        private boolean isMethod(Object base) {
            if (base instanceof Namespace) {
                return false;
            }
            if (base instanceof Map) {
                return DICT.contains(property);
            }
            if (base instanceof PyTuple) {
                return TUPLE.contains(property) && ((PyTuple) base).field(property) == null;
            }
            if (base instanceof List) {
                return LIST.contains(property);
            }
            return PyValues.isString(base) && STRING.contains(property);
        }
    }

    /** A list literal {@code [a, b]}. */
    static final class ListNode extends AstList implements Composite {
        /**
         * Creates the node.
         *
         * @param items the item expressions
         */
        ListNode(AstParameters items) {
            super(items);
        }

        @Override
        public List<AstNode> parts() {
            return List.of(elements);
        }
    }

    /** A tuple literal {@code (a, b)}, evaluating to a {@link PyTuple}. */
    static final class Tuple extends AstTuple implements Composite {
        /**
         * Creates the node.
         *
         * @param items the item expressions
         */
        Tuple(AstParameters items) {
            super(items);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return PyTuple.copyOf((List<?>) super.eval(bindings, context));
        }

        @Override
        public List<AstNode> parts() {
            return List.of(elements);
        }
    }

    /**
     * A dict literal {@code {k: v}} with Python semantics: keys are expressions ({@code {name: 1}} uses the value
     * of {@code name}, where Jinjava would use the text {@code 'name'}) and keep their type; order is kept.
     */
    static final class Dict extends AstDict implements Composite {
        private final List<AstNode> nodes = new ArrayList<>();

        /**
         * Creates the node.
         *
         * @param entries the key and value expressions, in order
         */
        Dict(Map<AstNode, AstNode> entries) {
            super(entries);
            entries.forEach((key, value) -> {
                nodes.add(key);
                nodes.add(value);
            });
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i += 2) {
                Object key = nodes.get(i).eval(bindings, context);
                if (key == null || key instanceof Map || (key instanceof List && !(key instanceof PyTuple))) {
                    throw PyException.typeError("unhashable or undefined dict key: " + PyValues.typeName(key));
                }
                map.put(key, nodes.get(i + 1).eval(bindings, context));
            }
            return map;
        }

        @Override
        public List<AstNode> parts() {
            return List.copyOf(nodes);
        }
    }

    /** A keyword argument {@code name=value} of a call. */
    static final class NamedParameter extends AstNamedParameter implements Composite {
        private final AstNode value;

        /**
         * Creates the node.
         *
         * @param name  the argument name
         * @param value the value expression
         */
        NamedParameter(AstIdentifier name, AstNode value) {
            super(name, value);
            this.value = value;
        }

        @Override
        public List<AstNode> parts() {
            return List.of(value);
        }
    }

    /** A slice {@code x[start:stop]} with Python's rules for negative and omitted bounds. */
    static final class Slice extends AstRangeBracket {
        /**
         * Creates the node.
         *
         * @param base   the sliced expression
         * @param start  the start expression, or null
         * @param stop   the stop expression, or null
         * @param lvalue whether the node may be assigned to
         * @param strict whether a null start or stop gives an empty result (JUEL's flag, unused here)
         */
        Slice(AstNode base, AstNode start, AstNode stop, boolean lvalue, boolean strict) {
            super(base, start, stop, lvalue, strict, false);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object base = prefix.eval(bindings, context);
            boolean text = PyValues.isString(base);
            if (!text && !(base instanceof List)) {
                throw PyException.typeError("'" + PyValues.typeName(base) + "' object is not subscriptable");
            }
            int length = PyValues.length(base);
            int from = bound(property == null ? null : property.eval(bindings, context), 0, length);
            int to = bound(rangeMax == null ? null : rangeMax.eval(bindings, context), length, length);
            if (text) {
                return from < to ? base.toString().substring(from, to) : "";
            }
            List<Object> items = from < to ? new ArrayList<>(((List<?>) base).subList(from, to)) : new ArrayList<>();
            return base instanceof PyTuple ? PyTuple.copyOf(items) : items;
        }

        private static int bound(Object value, int omitted, int length) {
            if (value == null || value == PyNone.NONE) {
                return omitted;
            }
            if (!PyValues.isInteger(value) && !(value instanceof Boolean)) {
                throw PyException.typeError("slice indices must be integers or None");
            }
            long index = PyValues.bigInteger(value).longValue();
            if (index < 0) {
                index += length;
            }
            return (int) Math.max(0, Math.min(length, index));
        }
    }
}
