package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.AstDict;
import com.hubspot.jinjava.el.ext.AstList;
import com.hubspot.jinjava.el.ext.AstRangeBracket;
import com.hubspot.jinjava.el.ext.AstTuple;
import com.hubspot.jinjava.el.ext.CollectionMembershipOperator;
import com.hubspot.jinjava.el.ext.CollectionNonMembershipOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.NamedParameterOperator;
import com.hubspot.jinjava.el.ext.OrOperator;
import com.hubspot.jinjava.el.ext.PowerOfOperator;
import com.hubspot.jinjava.el.ext.StringConcatOperator;
import com.hubspot.jinjava.el.ext.TruncDivOperator;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstBracket;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELException;

/**
 * Jinjava's expression parser with Jinja2 semantics: Python operators ({@link PyOperators}) instead of JUEL's,
 * {@code **} binding tighter than {@code *}, comparisons of one precedence that chain as in Python
 * ({@code a < b < c}), {@code not} binding looser than comparisons, tuples as {@link PyTuple}, Python slices, and an
 * error for {@code x.y}, {@code x[i]} or {@code x.m()} when {@code x} is undefined.
 */
final class PyParser extends ExtendedParser {

    private static final Map<AstBinary.Operator, AstBinary.Operator> OPERATORS = Map.ofEntries(
        Map.entry(AstBinary.ADD, PyOperators.ADD),
        Map.entry(AdditionOperator.OP, PyOperators.ADD),
        Map.entry(AstBinary.SUB, PyOperators.SUB),
        Map.entry(AstBinary.MUL, PyOperators.MUL),
        Map.entry(AstBinary.DIV, PyOperators.DIV),
        Map.entry(AstBinary.MOD, PyOperators.MOD),
        Map.entry(AstBinary.EQ, PyOperators.EQ),
        Map.entry(AstBinary.NE, PyOperators.NE),
        Map.entry(AstBinary.LT, PyOperators.LT),
        Map.entry(AstBinary.LE, PyOperators.LE),
        Map.entry(AstBinary.GT, PyOperators.GT),
        Map.entry(AstBinary.GE, PyOperators.GE),
        Map.entry(AstBinary.AND, PyOperators.AND),
        Map.entry(AstBinary.OR, PyOperators.OR),
        Map.entry(OrOperator.OP, PyOperators.OR));

    /**
     * Creates a parser for one expression.
     *
     * @param builder the tree builder, with its features
     * @param input   the expression, wrapped in {@code #{…}}
     */
    PyParser(Builder builder, String input) {
        super(builder, input);
        putExtensionHandler(StringConcatOperator.TOKEN, binary(ExtensionPoint.ADD, PyOperators.CONCAT));
        putExtensionHandler(TruncDivOperator.TOKEN, binary(ExtensionPoint.MUL, PyOperators.FLOOR_DIV));
        // 'in' and 'not in' are parsed by eq(), with the other comparisons; these points keep them there.
        putExtensionHandler(CollectionMembershipOperator.TOKEN, binary(ExtensionPoint.CMP, PyOperators.IN));
        putExtensionHandler(CollectionNonMembershipOperator.TOKEN, binary(ExtensionPoint.CMP, PyOperators.NOT_IN));
        // '**' is parsed by power(), below '*'; this point makes mul() leave it alone.
        putExtensionHandler(PowerOfOperator.TOKEN, binary(ExtensionPoint.UNARY, PyOperators.POW));
        putExtensionHandler(NamedParameterOperator.TOKEN, new ExtensionHandler(ExtensionPoint.ADD) {
            @Override
            public AstNode createAstNode(AstNode... children) {
                if (!(children[0] instanceof AstIdentifier)) {
                    throw new ELException("a keyword argument needs a name before '=', found " + children[0]);
                }
                return new PyAstNodes.NamedParameter((AstIdentifier) children[0], children[1]);
            }
        });
    }

    private static ExtensionHandler binary(ExtensionPoint point, AstBinary.Operator operator) {
        return new ExtensionHandler(point) {
            @Override
            public AstNode createAstNode(AstNode... children) {
                if (children.length != 2) {
                    throw new ELException("'" + operator + "' needs an operand on each side");
                }
                return new AstBinary(children[0], children[1], operator);
            }
        };
    }

    @Override
    protected Number parseInteger(String image) {
        return PyValues.integer(new BigInteger(image));
    }

    @Override
    protected Number parseFloat(String image) {
        return Double.valueOf(image);
    }

    @Override
    protected Scanner createScanner(String expression) {
        return new PyScanner(expression);
    }

    /**
     * Jinja2's {@code not} and comparison levels, which replace JUEL's {@code eq} and {@code cmp}: {@code not x}
     * negates a whole comparison ({@code not a < b} is {@code not (a < b)}); {@code ==}, {@code !=}, {@code <},
     * {@code <=}, {@code >}, {@code >=}, {@code in} and {@code not in} share one precedence, and a chain of them
     * means what it means in Python ({@code a < b < c} is {@code a < b and b < c}, each operand evaluated once).
     */
    @Override
    protected AstNode eq(boolean required) throws Scanner.ScanException, ParseException {
        if (getToken().getSymbol() == Scanner.Symbol.NOT) {
            consumeToken();
            return new AstUnary(eq(true), PyOperators.NOT);
        }
        AstNode first = add(required);
        if (first == null) {
            return null;
        }
        List<AstNode> operands = new ArrayList<>();
        List<AstBinary.Operator> operators = new ArrayList<>();
        operands.add(first);
        for (AstBinary.Operator operator = comparison(); operator != null; operator = comparison()) {
            operators.add(operator);
            operands.add(add(true));
        }
        if (operators.isEmpty()) {
            return first;
        }
        return operators.size() == 1 ? new AstBinary(first, operands.get(1), operators.get(0))
            : new PyAstNodes.Comparison(operands, operators);
    }

    /** Consumes a comparison operator and returns it, or returns {@code null} when none comes next. */
    private AstBinary.Operator comparison() throws Scanner.ScanException, ParseException {
        AstBinary.Operator operator = switch (getToken().getSymbol()) {
            case EQ -> PyOperators.EQ;
            case NE -> PyOperators.NE;
            case LT -> PyOperators.LT;
            case LE -> PyOperators.LE;
            case GT -> PyOperators.GT;
            case GE -> PyOperators.GE;
            default -> null;
        };
        if (operator != null) {
            consumeToken();
            return operator;
        }
        if (getToken() == CollectionMembershipOperator.TOKEN) {
            consumeToken();
            return PyOperators.IN;
        }
        if (getToken() == CollectionNonMembershipOperator.TOKEN) {
            consumeToken();
            return PyOperators.NOT_IN;
        }
        if (getToken().getSymbol() == Scanner.Symbol.NOT && "in".equals(lookahead(0).getImage())) {
            consumeToken();
            consumeToken();
            return PyOperators.NOT_IN;
        }
        return null;
    }

    @Override
    protected AstNode mul(boolean required) throws Scanner.ScanException, ParseException {
        AstNode v = power(required);
        if (v == null) {
            return null;
        }
        while (true) {
            Scanner.Symbol symbol = getToken().getSymbol();
            if (symbol == Scanner.Symbol.MUL || symbol == Scanner.Symbol.DIV || symbol == Scanner.Symbol.MOD) {
                consumeToken();
                AstBinary.Operator operator = symbol == Scanner.Symbol.MUL ? PyOperators.MUL
                    : symbol == Scanner.Symbol.DIV ? PyOperators.DIV : PyOperators.MOD;
                v = new AstBinary(v, power(true), operator);
            } else if (symbol == Scanner.Symbol.EXTENSION
                && getExtensionHandler(getToken()).getExtensionPoint() == ExtensionPoint.MUL) {
                v = getExtensionHandler(consumeToken()).createAstNode(v, power(true));
            } else {
                return v;
            }
        }
    }

    private AstNode power(boolean required) throws Scanner.ScanException, ParseException {
        AstNode v = unary(required);
        while (v != null && getToken() == PowerOfOperator.TOKEN) {
            consumeToken();
            v = new AstBinary(v, unary(true), PyOperators.POW);
        }
        return v;
    }

    @Override
    protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
        AstBinary.Operator python = OPERATORS.get(operator);
        if (python == null) {
            throw new IllegalStateException("operator without Python semantics: " + operator);
        }
        return new AstBinary(left, right, python);
    }

    @Override
    protected AstUnary createAstUnary(AstNode child, AstUnary.Operator operator) {
        if (operator == AstUnary.NEG) {
            return new AstUnary(child, PyOperators.NEG);
        }
        if (operator == AstUnary.NOT) {
            return new AstUnary(child, PyOperators.NOT);
        }
        throw new IllegalStateException("operator without Python semantics: " + operator);
    }

    @Override
    protected AstDot createAstDot(AstNode base, String property, boolean lvalue) {
        return isFilterOrTest(base) ? new AstDot(base, property, lvalue)
            : new PyAstNodes.Attribute(new PyAstNodes.Defined(base), property, lvalue);
    }

    @Override
    protected AstBracket createAstBracket(AstNode base, AstNode property, boolean lvalue, boolean strict) {
        return new AstBracket(new PyAstNodes.Defined(base), property, lvalue, strict);
    }

    @Override
    protected AstRangeBracket createAstRangeBracket(AstNode base, AstNode start, AstNode stop, boolean lvalue,
                                                    boolean strict) {
        return new PyAstNodes.Slice(new PyAstNodes.Defined(base), start, stop, lvalue, strict);
    }

    @Override
    protected AstTuple createAstTuple(AstParameters parameters) {
        return new PyAstNodes.Tuple(parameters);
    }

    @Override
    protected AstList createAstList(AstParameters parameters) {
        return new PyAstNodes.ListNode(parameters);
    }

    @Override
    protected AstDict createAstDict(Map<AstNode, AstNode> entries) {
        return new PyAstNodes.Dict(entries);
    }

    /**
     * Tells whether a node is the synthetic identifier Jinjava uses for a filter or test call.
     *
     * @param node an expression node
     * @return true for {@code filter:name} and {@code exptest:name} identifiers
     */
    static boolean isFilterOrTest(AstNode node) {
        if (!(node instanceof AstIdentifier)) {
            return false;
        }
        String name = ((AstIdentifier) node).getName();
        return name.startsWith(FILTER_PREFIX) || name.startsWith(EXPTEST_PREFIX);
    }

    /** Builds expression trees with {@link PyParser}. */
    static final class SyntaxBuilder extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        /** Creates the builder, with method calls and variable arguments enabled. */
        SyntaxBuilder() {
            super(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PyParser(this, expression);
        }
    }
}
