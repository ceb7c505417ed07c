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
        StringBuilder body = new StringBuilder();
        for (Node child : tagNode.getChildren()) {
            body.append(child.reconstructImage());
        }
        return new CheckedMacro(macro, VARARGS.matcher(body).find(), KWARGS.matcher(body).find());
    }

    /** A macro that refuses the arguments Jinja2 refuses. */
    private static final class CheckedMacro extends MacroFunction {
        private static final long serialVersionUID = 1L;

        private final boolean takesVarargs;
        private final boolean takesKwargs;

        CheckedMacro(MacroFunction macro, boolean takesVarargs, boolean takesKwargs) {
            super(macro, macro.getName());
            this.takesVarargs = takesVarargs;
            this.takesKwargs = takesKwargs;
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
            if (!varArgs.isEmpty() && !takesVarargs) {
                throw refused("takes not more than " + argMap.size() + " argument(s)");
            }
            if (!kwargMap.isEmpty() && !takesKwargs) {
                throw refused("takes no keyword argument '" + kwargMap.keySet().iterator().next() + "'");
            }
            return super.doEvaluate(argMap, kwargMap, varArgs);
        }

        private RuntimeException refused(String message) {
            return PyException.typeError("macro '" + getName() + "' " + message);
        }
    }
}
