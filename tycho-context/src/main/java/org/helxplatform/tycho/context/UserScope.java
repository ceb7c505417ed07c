package org.helxplatform.tycho.context;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * A {@link TychoContext} acting for one user: it starts systems for that user only, and sees and touches only that
 * user's systems. Made by {@link TychoContext#forUser(Principal)}; hosts and servers call it for the user a request
 * was authenticated as.
 * <pre>{@code
 * UserScope alice = tycho.forUser(new Principal("alice", accessToken, refreshToken));
 * StartResult started = alice.start("jupyter-ds", ResourceRequest.of("1", "4G"), "helx.example.org", Map.of());
 * alice.status();                         // alice's systems only
 * alice.delete(started.identifier());
 * }</pre>
 * A system of another user gets exactly the answer a missing one gets: {@link UnknownSystemException} from
 * {@link #modify}, {@link #awaitReady}, {@link #events} and {@link #logs}, an empty {@link #status(String)}, and a
 * {@link #delete} of 0 objects; so a user cannot even learn whether another user's identifier exists. The
 * identifier-only operations of {@link TychoContext} remain for administrators. Thread-safe; cheap to create per
 * request.
 */
public final class UserScope {

    private final TychoContext context;
    private final Principal principal;

    UserScope(TychoContext context, Principal principal) {
        this.context = context;
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    /** @return the user this view acts for */
    public Principal principal() {
        return principal;
    }

    /** @return the user's name */
    public String username() {
        return principal.username();
    }

    /**
     * Starts an app for this user.
     *
     * @param appId             the app
     * @param resources         resources replacing the app's own, or {@code null} to keep them
     * @param host              the host name the user reached the host program at, possibly empty
     * @param extraContainerEnv extra environment variables for every container
     * @return the started system
     * @throws LimitExceededException when it would go beyond a bound of the user or the app
     */
    public StartResult start(String appId, ResourceRequest resources, String host,
                             Map<String, String> extraContainerEnv) {
        return context.start(new StartRequest(principal, appId, resources, host, extraContainerEnv));
    }

    /**
     * Starts an app for this user.
     *
     * @param request the request; its principal must be this user
     * @return the started system
     * @throws InvalidValueException when the request is for another user
     * @throws LimitExceededException when it would go beyond a bound of the user or the app
     */
    public StartResult start(StartRequest request) {
        requireThisUser(request.principal());
        return context.start(request);
    }

    /**
     * Starts a system from a spec the caller supplies, for this user, as {@link TychoContext#start(CompileRequest)}
     * does (Python Tycho's {@code /system/start}).
     *
     * @param request the spec, identifier and settings; its principal must be this user
     * @return the started system
     * @throws InvalidValueException  when the request is for another user
     * @throws LimitExceededException when it would go beyond a bound of the system or the user
     * @throws org.helxplatform.tycho.compiler.compose.SpecException naming the path and value when the spec or the
     *         request is invalid; nothing is started then
     */
    public StartResult start(CompileRequest request) {
        requireThisUser(request.principal());
        return context.start(request);
    }

    /** @return this user's systems */
    public List<SystemStatus> status() {
        return context.status(StatusQuery.user(username()));
    }

    /**
     * One of this user's systems.
     *
     * @param identifier the system identifier
     * @return its status; empty when there is no such system or it is another user's
     */
    public Optional<SystemStatus> status(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        return context.status(StatusQuery.identifier(identifier)).stream()
                .filter(status -> username().equals(status.username())).findFirst();
    }

    /**
     * Changes one of this user's systems.
     *
     * @param request the change
     * @return the patches applied
     * @throws UnknownSystemException when there is no such system or it is another user's
     * @throws LimitExceededException when the new CPU or memory would go beyond a bound
     */
    public ModifyResult modify(ModifyRequest request) {
        requireOwn(request.identifier());
        return context.modify(request);
    }

    /**
     * Deletes one of this user's systems.
     *
     * @param identifier the system identifier
     * @return what was deleted; 0 objects when there is no such system or it is another user's
     */
    public DeleteResult delete(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        if (!owns(identifier)) {
            return new DeleteResult(identifier, 0);
        }
        return context.delete(identifier);
    }

    /**
     * Waits until one of this user's systems is ready.
     *
     * @param identifier the system identifier
     * @param timeout    how long to wait at most
     * @return the future, as {@link TychoContext#awaitReady}; completed exceptionally with
     *         {@link UnknownSystemException} when there is no such system or it is another user's
     */
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        Names.requireIdentifier("identifier", identifier);
        if (!owns(identifier)) {
            return CompletableFuture.failedFuture(new UnknownSystemException(identifier));
        }
        return context.awaitReady(identifier, timeout);
    }

    /**
     * The launch events of one of this user's systems.
     *
     * @param identifier the system identifier
     * @return the events, as {@link TychoContext#events}; signals {@link UnknownSystemException} when there is no
     *         such system or it is another user's
     */
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        if (!owns(identifier)) {
            return subscriber -> {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                        // nothing to deliver
                    }

                    @Override
                    public void cancel() {
                        // nothing to release
                    }
                });
                subscriber.onError(new UnknownSystemException(identifier));
            };
        }
        return context.events(identifier);
    }

    /**
     * The last lines a container of one of this user's systems wrote.
     *
     * @param identifier the system identifier
     * @param container  the container (compose service) name
     * @param tailLines  how many lines at most
     * @return the lines
     * @throws UnknownSystemException when there is no such system or it is another user's
     */
    public String logs(String identifier, String container, int tailLines) {
        requireOwn(identifier);
        return context.logs(identifier, container, tailLines);
    }

    /** @return the user's name; never the tokens */
    @Override
    public String toString() {
        return "UserScope[" + username() + "]";
    }

    private void requireThisUser(Principal requested) {
        if (!requested.username().equals(username())) {
            throw new InvalidValueException("principal.username", requested.username(), "is not "
                    + username() + ": a user's view starts systems only for that user");
        }
    }

    private void requireOwn(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        if (!owns(identifier)) {
            throw new UnknownSystemException(identifier);
        }
    }

    private boolean owns(String identifier) {
        return context.ownerOf(identifier).map(username()::equals).orElse(false);
    }
}
