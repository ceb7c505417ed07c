package org.helxplatform.tycho.model;

/**
 * Root of every exception Tycho throws for bad input, bad configuration or a failed operation.
 *
 * <p>Messages say what went wrong and where (the app, file, path or field, and the value) and, when there is
 * one, the fix. Subtypes add the details a caller may want to act on, such as the system identifier of a failed
 * backend operation or the template line of a rendering error. No {@code NullPointerException} or
 * {@code ClassCastException} reaches a caller for bad input; it is reported as a {@code TychoException}.
 */
public class TychoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, where, and the fix when there is one
     */
    public TychoException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and its cause.
     *
     * @param message what went wrong, where, and the fix when there is one
     * @param cause   the underlying failure
     */
    public TychoException(String message, Throwable cause) {
        super(message, cause);
    }
}
