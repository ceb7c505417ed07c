package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.TagNode;

/** Jinja2's {@code {% print expression %}}, the same as {@code {{ expression }}}. */
final class PrintTag implements Tag {

    private static final long serialVersionUID = 1L;

    /** The tag name. */
    static final String NAME = "print";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getEndTagName() {
        return null;
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        return interpreter.getAsString(interpreter.resolveELExpression(tagNode.getHelpers(),
            tagNode.getLineNumber()));
    }
}
