package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jinjava.de.odysseus.el.tree.impl.ast.AstBoolean;
import jinjava.de.odysseus.el.tree.impl.ast.AstFunction;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstMethod;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstNumber;
import jinjava.de.odysseus.el.tree.impl.ast.AstString;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELException;

/**
 * Checks a parsed template before it is ever rendered and refuses, with the template name, line and a reason,
 * every construct the engine would not render as Jinja2 does: tags Jinja2 lacks or that Jinjava implements
 * differently, filters, tests, functions and methods without a Python-exact implementation, and a few syntax
 * forms Jinjava reads differently. The exact list is in {@code JINJA.md}.
 */
final class TemplateChecker {

    private static final Pattern STRING_LITERAL = Pattern.compile("\\s*('[^'\\\\]*'|\"[^\"\\\\]*\")\\s*(.*)",
        Pattern.DOTALL);
    private static final Pattern MACRO = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*\\((.*)\\)\\s*", Pattern.DOTALL);
    private static final Pattern IMPORT = Pattern.compile("as\\s+([A-Za-z_]\\w*)\\s+with\\s+context");
    private static final Set<String> ENGINE_METHODS = Set.of("cycle", "changed", "next", "reset", "strftime",
        "isoformat");

    private final PyJinjava jinjava;

    /**
     * Creates a checker.
     *
     * @param jinjava the engine's Jinjava: its parser and the filters, tests and functions it registered
     */
    TemplateChecker(PyJinjava jinjava) {
        this.jinjava = jinjava;
    }

    /**
     * Checks a template.
     *
     * @param template the template name, for errors
     * @param root     the parsed template
     * @throws TemplateException at the first refused construct
     */
    void check(String template, Node root) {
        Scope scope = new Scope(template);
        collectDefinitions(root, scope);
        for (Node child : root.getChildren()) {
            checkNode(child, null, scope);
        }
    }

    /** What the template defines: macro names and imported module names, which calls may use. */
    private static final class Scope {
        final String template;
        final Set<String> macros = new HashSet<>();
        final Set<String> modules = new HashSet<>();
        int recursiveLoops;

        Scope(String template) {
            this.template = template;
        }
    }

    private void collectDefinitions(Node node, Scope scope) {
        for (Node child : node.getChildren()) {
            if (child instanceof TagNode) {
                TagNode tag = (TagNode) child;
                Matcher macro = MACRO.matcher(tag.getHelpers());
                if (tag.getName().equals("macro") && macro.matches()) {
                    scope.macros.add(macro.group(1));
                }
                Matcher module = IMPORT.matcher(tag.getHelpers());
                if (tag.getName().equals("import") && module.find()) {
                    scope.modules.add(module.group(1));
                }
            }
            collectDefinitions(child, scope);
        }
    }

    private void checkNode(Node node, TagNode parent, Scope scope) {
        if (node instanceof ExpressionNode) {
            checkExpression(((ExpressionToken) node.getMaster()).getExpr(), node.getLineNumber(), scope);
        } else if (node instanceof TagNode) {
            checkTag((TagNode) node, parent, scope);
        }
    }

    private void checkTag(TagNode tag, TagNode parent, Scope scope) {
        int line = tag.getLineNumber();
        String helpers = tag.getHelpers().trim();
        boolean recursive = false;
        switch (tag.getName()) {
            case "if":
            case "elif":
                if (tag.getName().equals("elif") && (parent == null || !parent.getName().equals("if"))) {
                    throw invalid(scope, line, "elif", "elif is only allowed inside an if block");
                }
                checkExpression(helpers, line, scope);
                break;
            case "else":
                if (parent == null || !(parent.getName().equals("if") || parent.getName().equals(ForTag.NAME))) {
                    throw invalid(scope, line, "else", "else is only allowed inside an if or for block");
                }
                break;
            case ForTag.NAME:
                recursive = checkFor(tag, scope).recursive();
                break;
            case "set":
                checkSet(tag, scope);
                break;
            case "macro":
                checkMacro(tag, scope);
                break;
            case "call":
                if (helpers.startsWith("(")) {
                    throw refuse(scope, line, "call(...)", "caller arguments are not implemented; pass values "
                        + "as macro arguments instead");
                }
                checkExpression(helpers, line, scope);
                break;
            case "include":
                checkTemplateReference(tag, scope, "include", "(with\\s+context)?",
                    "write {% include 'name' %}: 'ignore missing', 'without context' and computed names are not "
                        + "supported");
                break;
            case "extends":
                checkTemplateReference(tag, scope, "extends", "", "write {% extends 'name' %} with a literal name");
                break;
            case "import":
                checkTemplateReference(tag, scope, "import", "as\\s+[A-Za-z_]\\w*\\s+with\\s+context",
                    "write {% import 'name' as module with context %} (Jinjava always imports with the "
                        + "render context, so it must be explicit)");
                break;
            case "from":
                throw refuse(scope, line, "from … import", "Jinjava reads its import list differently; use "
                    + "{% import 'name' as module with context %} and call module.macro()");
            case "block":
                if (!HeaderSyntax.isIdentifier(helpers)) {
                    throw refuse(scope, line, "block " + helpers, "only {% block name %} is implemented "
                        + "('scoped' and 'required' are not)");
                }
                break;
            case "raw":
                break;
            case PrintTag.NAME:
                checkExpression(helpers, line, scope);
                break;
            case WithTag.NAME:
                checkWith(tag, scope);
                break;
            case FilterTag.NAME:
                checkFilterChain(helpers, line, scope);
                break;
            case "autoescape":
                throw refuse(scope, line, "autoescape", "Jinjava's escaping differs from Jinja2's; use the |e "
                    + "filter where output must be escaped");
            case "break":
            case "continue":
            case "do":
                throw refuse(scope, line, tag.getName(), "it is a Jinja2 extension that Python Tycho does not "
                    + "enable");
            default:
                throw refuse(scope, line, tag.getName(), "it is a Jinjava tag, not a Jinja2 one");
        }
        scope.recursiveLoops += recursive ? 1 : 0;
        for (Node child : tag.getChildren()) {
            checkNode(child, tag, scope);
        }
        scope.recursiveLoops -= recursive ? 1 : 0;
    }

    private ForHeader checkFor(TagNode tag, Scope scope) {
        int line = tag.getLineNumber();
        ForHeader header;
        try {
            header = ForHeader.cached(tag.getHelpers());
        } catch (IllegalArgumentException e) {
            throw invalid(scope, line, "for " + tag.getHelpers().trim(), e.getMessage());
        }
        checkExpression(header.iterable(), line, scope);
        if (header.condition() != null) {
            checkExpression(header.condition(), line, scope);
        }
        long elses = tag.getChildren().stream().filter(child -> child instanceof TagNode
            && child.getName().equals("else")).count();
        if (elses > 1) {
            throw invalid(scope, line, "for … else", "a for loop has at most one else");
        }
        return header;
    }

    private void checkWith(TagNode tag, Scope scope) {
        int line = tag.getLineNumber();
        Map<String, String> assignments;
        try {
            assignments = WithTag.assignments(tag.getHelpers());
        } catch (IllegalArgumentException e) {
            throw invalid(scope, line, "with " + tag.getHelpers().trim(), e.getMessage());
        }
        assignments.values().forEach(expression -> checkExpression(expression, line, scope));
    }

    private void checkSet(TagNode tag, Scope scope) {
        int line = tag.getLineNumber();
        String helpers = tag.getHelpers();
        int assignment = HeaderSyntax.findAssignment(helpers);
        boolean jinjavaInline = helpers.contains("=");
        if ((assignment >= 0) != jinjavaInline) {
            throw refuse(scope, line, "set " + helpers.trim(), "Jinjava reads a block set whose filters contain "
                + "'=' as an assignment; apply those filters in a later {% set %}");
        }
        int end = assignment >= 0 ? assignment : helpers.indexOf('|') >= 0 ? helpers.indexOf('|') : helpers.length();
        List<String> targets = SetTag.targets(helpers.substring(0, end));
        for (String target : targets) {
            String[] parts = target.split("\\.", -1);
            boolean valid = parts.length <= 2 && List.of(parts).stream().allMatch(HeaderSyntax::isIdentifier);
            if (!valid) {
                throw invalid(scope, line, "set " + target, "set assigns to names or to namespace attributes");
            }
        }
        if (assignment < 0) {
            if (targets.size() != 1 || targets.get(0).contains(".")) {
                throw invalid(scope, line, "set " + helpers.trim(), "a block set assigns exactly one name");
            }
            if (end < helpers.length()) {
                checkExpression(helpers, line, scope);
            }
            return;
        }
        checkExpression(SetTag.valueExpression(helpers.substring(assignment + 1)), line, scope);
    }

    private void checkMacro(TagNode tag, Scope scope) {
        int line = tag.getLineNumber();
        Matcher macro = MACRO.matcher(tag.getHelpers());
        if (!macro.matches()) {
            throw invalid(scope, line, "macro " + tag.getHelpers().trim(), "expected {% macro name(arguments) %}");
        }
        String construct = "macro " + tag.getHelpers().trim();
        AstNode call = parse(tag.getHelpers(), line, scope);
        if (!(call instanceof AstFunction)) {
            throw invalid(scope, line, construct, "expected {% macro name(arguments) %}");
        }
        AstNode parameters = child(call, 0);
        long jinjavaArguments = List.of(macro.group(2).split(",")).stream().filter(text -> !text.isBlank()).count();
        if (jinjavaArguments != parameters.getCardinality() || macro.group(2).matches("(?s).*[()\\[\\]{}].*")) {
            throw refuse(scope, line, construct, "Jinjava splits macro arguments at every comma and parenthesis; "
                + "use defaults without commas, brackets or calls");
        }
        for (int i = 0; i < parameters.getCardinality(); i++) {
            AstNode parameter = child(parameters, i);
            if (parameter instanceof PyAstNodes.NamedParameter) {
                AstNode value = ((PyAstNodes.NamedParameter) parameter).parts().get(0);
                if (!isConstant(value)) {
                    throw refuse(scope, line, construct, "a default value must be a constant: Jinjava computes it "
                        + "once where the macro is defined, Jinja2 on every call");
                }
            } else if (!(parameter instanceof AstIdentifier)) {
                throw invalid(scope, line, construct, "macro arguments are names, with optional defaults");
            }
        }
    }

    private static boolean isConstant(AstNode value) {
        if (value instanceof AstIdentifier) {
            String name = ((AstIdentifier) value).getName();
            return name.equals("None") || name.equals("none");
        }
        return value instanceof AstString || value instanceof AstNumber || value instanceof AstBoolean;
    }

    private void checkTemplateReference(TagNode tag, Scope scope, String construct, String options,
                                        String advice) {
        Matcher reference = STRING_LITERAL.matcher(tag.getHelpers());
        if (!reference.matches() || !reference.group(2).trim().matches(options)) {
            throw refuse(scope, tag.getLineNumber(), construct + " " + tag.getHelpers().trim(), advice);
        }
        String name = reference.group(1).substring(1, reference.group(1).length() - 1);
        try {
            TemplateLoader.canonicalName(name);
        } catch (TemplateException e) {
            throw invalid(scope, tag.getLineNumber(), construct + " '" + name + "'", e.getMessage()
                .substring(e.templateName().length() + 2));
        }
    }

    private void checkFilterChain(String filters, int line, Scope scope) {
        if (filters.isBlank()) {
            throw invalid(scope, line, "filter", "expected the filters to apply, such as {% filter upper %}");
        }
        AstNode root = parse(FilterTag.BODY_VARIABLE + "|" + filters, line, scope);
        AstNode input = root;
        while (input instanceof AstMethod && isFilterCall(input)) {
            input = child(child(input, 1), 0);
        }
        if (!(input instanceof AstIdentifier) || !((AstIdentifier) input).getName().equals(FilterTag.BODY_VARIABLE)) {
            throw invalid(scope, line, "filter " + filters, "expected a chain of filters, such as "
                + "{% filter indent(2)|trim %}");
        }
        walk(root, line, scope);
    }

    private void checkExpression(String expression, int line, Scope scope) {
        walk(parse(expression, line, scope), line, scope);
    }

    private AstNode parse(String expression, int line, Scope scope) {
        try {
            return jinjava.parseExpression(expression);
        } catch (ELException e) {
            throw new TemplateException(scope.template, line, expression.trim(), "syntax error in '"
                + expression.trim() + "': " + e.getMessage(), e);
        }
    }

    private void walk(AstNode node, int line, Scope scope) {
        if (node == null) {
            return;
        }
        if (node instanceof AstIdentifier) {
            checkName(((AstIdentifier) node).getName(), line, scope);
        } else if (node instanceof AstFunction) {
            checkFunction(((AstFunction) node).getName(), line, scope);
        } else if (node instanceof AstMethod && !isFilterCall(node) && !isTestCall(node)) {
            checkMethod((AstMethod) node, line, scope);
        } else if (node instanceof AstUnary && ((AstUnary) node).getOperator() == PyOperators.NEG
            && (isFilterCall(child(node, 0)) || isTestCall(child(node, 0)))) {
            throw refuse(scope, line, "-x|filter", "Jinjava applies the minus after the filter, Jinja2 before; "
                + "write (-x)|filter or -(x|filter)");
        }
        if (node instanceof PyAstNodes.Composite) {
            ((PyAstNodes.Composite) node).parts().forEach(part -> walk(part, line, scope));
        }
        if (isFilterCall(node) || isTestCall(node)) {
            walkFilterOrTest((AstMethod) node, line, scope);
            return;
        }
        for (int i = 0; i < node.getCardinality(); i++) {
            walk(child(node, i), line, scope);
        }
    }

    /** Walks a filter or test call, whose second parameter is the interpreter Jinjava passes itself. */
    private void walkFilterOrTest(AstMethod call, int line, Scope scope) {
        walk(child(call, 0), line, scope);
        AstNode parameters = child(call, 1);
        for (int i = 0; i < parameters.getCardinality(); i++) {
            if (i != 1) {
                walk(child(parameters, i), line, scope);
            }
        }
    }

    private void checkName(String name, int line, Scope scope) {
        if (name.equals(ExtendedParser.INTERPRETER)) {
            throw refuse(scope, line, name, "it is Jinjava's internal name for the interpreter");
        }
        Context global = jinjava.getGlobalContext();
        if (name.startsWith(ExtendedParser.FILTER_PREFIX)) {
            String filter = name.substring(ExtendedParser.FILTER_PREFIX.length());
            if (!(global.getFilter(filter) instanceof PyFilter)) {
                throw refuse(scope, line, "filter '" + filter + "'", "it is not a Jinja2 filter, or one this "
                    + "engine does not implement with Jinja2's semantics; see JINJA.md for the supported filters");
            }
        } else if (name.startsWith(ExtendedParser.EXPTEST_PREFIX)) {
            String test = name.substring(ExtendedParser.EXPTEST_PREFIX.length());
            if (!(global.getExpTest(test) instanceof PyTests.PyTest)) {
                throw refuse(scope, line, "test '" + test + "'", "it is not a Jinja2 test, or one this engine "
                    + "does not implement; see JINJA.md for the supported tests");
            }
        }
    }

    private void checkFunction(String name, int line, Scope scope) {
        ELFunctionDefinition function = jinjava.getGlobalContext().getFunction(name.contains(":") ? name
            : ":" + name);
        boolean global = function != null && function.getMethod().getDeclaringClass() == PyGlobals.class;
        boolean macro = scope.macros.contains(name) || name.equals("caller") || name.equals("super")
            || (name.equals(ForTag.LOOP) && scope.recursiveLoops > 0);
        if (!global && !macro) {
            throw refuse(scope, line, name + "()", "it is neither a macro of this template nor a supported "
                + "global function (range, dict, cycler, namespace, now)");
        }
    }

    private void checkMethod(AstMethod method, int line, Scope scope) {
        AstNode property = child(method, 0);
        String name = property instanceof PyAstNodes.Attribute ? ((PyAstNodes.Attribute) property).name() : null;
        AstNode target = child(property, 0);
        while (target instanceof PyAstNodes.Defined) {
            target = child(target, 0);
        }
        if (target instanceof AstIdentifier && scope.modules.contains(((AstIdentifier) target).getName())) {
            return;
        }
        if (name == null || !(PyMethods.DICT_METHODS.contains(name) || PyMethods.STRING_METHODS.contains(name)
            || ENGINE_METHODS.contains(name))) {
            throw refuse(scope, line, (name == null ? "[…]" : "." + name) + "()", "templates may call the dict methods "
                + String.join(", ", new TreeSet<>(PyMethods.DICT_METHODS)) + "; the string methods "
                + String.join(", ", new TreeSet<>(PyMethods.STRING_METHODS))
                + "; loop.cycle/changed, cycler.next/reset and now().strftime/isoformat");
        }
    }

    private static boolean isFilterCall(AstNode node) {
        return isPrefixedCall(node, ExtendedParser.FILTER_PREFIX);
    }

    private static boolean isTestCall(AstNode node) {
        return isPrefixedCall(node, ExtendedParser.EXPTEST_PREFIX);
    }

    private static boolean isPrefixedCall(AstNode node, String prefix) {
        if (!(node instanceof AstMethod)) {
            return false;
        }
        AstNode target = child(child(node, 0), 0);
        return target instanceof AstIdentifier && ((AstIdentifier) target).getName().startsWith(prefix);
    }

    private static AstNode child(AstNode node, int index) {
        return (AstNode) node.getChild(index);
    }

    private static TemplateException refuse(Scope scope, int line, String construct, String reason) {
        return new TemplateException(scope.template, line, construct, construct + " is not supported: " + reason);
    }

    private static TemplateException invalid(Scope scope, int line, String construct, String reason) {
        return new TemplateException(scope.template, line, construct, "syntax error: " + reason);
    }
}
