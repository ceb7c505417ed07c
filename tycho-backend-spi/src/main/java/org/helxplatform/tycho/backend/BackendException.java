package org.helxplatform.tycho.backend;

import java.util.OptionalInt;
import org.helxplatform.tycho.model.TychoException;

/**
 * A backend operation failed. Subtypes say which one ({@link StartException}, {@link StatusException},
 * {@link ModifyException}, {@link DeleteException}) or that the backend is misconfigured
 * ({@link BackendConfigurationException}); each carries the identifier of the system concerned.
 */
public class BackendException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** The identifier of the system the operation was about. */
    private final String identifier;
    /** The orchestrator's status code, or -1 when it gave none. */
    private final int status;

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     * @param cause      the underlying failure, or {@code null}
     */
    public BackendException(String identifier, String message, Throwable cause) {
        this(identifier, message, cause, OptionalInt.empty());
    }

    /**
     * @param identifier the system identifier, or {@code null} when the failure concerns no single system
     * @param message    what failed and why
     * @param cause      the underlying failure, or {@code null}
     * @param status     the orchestrator's status code for the failed request (an HTTP status such as 403, 409
     *                   or 422 for Kubernetes and Docker), if it answered
     */
    public BackendException(String identifier, String message, Throwable cause, OptionalInt status) {
        super(message, cause);
        this.identifier = identifier;
        this.status = status.orElse(-1);
    }

    /**
     * The orchestrator's status code for the failed request, so a host can tell a refusal (403 forbidden, 422
     * invalid, 409 conflict) from an orchestrator it could not reach (no status), without its client library.
     *
     * @return the status code, if the orchestrator answered
     */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** @return the identifier of the system concerned, or {@code null} */
    public String identifier() {
        return identifier;
    }
}
