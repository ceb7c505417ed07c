package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.TagNode;

/**
 * Jinjava's {@code if}/{@code elif}/{@code else} with Python truth ({@link PyValues#truth}): the string
 * {@code "false"} is true, as in Jinja2.
 */
final class IfTag extends com.hubspot.jinjava.lib.tag.IfTag {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isPositiveIfElseNode(TagNode tagNode, JinjavaInterpreter interpreter) {
        return PyValues.truth(interpreter.resolveELExpression(tagNode.getHelpers(), tagNode.getLineNumber(),
            tagNode.getStartPosition()));
    }
}
