package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A Kubernetes Event about one of a system's objects, as launch events and the state of the system need it.
 *
 * @param kind    the kind of the object it is about, e.g. {@code Pod}
 * @param name    that object's name
 * @param reason  the event's reason, e.g. {@code Pulling}, {@code FailedScheduling}
 * @param message its message
 * @param warning whether its type is {@code Warning}
 * @param count   how often it happened (the kubelet counts repeats), at least 1
 * @param time    when it last happened
 */
public record EventFacts(String kind, String name, String reason, String message, boolean warning, int count,
                         Instant time) {

    /**
     * Reads an Event.
     *
     * @param event the event
     * @param now   the time to use when the event has none
     * @return its facts, or {@code null} when it is about no object
     */
    public static EventFacts of(Event event, Instant now) {
        ObjectReference involved = event.getInvolvedObject();
        if (involved == null || involved.getName() == null || involved.getKind() == null) {
            return null;
        }
        int count = event.getCount() == null ? 1 : Math.max(1, event.getCount());
        if (event.getSeries() != null && event.getSeries().getCount() != null) {
            count = Math.max(count, event.getSeries().getCount());
        }
        Instant time = parse(event.getLastTimestamp());
        if (time == null && event.getEventTime() != null) {
            time = parse(event.getEventTime().getTime());
        }
        if (time == null) {
            time = parse(event.getFirstTimestamp());
        }
        if (time == null) {
            time = parse(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp());
        }
        return new EventFacts(involved.getKind(), involved.getName(),
                event.getReason() == null || event.getReason().isBlank() ? "Event" : event.getReason(),
                event.getMessage() == null ? "" : event.getMessage().strip(), "Warning".equals(event.getType()),
                count, time == null ? now : time);
    }

    /**
     * The reason this event stands for in the state of a system: the kubelet reports a container that cannot start
     * as a {@code Failed} event with the message {@code Error: <reason>} (e.g. {@code Error: ErrImagePull}).
     *
     * @return the reason
     */
    public String stateReason() {
        if ("Failed".equals(reason) && message.startsWith("Error: ")) {
            String inner = message.substring("Error: ".length()).trim();
            if (inner.matches("[A-Z][A-Za-z]+")) {
                return inner;
            }
        }
        return reason;
    }

    private static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
