package org.helxplatform.tycho.backend;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Runs systems on an orchestrator: the contract every backend implements (Kubernetes, in-memory, a third party's).
 *
 * <p>Backends are created by a {@link BackendProvider} found with {@link java.util.ServiceLoader}, usually through
 * {@link Backends}. One backend is shared by all request threads of a host: implementations must be thread-safe.
 * Every failure is a {@link BackendException} subtype carrying the system identifier. A system's status has a
 * {@link org.helxplatform.tycho.model.SystemState state} (phase, reason, message) and the URL a user opens; a
 * host waits for it with {@link #awaitReady} and follows its progress with {@link #events}. The contract test kit
 * ({@code AbstractBackendContractTest} in this module's test-jar) checks an implementation in a few lines.
 */
public interface Backend extends AutoCloseable {

    /** @return the name of the provider that created this backend, e.g. {@code kubernetes} */
    String name();

    /**
     * Starts a system. Either the whole system runs afterwards, or nothing of it remains: a start that fails part
     * way removes what it created before reporting the cause (Python Tycho left it behind).
     *
     * @param system the compiled system
     * @return its name, identifier and endpoints
     * @throws StartException when it cannot be started
     */
    StartResult start(TychoSystem system);

    /**
     * Reports systems.
     *
     * @param query all systems, one user's, or one system
     * @return one entry per running system, in a stable order; empty when none matches
     * @throws StatusException when the orchestrator cannot be asked
     */
    List<SystemStatus> status(StatusQuery query);

    /**
     * Changes a running system's pod labels and its containers' CPU and memory.
     *
     * @param request the change
     * @return the patches applied
     * @throws UnknownSystemException when no system has the identifier
     * @throws ModifyException        when it cannot be changed
     */
    ModifyResult modify(ModifyRequest request);

    /**
     * Deletes everything a system owns. Deleting a system that does not exist (any more) is not an error.
     *
     * @param identifier the system identifier
     * @return how many objects were deleted
     * @throws org.helxplatform.tycho.model.InvalidValueException when the identifier is not 32 lower-case hex
     *         digits; check it before any selector or path is built from it (a {@code null} label selector would
     *         select every system)
     * @throws DeleteException when the orchestrator refuses
     */
    DeleteResult delete(String identifier);

    /**
     * Waits until a system is ready, without blocking a thread per waiting system.
     *
     * @param identifier the system identifier
     * @param timeout    how long to wait at most
     * @return a future completed with the status once the system is {@code READY}; completed exceptionally with
     *         {@link LaunchFailedException} when it fails (or is deleted) first, with {@link LaunchTimeoutException}
     *         holding the last status when the time runs out, and with {@link UnknownSystemException} when no
     *         system has the identifier
     */
    CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout);

    /**
     * The launch events of a system: Tycho's own steps (created, rolled back, deleted), the orchestrator's events
     * about the system's objects, and each change of its state, in the order the backend learnt of them. Every
     * subscriber receives the history so far, then new events as they happen, then completion when the system is
     * deleted. {@link SystemEvents} implements this for a backend.
     *
     * @param identifier the system identifier
     * @return the events; an unknown identifier is signalled to the subscriber as {@link UnknownSystemException}
     */
    Flow.Publisher<LaunchEvent> events(String identifier);

    /**
     * The last lines a container of a system wrote (an app's login token is often only there).
     *
     * @param identifier the system identifier
     * @param container  the container's name (the compose service name)
     * @param tailLines  how many lines at most, from the end; 1 or more
     * @return the lines, separated by {@code \n}; empty when the container has not written any or does not run
     *         yet
     * @throws UnknownSystemException when no system has the identifier or it has no such container
     * @throws BackendException       when the orchestrator cannot be asked
     */
    String logs(String identifier, String container, int tailLines);

    /** Releases connections and threads. Systems keep running. */
    @Override
    void close();
}
