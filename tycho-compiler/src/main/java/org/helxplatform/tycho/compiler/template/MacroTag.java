package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Jinjava's {@code macro}, with Jinja2's argument rules: extra positional arguments are an error unless the
 * macro's body uses {@code varargs}, unknown keyword arguments unless it uses {@code kwargs}, and an argument may
 * not be given both by position and by name (Jinjava would silently accept all three).
 */
final class MacroTag extends com.hubspot.jinjava.lib.tag.MacroTag {

    private static final long serialVersionUID = 1L;

    private static final Pattern VARARGS = Pattern.compile("\\bvarargs\\b");
    private static final Pattern KWARGS = Pattern.compile("\\bkwargs\\b");

    @Override
    protected MacroFunction constructMacroFunction(TagNode tagNode, JinjavaInterpreter interpreter, String name,
                                                   LinkedHashMap<String, Object> argNamesWithDefaults) {
        MacroFunction macro = super.constructMacroFunction(tagNode, interpreter, name, argNamesWithDefaults);
        return new CheckedMacro(macro, tagNode);
    }

    /** A macro that refuses the arguments Jinja2 refuses. */
    private static final class CheckedMacro extends MacroFunction {
        private static final long serialVersionUID = 1L;

        /** The macro's tag, read only when a call passes extra positional or keyword arguments. */
        private final transient TagNode tagNode;

        CheckedMacro(MacroFunction macro, TagNode tagNode) {
            super(macro, macro.getName());
            this.tagNode = tagNode;
        }

        /** @return whether the macro's body names {@code varargs} or {@code kwargs} (a word of its text) */
        private boolean bodyUses(Pattern word) {
            if (tagNode == null) {
                return true; // deserialized: the body is not known, so the arguments are not refused
            }
            StringBuilder body = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                body.append(child.reconstructImage());
            }
            return word.matcher(body).find();
        }

        @Override
        public Object evaluate(Object... args) {
            List<String> names = new ArrayList<>(getArguments());
            int positional = 0;
            while (positional < args.length && !(args[positional] instanceof NamedParameter)) {
                positional++;
            }
            for (int i = positional; i < args.length; i++) {
                if (args[i] instanceof NamedParameter) {
                    String keyword = ((NamedParameter) args[i]).getName();
                    if (names.indexOf(keyword) >= 0 && names.indexOf(keyword) < positional) {
                        throw refused("got multiple values for argument '" + keyword + "'");
                    }
                }
            }
            return super.evaluate(args);
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            if (!varArgs.isEmpty() && !bodyUses(VARARGS)) {
                throw refused("takes not more than " + argMap.size() + " argument(s)");
            }
            if (!kwargMap.isEmpty() && !bodyUses(KWARGS)) {
                throw refused("takes no keyword argument '" + kwargMap.keySet().iterator().next() + "'");
            }
            return super.doEvaluate(argMap, kwargMap, varArgs);
        }

        private RuntimeException refused(String message) {
            return PyException.typeError("macro '" + getName() + "' " + message);
        }
    }
}
