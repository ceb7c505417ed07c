package org.helxplatform.tycho.context.registry;

import org.helxplatform.tycho.model.TychoException;

/**
 * An app registry that cannot be used: missing or unparsable files, an undefined product, a context that extends an
 * unknown one or itself, an app whose spec URL cannot be derived. The message names the registry, context or app
 * and, when there is one, the fix.
 */
public class RegistryException extends TychoException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, where, and the fix when there is one
     */
    public RegistryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, where, and the fix when there is one
     * @param cause   the underlying failure
     */
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
