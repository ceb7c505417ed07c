package org.helxplatform.tycho.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * What a caller may see of the running systems: a user their own, an administrator all. A system of another user
 * is treated exactly as a system that does not exist, so a user learns nothing about it, not even that it exists.
 * Built on the context's status by user and by identifier; the owner is checked before a change.
 */
public final class UserScope {

    private UserScope() {
    }

    /**
     * The systems a caller may see.
     *
     * @param tycho    the context
     * @param caller   the caller
     * @param username only this user's systems, or {@code null} for all the caller may see
     * @return the systems; for a user asking about another user, none
     */
    public static List<SystemStatus> systems(TychoContext tycho, Caller caller, String username) {
        if (!caller.admin()) {
            if (username != null && !username.equals(caller.user())) {
                return List.of();
            }
            return tycho.status(StatusQuery.user(caller.user()));
        }
        return tycho.status(username == null ? StatusQuery.all() : StatusQuery.user(username));
    }

    /**
     * One system, if the caller may see it.
     *
     * @param tycho      the context
     * @param caller     the caller
     * @param identifier the system identifier
     * @return the system; empty when it does not exist or belongs to another user
     */
    public static Optional<SystemStatus> system(TychoContext tycho, Caller caller, String identifier) {
        List<SystemStatus> visible = new ArrayList<>();
        for (SystemStatus system : tycho.status(StatusQuery.identifier(identifier))) {
            if (caller.mayAccess(system.username())) {
                visible.add(system);
            }
        }
        return visible.stream().findFirst();
    }
}
