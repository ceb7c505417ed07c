package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.util.LengthLimitingStringBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja2's {@code for} loop, replacing Jinjava's: the {@code else} block renders only when nothing was iterated
 * (Jinjava renders it after every item), {@code for x in items if cond} filters items before counting them,
 * {@code recursive} loops can call {@code loop(children)}, {@code loop} has Jinja2's attributes
 * ({@link PyLoop}, including {@code changed()}), dicts iterate their keys, and iterating {@code None} or a number
 * is an error.
 */
final class ForTag implements Tag {

    private static final long serialVersionUID = 1L;

    /** The tag name. */
    static final String NAME = "for";

    /** The name under which a recursive loop's body can be called. */
    static final String LOOP = "loop";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        ForHeader header = ForHeader.cached(tagNode.getHelpers());
        Object iterable = interpreter.resolveELExpression(header.iterable(), tagNode.getLineNumber());
        return render(tagNode, header, PyValues.toList(iterable), 1, interpreter);
    }

    private static String render(TagNode tagNode, ForHeader header, List<Object> iterated, int depth,
                                 JinjavaInterpreter interpreter) {
        List<Node> body = new ArrayList<>();
        List<Node> otherwise = new ArrayList<>();
        boolean inElse = false;
        for (Node child : tagNode.getChildren()) {
            if (!inElse && child instanceof TagNode && ElseTag.TAG_NAME.equals(child.getName())) {
                inElse = true;
            } else {
                (inElse ? otherwise : body).add(child);
            }
        }
        LengthLimitingStringBuilder out = new LengthLimitingStringBuilder(
            interpreter.getConfig().getMaxOutputSize());
        List<Object> items = iterated;
        interpreter.enterScope();
        try {
            if (header.condition() != null) {
                items = filter(items, header, tagNode, interpreter);
            }
            if (header.recursive()) {
                interpreter.getContext().addGlobalMacro(new Recursion(tagNode, header, depth, interpreter));
            }
            PyLoop loop = new PyLoop(items, depth);
            interpreter.getContext().put(LOOP, loop);
            for (Object item : items) {
                loop.advance();
                bind(header.targets(), item, interpreter);
                for (Node node : body) {
                    out.append(node.render(interpreter).getValue());
                }
            }
        } finally {
            interpreter.leaveScope();
        }
        if (items.isEmpty()) {
            for (Node node : otherwise) {
                out.append(node.render(interpreter).getValue());
            }
        }
        return out.toString();
    }

    private static List<Object> filter(List<Object> items, ForHeader header, TagNode tagNode,
                                       JinjavaInterpreter interpreter) {
        List<Object> kept = new ArrayList<>();
        for (Object item : items) {
            bind(header.targets(), item, interpreter);
            if (PyValues.truth(interpreter.resolveELExpression(header.condition(), tagNode.getLineNumber()))) {
                kept.add(item);
            }
        }
        return kept;
    }

    /** Assigns an item to the loop variables, unpacking it when there are several. */
    private static void bind(List<String> targets, Object item, JinjavaInterpreter interpreter) {
        if (targets.size() == 1) {
            interpreter.getContext().put(targets.get(0), item);
            return;
        }
        List<Object> values = PyValues.unpack(item, targets.size());
        for (int i = 0; i < targets.size(); i++) {
            interpreter.getContext().put(targets.get(i), values.get(i));
        }
    }

    /** {@code loop(items)} inside a recursive loop: renders the loop again over other items, one level deeper. */
    private static final class Recursion extends MacroFunction {
        private static final long serialVersionUID = 1L;

        private final transient TagNode tagNode;
        private final transient ForHeader header;
        private final int depth;

        Recursion(TagNode tagNode, ForHeader header, int depth, JinjavaInterpreter interpreter) {
            super(List.of(), LOOP, new LinkedHashMap<>(Map.of("items", PyNone.NONE)), false,
                interpreter.getContext(), tagNode.getLineNumber(), tagNode.getStartPosition());
            this.tagNode = tagNode;
            this.header = header;
            this.depth = depth;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            if (!kwargMap.isEmpty() || !varArgs.isEmpty() || argMap.get("items") == PyNone.NONE) {
                throw PyException.typeError("loop() takes exactly one argument, the items to loop over");
            }
            return render(tagNode, header, PyValues.toList(argMap.get("items")), depth + 1,
                JinjavaInterpreter.getCurrent());
        }
    }
}
