package org.helxplatform.tycho.backend;

import org.helxplatform.tycho.model.TychoException;

/**
 * A backend operation failed. Subtypes say which one ({@link StartException}, {@link StatusException},
 * {@link ModifyException}, {@link DeleteException}) or that the backend is misconfigured
 * ({@link BackendConfigurationException}); each carries the identifier of the system concerned.
 */
public class BackendException extends TychoException {

    private static final long serialVersionUID = 1L;

    private final String identifier;

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     * @param cause      the underlying failure, or {@code null}
     */
    public BackendException(String identifier, String message, Throwable cause) {
        super(message, cause);
        this.identifier = identifier;
    }

    /** @return the identifier of the system concerned, or {@code null} */
    public String identifier() {
        return identifier;
    }
}
