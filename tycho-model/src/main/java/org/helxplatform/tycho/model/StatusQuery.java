package org.helxplatform.tycho.model;

/**
 * Which systems a status request is about: all, one user's, or one system.
 *
 * @param identifier a system identifier, or {@code null}
 * @param username   a user name, or {@code null}; when both are set, the user name wins (as in Python Tycho)
 */
public record StatusQuery(String identifier, String username) {

    private static final StatusQuery ALL = new StatusQuery(null, null);

    /**
     * Validates what is set.
     *
     * @param identifier a system identifier, or {@code null}
     * @param username   a user name, or {@code null}; when both are set, the user name wins (as in Python Tycho)
     * @throws InvalidValueException when a value is invalid
     */
    public StatusQuery {
        if (identifier != null) {
            Names.requireIdentifier("identifier", identifier);
        }
        if (username != null) {
            Names.requireLabelValue("username", username);
        }
    }

    /** @return every system Tycho started */
    public static StatusQuery all() {
        return ALL;
    }

    /**
     * @param username the user
     * @return the systems of a user
     */
    public static StatusQuery user(String username) {
        return new StatusQuery(null, username);
    }

    /**
     * @param identifier the system identifier
     * @return one system
     */
    public static StatusQuery identifier(String identifier) {
        return new StatusQuery(identifier, null);
    }
}
