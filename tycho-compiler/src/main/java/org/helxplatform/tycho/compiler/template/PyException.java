package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;

/**
 * An error Jinja2 would raise while rendering (a {@code TypeError}, {@code ValueError}, a call Jinja2 would not
 * accept...). It is an {@link InvalidInputException} so that Jinjava records it as a fatal template error with
 * its line, which the engine then reports as a {@link TemplateException}.
 */
final class PyException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    private PyException(JinjavaInterpreter interpreter, String construct, String message) {
        super(interpreter, construct, message);
    }

    /**
     * Creates the error for the template being rendered on this thread.
     *
     * @param construct the filter, test, function or operator that failed, for the report
     * @param message   what went wrong
     * @return the exception to throw; a plain {@link IllegalArgumentException} outside a render
     */
    static RuntimeException of(String construct, String message) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return interpreter == null
            ? new IllegalArgumentException(construct + ": " + message)
            : new PyException(interpreter, construct, construct + ": " + message);
    }

    /**
     * Creates an error that is not tied to one named construct, such as Python's {@code TypeError}.
     *
     * @param message what went wrong
     * @return the exception to throw
     */
    static RuntimeException typeError(String message) {
        return of("TypeError", message);
    }
}
