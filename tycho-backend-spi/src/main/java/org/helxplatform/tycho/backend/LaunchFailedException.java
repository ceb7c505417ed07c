package org.helxplatform.tycho.backend;

import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * A system that was waited for reached {@link org.helxplatform.tycho.model.SystemPhase#FAILED}, or was deleted,
 * before it was ready. The message says the state's reason and message.
 */
public class LaunchFailedException extends BackendException {

    private static final long serialVersionUID = 1L;

    private final transient SystemState state;
    private final transient SystemStatus status;

    /**
     * @param identifier the system identifier
     * @param state      the state it failed in, e.g. {@code FAILED ImagePullBackOff} or {@code TERMINATING Deleted}
     * @param status     its last status, or {@code null} when it is gone
     */
    public LaunchFailedException(String identifier, SystemState state, SystemStatus status) {
        super(identifier, "system " + identifier + " did not become ready: " + state.phase() + " "
                + state.reason() + (state.message().isEmpty() ? "" : " (" + state.message() + ")"), null);
        this.state = state;
        this.status = status;
    }

    /** @return the state the system failed in */
    public SystemState state() {
        return state;
    }

    /** @return its last status, or {@code null} when it is gone */
    public SystemStatus lastStatus() {
        return status;
    }
}
