package org.helxplatform.tycho.backend;

/**
 * No system has the identifier an operation names (modify, wait, events, logs). A user-scoped view answers with
 * this exception for another user's system too, so that a user cannot tell it from a missing one.
 */
public class UnknownSystemException extends BackendException {

    private static final long serialVersionUID = 1L;

    /** @param identifier the identifier no system has */
    public UnknownSystemException(String identifier) {
        super(identifier, "no system with identifier " + identifier + " is running; check the identifier"
                + " (status lists the running systems)", null);
    }
}
