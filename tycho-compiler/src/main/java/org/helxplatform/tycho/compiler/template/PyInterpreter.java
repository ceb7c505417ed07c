package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.tree.Node;
import java.time.Clock;
import java.util.List;

/**
 * Jinjava's interpreter with the engine's Python behaviour: values print as Python's {@code str()}, the names
 * {@code None} and {@code none} are Python's {@code None}, a macro's name is a value (as in Jinja2, where
 * {@code {{ m }}} prints {@code <Macro 'm'>}), a macro's {@code varargs} is a tuple, and templates
 * read by {@code include}, {@code import} and {@code extends} come parsed (and checked) from the engine's cache.
 */
final class PyInterpreter extends JinjavaInterpreter {

    private final PyJinjava engine;

    private PyInterpreter(PyJinjava engine, Context context, JinjavaConfig config) {
        super(engine, context, config);
        this.engine = engine;
    }

    private PyInterpreter(PyInterpreter parent) {
        super(parent);
        this.engine = parent.engine;
    }

    /**
     * The interpreter rendering on this thread.
     *
     * @return the current interpreter
     * @throws IllegalStateException outside a render of this engine
     */
    static PyInterpreter current() {
        JinjavaInterpreter current = JinjavaInterpreter.getCurrent();
        if (!(current instanceof PyInterpreter)) {
            throw new IllegalStateException("not rendering a template of the Tycho template engine");
        }
        return (PyInterpreter) current;
    }

    /**
     * The clock {@code now()} reads.
     *
     * @return the engine's clock
     */
    Clock clock() {
        return engine.clock();
    }

    @Override
    public String getAsString(Object object) {
        return PyStr.str(object);
    }

    @Override
    public Object retraceVariable(String variable, int lineNumber, int startPosition) {
        if ("None".equals(variable) || "none".equals(variable)) {
            return PyNone.NONE;
        }
        Object value = super.retraceVariable(variable, lineNumber, startPosition);
        if (value == null && variable != null) {
            value = getContext().getGlobalMacro(variable);
        }
        if ("varargs".equals(variable) && value instanceof List && !(value instanceof PyTuple)
            && getContext().getMacroStack().peek().isPresent()) {
            return PyTuple.copyOf((List<?>) value);
        }
        return value;
    }

    @Override
    public Node parse(String template) {
        return engine.templates().forSource(template).root();
    }

    /** Creates the engine's interpreters, for renders and for the child interpreters Jinjava makes. */
    static final class Factory implements InterpreterFactory {

        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PyInterpreter((PyInterpreter) orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig renderConfig) {
            return new PyInterpreter((PyJinjava) application, context, renderConfig);
        }
    }
}
