package org.helxplatform.tycho.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One step in the life of a system, as a host shows its progress: Tycho's own steps (the system was compiled, an
 * object was created, a failed start was rolled back), the orchestrator's events about the system's pods, claims
 * and containers (an image being pulled, a scheduling failure), and each change of its {@link SystemState}.
 *
 * <p>Events of one system are numbered from 1 in the order the backend learnt of them. A record of strings,
 * numbers and enums: it serialises to JSON as it is (Jackson) for server-sent events or a web socket.
 *
 * @param identifier     the system identifier
 * @param sequence       the position of the event in the system's history, from 1
 * @param time           when it happened, as the orchestrator or Tycho saw it
 * @param kind           whose event it is
 * @param reason         a machine-readable word, e.g. {@code Created}, {@code Pulling}, {@code FailedScheduling}
 * @param message        what happened, for a person; never holds a token or an environment value
 * @param involvedObject the object the event is about, as {@code Kind/name} (e.g. {@code Pod/jupyter-ds-…}), or
 *                       empty for the system as a whole
 * @param warning        whether it reports a problem
 * @param state          the system's state after this event
 */
public record LaunchEvent(String identifier, long sequence, Instant time, Kind kind, String reason, String message,
                          String involvedObject, boolean warning, SystemState state) {

    /** Whose event it is. */
    public enum Kind {
        /** A step Tycho itself took: compiled, created an object, rolled back, deleted. */
        TYCHO,
        /** An event the orchestrator reported about one of the system's objects. */
        ORCHESTRATOR,
        /** The system's {@link SystemState} changed. */
        STATE
    }

    /**
     * Validates.
     *
     * @param identifier     the system identifier
     * @param sequence       the position of the event in the system's history, from 1
     * @param time           when it happened, as the orchestrator or Tycho saw it
     * @param kind           whose event it is
     * @param reason         a machine-readable word, e.g. {@code Created}, {@code Pulling}, {@code FailedScheduling}
     * @param message        what happened, for a person; never holds a token or an environment value
     * @param involvedObject the object the event is about, as {@code Kind/name} (e.g. {@code Pod/jupyter-ds-…}), or
     *                       empty for the system as a whole
     * @param warning        whether it reports a problem
     * @param state          the system's state after this event
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public LaunchEvent {
        Names.requireIdentifier("event.identifier", identifier);
        if (sequence < 1) {
            throw new InvalidValueException("event.sequence", sequence, "must be 1 or more");
        }
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Names.requireNonBlank("event.reason", reason);
        message = message == null ? "" : message;
        involvedObject = involvedObject == null ? "" : involvedObject;
        Objects.requireNonNull(state, "state");
    }
}
