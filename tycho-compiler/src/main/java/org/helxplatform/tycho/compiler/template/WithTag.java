package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.util.LengthLimitingStringBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jinja2's {@code {% with a = 1, b = x %}…{% endwith %}}, which Jinjava lacks: the values are computed in the
 * enclosing scope, then bound in a new scope for the block.
 */
final class WithTag implements Tag {

    private static final long serialVersionUID = 1L;

    /** The tag name. */
    static final String NAME = "with";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        Map<String, Object> values = new LinkedHashMap<>();
        assignments(tagNode.getHelpers()).forEach((name, expression) ->
            values.put(name, interpreter.resolveELExpression(expression, tagNode.getLineNumber())));
        LengthLimitingStringBuilder out = new LengthLimitingStringBuilder(
            interpreter.getConfig().getMaxOutputSize());
        interpreter.enterScope();
        try {
            values.forEach(interpreter.getContext()::put);
            for (Node node : tagNode.getChildren()) {
                out.append(node.render(interpreter).getValue());
            }
        } finally {
            interpreter.leaveScope();
        }
        return out.toString();
    }

    /**
     * Parses the assignments of a {@code with} tag.
     *
     * @param helpers the tag text after {@code with}
     * @return the expression of each name, in order
     * @throws IllegalArgumentException when the text is not {@code name = expression, ...}
     */
    static Map<String, String> assignments(String helpers) {
        Map<String, String> assignments = new LinkedHashMap<>();
        if (helpers.isBlank()) {
            return assignments;
        }
        for (String part : HeaderSyntax.splitCommas(helpers)) {
            int equals = HeaderSyntax.findAssignment(part);
            String name = equals < 0 ? "" : part.substring(0, equals).trim();
            String expression = equals < 0 ? "" : part.substring(equals + 1).trim();
            if (!HeaderSyntax.isIdentifier(name) || expression.isEmpty()) {
                throw new IllegalArgumentException("expected 'with name = expression, ...', got '" + part.trim()
                    + "'");
            }
            assignments.put(name, expression);
        }
        return assignments;
    }
}
