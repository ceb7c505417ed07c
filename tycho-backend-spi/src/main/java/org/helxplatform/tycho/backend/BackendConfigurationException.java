package org.helxplatform.tycho.backend;

/** A backend cannot be found or created: no provider of that name, an unusable setting, no cluster to talk to. */
public class BackendConfigurationException extends BackendException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public BackendConfigurationException(String message) {
        super(null, message, null);
    }

    /**
     * @param message what is wrong and how to fix it
     * @param cause   the underlying failure
     */
    public BackendConfigurationException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
