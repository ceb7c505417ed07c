package org.helxplatform.tycho.server.internal;

import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Names;

/**
 * Who sent a request, as its bearer token says: a user, who sees and changes only their own systems, or an
 * administrator, who sees and changes all.
 *
 * @param user  the user name (a valid Kubernetes label value, since systems are labelled with it)
 * @param admin whether the caller is an administrator
 * @param via   how the caller was authenticated ({@code token} or {@code jwt}), for logs
 */
public record Caller(String user, boolean admin, String via) {

    /**
     * Validates the user name.
     *
     * @param user  the user name
     * @param admin whether the caller is an administrator
     * @param via   how the caller was authenticated
     * @throws InvalidValueException when the user name is empty or not a valid label value
     */
    public Caller {
        if (user == null || user.isEmpty()) {
            throw new InvalidValueException("user", user, "must not be empty");
        }
        Names.requireLabelValue("user", user);
    }

    /**
     * Which systems a caller sees and changes is decided by the context's user view (see {@link CallerSystems});
     * this is the one rule of the server itself: a user starts systems only for themselves.
     *
     * @param username the user a start request names
     * @return whether this caller may start systems for that user
     */
    public boolean mayStartFor(String username) {
        return admin || user.equals(username);
    }
}
