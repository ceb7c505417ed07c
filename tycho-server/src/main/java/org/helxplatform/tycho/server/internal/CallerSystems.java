package org.helxplatform.tycho.server.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.UserScope;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The systems one request acts on. A user acts through the context's view for that user
 * ({@link TychoContext#forUser(Principal)}), which sees and touches only the user's own systems and answers for
 * another user's system exactly as for a missing one; an administrator acts through the context itself, on every
 * user's systems. The server keeps no rule of its own about who owns what. Made per request; cheap.
 */
public final class CallerSystems {

    private final TychoContext tycho;
    /** The user's view; {@code null} for an administrator. */
    private final UserScope user;

    private CallerSystems(TychoContext tycho, UserScope user) {
        this.tycho = tycho;
        this.user = user;
    }

    /**
     * @param tycho  the context
     * @param caller who sent the request
     * @return what the caller may act on
     */
    public static CallerSystems of(TychoContext tycho, Caller caller) {
        return new CallerSystems(tycho, caller.admin() ? null : tycho.forUser(Principal.of(caller.user())));
    }

    /**
     * The systems the caller sees.
     *
     * @param username only this user's, or {@code null} for all the caller sees
     * @return the systems; for a user naming another user, none
     */
    public List<SystemStatus> list(String username) {
        if (user == null) {
            return tycho.status(username == null ? StatusQuery.all() : StatusQuery.user(username));
        }
        return user.status().stream().filter(system -> username == null || username.equals(system.username()))
                .toList();
    }

    /**
     * One system.
     *
     * @param identifier the system identifier
     * @return its status; empty when there is none the caller sees
     */
    public Optional<SystemStatus> get(String identifier) {
        if (user == null) {
            return tycho.status(StatusQuery.identifier(identifier)).stream().findFirst();
        }
        return user.status(identifier);
    }

    /**
     * Starts an app of the registry; the request's principal is the user it runs for.
     *
     * @param request the request
     * @return the started system
     * @throws org.helxplatform.tycho.model.InvalidValueException when a user's request is for another user
     */
    public StartResult start(StartRequest request) {
        return user == null ? tycho.start(request) : user.start(request);
    }

    /**
     * Starts a system from a spec; the request's principal is the user it runs for.
     *
     * @param request the request
     * @return the started system
     * @throws org.helxplatform.tycho.model.InvalidValueException when a user's request is for another user
     */
    public StartResult start(CompileRequest request) {
        return user == null ? tycho.start(request) : user.start(request);
    }

    /**
     * @param request the change
     * @return the patches applied
     * @throws org.helxplatform.tycho.backend.UnknownSystemException when there is no such system the caller sees
     */
    public ModifyResult modify(ModifyRequest request) {
        return user == null ? tycho.modify(request) : user.modify(request);
    }

    /**
     * @param identifier the system identifier
     * @return what was deleted: 0 objects when there is no such system the caller sees
     */
    public DeleteResult delete(String identifier) {
        return user == null ? tycho.delete(identifier) : user.delete(identifier);
    }

    /**
     * @param identifier the system identifier
     * @return its launch events; {@link org.helxplatform.tycho.backend.UnknownSystemException} is signalled when
     *         there is no such system the caller sees
     */
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        return user == null ? tycho.events(identifier) : user.events(identifier);
    }

    /**
     * @param identifier the system identifier
     * @param container  the container
     * @param tailLines  how many lines at most
     * @return the last lines the container wrote
     * @throws org.helxplatform.tycho.backend.UnknownSystemException when there is no such system the caller sees
     */
    public String logs(String identifier, String container, int tailLines) {
        return user == null ? tycho.logs(identifier, container, tailLines)
                : user.logs(identifier, container, tailLines);
    }
}
