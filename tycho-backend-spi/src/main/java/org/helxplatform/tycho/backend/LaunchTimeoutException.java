package org.helxplatform.tycho.backend;

import java.time.Duration;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * A system was not ready within the time a caller waited. {@link #lastStatus()} is its last status, whose state says
 * where it stands (e.g. {@code STARTING} while an image is being pulled).
 */
public class LaunchTimeoutException extends BackendException {

    private static final long serialVersionUID = 1L;

    private final transient SystemStatus status;

    /**
     * @param identifier the system identifier
     * @param timeout    how long the caller waited
     * @param status     the last status, or {@code null} when the system was gone
     */
    public LaunchTimeoutException(String identifier, Duration timeout, SystemStatus status) {
        super(identifier, "system " + identifier + " was not ready within " + timeout
                + (status == null ? "" : "; it is " + status.state().phase() + " (" + status.state().reason()
                + (status.state().message().isEmpty() ? "" : ": " + status.state().message()) + ")"), null);
        this.status = status;
    }

    /** @return the last status, or {@code null} when the system was gone */
    public SystemStatus lastStatus() {
        return status;
    }
}
