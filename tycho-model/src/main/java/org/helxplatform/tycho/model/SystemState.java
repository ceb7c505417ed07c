package org.helxplatform.tycho.model;

import java.util.Objects;

/**
 * The phase of a system with the reason for it: a machine-readable {@code reason} a host can act on (the
 * orchestrator's own word where it has one, such as {@code ImagePullBackOff}, {@code Unschedulable},
 * {@code CrashLoopBackOff} or {@code OOMKilled}) and a {@code message} a person can read (such as the scheduler's
 * "0/3 nodes are available: 3 Insufficient nvidia.com/gpu").
 *
 * @param phase   the phase
 * @param reason  why the system is in that phase, in CamelCase without spaces, e.g. {@code ContainersReady};
 *                never blank
 * @param message what happened, for a person; may be empty
 */
public record SystemState(SystemPhase phase, String reason, String message) {

    /**
     * Validates.
     *
     * @param phase   the phase
     * @param reason  why the system is in that phase, in CamelCase without spaces, e.g. {@code ContainersReady};
     *                never blank
     * @param message what happened, for a person; may be empty
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public SystemState {
        Objects.requireNonNull(phase, "phase");
        Names.requireNonBlank("state.reason", reason);
        message = message == null ? "" : message;
    }

    /**
     * A state.
     *
     * @param phase   the phase
     * @param reason  the machine-readable reason
     * @param message the readable message
     * @return the state
     */
    public static SystemState of(SystemPhase phase, String reason, String message) {
        return new SystemState(phase, reason, message);
    }

    /** @return whether the phase is {@link SystemPhase#READY} */
    public boolean isReady() {
        return phase == SystemPhase.READY;
    }

    /** @return whether the phase is {@link SystemPhase#FAILED} */
    public boolean isFailed() {
        return phase == SystemPhase.FAILED;
    }
}
