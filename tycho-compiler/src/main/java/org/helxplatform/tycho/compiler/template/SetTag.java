package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.objects.Namespace;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Jinja2's {@code set}. Assignments ({@code {% set x = … %}}) are done here with Python's rules: {@code set t = 1, 2}
 * assigns the tuple (Jinjava assigns {@code 1}), {@code set a, b = pair} unpacks, and {@code set x.y = …} needs
 * {@code x} to be a {@code namespace()} (Jinjava would create a variable named {@code x.y}). Block assignments
 * ({@code {% set x %}…{% endset %}}) are Jinjava's.
 */
final class SetTag extends com.hubspot.jinjava.lib.tag.SetTag {

    private static final long serialVersionUID = 1L;

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        String helpers = tagNode.getHelpers();
        int equals = HeaderSyntax.findAssignment(helpers);
        if (equals < 0) {
            return super.interpret(tagNode, interpreter);
        }
        List<String> targets = targets(helpers.substring(0, equals));
        Object value = interpreter.resolveELExpression(valueExpression(helpers.substring(equals + 1)),
            tagNode.getLineNumber());
        if (targets.size() == 1) {
            assign(targets.get(0), value, interpreter);
        } else {
            List<Object> values = PyValues.unpack(value, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                assign(targets.get(i), values.get(i), interpreter);
            }
        }
        return "";
    }

    /**
     * The expression whose value an assignment stores: a tuple when the right side has top-level commas.
     *
     * @param expression the text after {@code =}
     * @return the expression to evaluate
     */
    static String valueExpression(String expression) {
        return HeaderSyntax.splitCommas(expression).size() > 1 ? "(" + expression.trim() + ")" : expression.trim();
    }

    /**
     * The names a {@code set} tag assigns.
     *
     * @param text the text before {@code =}, or the whole text of a block set up to its filters
     * @return the trimmed names
     */
    static List<String> targets(String text) {
        List<String> names = new ArrayList<>();
        for (String name : HeaderSyntax.splitCommas(text)) {
            names.add(name.trim());
        }
        return names;
    }

    private static void assign(String target, Object value, JinjavaInterpreter interpreter) {
        int dot = target.indexOf('.');
        if (dot < 0) {
            interpreter.getContext().put(target, value);
            return;
        }
        Object namespace = interpreter.getContext().get(target.substring(0, dot));
        if (!(namespace instanceof Namespace)) {
            throw PyException.of("set", "cannot assign attribute on non-namespace object '"
                + target.substring(0, dot) + "'");
        }
        ((Namespace) namespace).put(target.substring(dot + 1), value);
    }
}
