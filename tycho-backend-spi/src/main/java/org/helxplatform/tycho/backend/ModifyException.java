package org.helxplatform.tycho.backend;

/** A system could not be modified. */
public class ModifyException extends BackendException {

    private static final long serialVersionUID = 1L;

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     * @param cause      the underlying failure, or {@code null}
     */
    public ModifyException(String identifier, String message, Throwable cause) {
        super(identifier, message, cause);
    }

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     */
    public ModifyException(String identifier, String message) {
        super(identifier, message, null);
    }
}
