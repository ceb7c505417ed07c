package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Arrays;
import java.util.Map;

/** A Jinja2 filter implemented in Java with Python semantics, registered under its Jinja2 name. */
final class PyFilter implements Filter {

    /** What a filter computes. */
    @FunctionalInterface
    interface Body {
        /**
         * Applies the filter.
         *
         * @param value       the filtered value ({@code null} when undefined)
         * @param args        the bound arguments
         * @param interpreter the render's interpreter
         * @return the result
         */
        Object apply(Object value, Args args, JinjavaInterpreter interpreter);
    }

    private final String name;
    private final Object[] signature;
    private final boolean varargs;
    private final Body body;

    /**
     * Creates a filter.
     *
     * @param name      the Jinja2 name
     * @param signature the parameters after the value and their defaults (see {@link Args#bind})
     * @param varargs   whether it takes {@code *args, **kwargs}
     * @param body      the implementation
     */
    PyFilter(String name, Object[] signature, boolean varargs, Body body) {
        this.name = name;
        this.signature = signature.clone();
        this.varargs = varargs;
        this.body = body;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        return body.apply(var, Args.bind(name, signature, Arrays.asList(args), kwargs, varargs), interpreter);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args, Map.of());
    }
}
