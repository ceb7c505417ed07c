package org.helxplatform.tycho.backend;

/** No system has the identifier a modify request names. */
public class UnknownSystemException extends ModifyException {

    private static final long serialVersionUID = 1L;

    /** @param identifier the identifier no system has */
    public UnknownSystemException(String identifier) {
        super(identifier, "no system with identifier " + identifier + " is running; check the identifier"
                + " (status lists the running systems)", null);
    }
}
