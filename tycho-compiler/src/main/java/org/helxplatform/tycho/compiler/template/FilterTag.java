package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.util.LengthLimitingStringBuilder;

/**
 * Jinja2's {@code {% filter upper %}…{% endfilter %}} (also {@code filter indent(2)|trim}), which Jinjava lacks:
 * the block's output goes through the filters.
 */
final class FilterTag implements Tag {

    private static final long serialVersionUID = 1L;

    /** The tag name. */
    static final String NAME = "filter";

    /** The variable that holds the block's output while the filters run. */
    static final String BODY_VARIABLE = "__tycho_filter_block__";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        LengthLimitingStringBuilder body = new LengthLimitingStringBuilder(
            interpreter.getConfig().getMaxOutputSize());
        for (Node node : tagNode.getChildren()) {
            body.append(node.render(interpreter).getValue());
        }
        interpreter.enterScope();
        try {
            interpreter.getContext().put(BODY_VARIABLE, body.toString());
            return PyStr.str(interpreter.resolveELExpression(expression(tagNode), tagNode.getLineNumber()));
        } finally {
            interpreter.leaveScope();
        }
    }

    /**
     * The expression that applies the tag's filters to the block output.
     *
     * @param tagNode the tag
     * @return {@code __tycho_filter_block__|<filters>}
     */
    private static String expression(TagNode tagNode) {
        return BODY_VARIABLE + "|" + tagNode.getHelpers().trim();
    }
}
