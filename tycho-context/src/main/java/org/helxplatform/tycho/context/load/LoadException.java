package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.util.OptionalInt;
import org.helxplatform.tycho.model.TychoException;

/**
 * A resource could not be read for a reason other than its absence: an HTTP status other than success or 404, an
 * I/O error, an unreachable host, a timeout, text that is not UTF-8, or a location no loader handles. The message
 * names the location and the status or cause.
 */
public class LoadException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** What could not be loaded. */
    private final URI location;
    /** The HTTP status, or -1 when there was none. */
    private final int status;

    /**
     * Creates the exception for an unexpected HTTP status.
     *
     * @param location the URL that was requested
     * @param status   the HTTP status the server answered with
     */
    public LoadException(URI location, int status) {
        super("cannot load " + location + ": HTTP status " + status);
        this.location = location;
        this.status = status;
    }

    /**
     * Creates the exception for any other failure.
     *
     * @param location the location that was read
     * @param problem  what went wrong, and the fix when there is one
     * @param cause    the underlying failure, or {@code null}
     */
    public LoadException(URI location, String problem, Throwable cause) {
        super("cannot load " + location + ": " + problem, cause);
        this.location = location;
        this.status = -1;
    }

    /** @return the location that could not be read */
    public URI location() {
        return location;
    }

    /** @return the HTTP status of the failed request, empty when the failure was not an HTTP answer */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }
}
