package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what went wrong in a render into a {@link TemplateException}: the errors Jinjava collects instead of
 * throwing (any of them, except a property missing on an object, means the output is wrong) and the exceptions
 * it throws. A {@code TemplateException} raised inside (by an included template's check) is passed on as is.
 */
final class RenderErrors {

    private RenderErrors() {
    }

    /**
     * Throws for the first collected error that makes the output wrong.
     *
     * @param template the template rendered
     * @param errors   the errors Jinjava collected
     * @throws TemplateException for the first fatal error
     */
    static void throwFirstFatal(String template, List<TemplateError> errors) {
        for (TemplateError error : errors) {
            if (isFatal(error)) {
                TemplateException nested = nested(error.getException());
                throw nested != null ? nested : new TemplateException(template, error.getLineno(),
                    error.getFieldName(), error.getMessage(), error.getException());
            }
        }
    }

    /**
     * Converts an exception thrown out of a render.
     *
     * @param template    the template rendered
     * @param currentLine the line the interpreter was at
     * @param e           the exception
     * @return the exception to throw
     */
    static TemplateException fromException(String template, int currentLine, RuntimeException e) {
        TemplateException nested = nested(e);
        if (nested != null) {
            return nested;
        }
        int line = currentLine;
        String construct = null;
        if (e instanceof InterpretException && ((InterpretException) e).getLineNumber() > 0) {
            line = ((InterpretException) e).getLineNumber();
        } else if (e instanceof InvalidInputException) {
            line = ((InvalidInputException) e).getLineNumber();
            construct = ((InvalidInputException) e).getName();
        } else if (e instanceof InvalidArgumentException) {
            line = ((InvalidArgumentException) e).getLineNumber();
            construct = ((InvalidArgumentException) e).getName();
        }
        return new TemplateException(template, line, construct, messages(e), e);
    }

    /** Everything is fatal except a property missing on an object, which Jinja2 also renders as undefined. */
    private static boolean isFatal(TemplateError error) {
        return error.getSeverity() == TemplateError.ErrorType.FATAL
            || !(error.getReason() == TemplateError.ErrorReason.UNKNOWN
                && error.getItem() == TemplateError.ErrorItem.PROPERTY);
    }

    private static TemplateException nested(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof TemplateException) {
                return (TemplateException) cause;
            }
        }
        return null;
    }

    private static String messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !messages.contains(message)) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", messages);
    }
}
