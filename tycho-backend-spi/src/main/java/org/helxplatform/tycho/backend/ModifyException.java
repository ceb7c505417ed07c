package org.helxplatform.tycho.backend;

import java.util.OptionalInt;

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

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     * @param cause      the underlying failure, or {@code null}
     * @param status     the orchestrator's status code for the failed request, if it answered
     */
    public ModifyException(String identifier, String message, Throwable cause, OptionalInt status) {
        super(identifier, message, cause, status);
    }
}
