package org.helxplatform.tycho.model;

/**
 * Root of every exception Tycho throws for bad input, bad configuration or a failed operation.
 *
 * <p>Messages say what went wrong and where (the app, file, path or field, and the value) and, when there is
 * one, the fix. Subtypes add the details a caller may want to act on, such as the system identifier of a failed
 * backend operation or the template line of a rendering error. A bad value (a name, quantity, identifier, setting
 * or URI, also a missing one where a value is checked) is an {@link InvalidValueException}; a malformed spec,
 * registry or template is a {@code TychoException} subtype too, never a {@code ClassCastException}.
 *
 * <p>A {@code null} argument where an object is required (a request, a principal, a builder argument) is not bad
 * input but a programming error: it is a {@link NullPointerException} whose message names the parameter, as in
 * fabric8's client and Testcontainers. Where {@code null} is allowed, the parameter's documentation says what it
 * means.
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
