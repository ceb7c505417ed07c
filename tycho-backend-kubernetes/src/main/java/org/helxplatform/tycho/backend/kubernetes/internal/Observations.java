package org.helxplatform.tycho.backend.kubernetes.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What Tycho has seen happen to one system over time, beyond what its objects say now: how often each reason
 * occurred (a container entering a waiting reason, the count of a warning Event), since when its pod has been
 * unschedulable, the last progress event. Not thread-safe: guarded by the system's record.
 */
final class Observations {

    private final Map<String, Integer> entries = new HashMap<>(4);
    private final Map<String, Integer> eventCounts = new HashMap<>(4);
    private final Map<String, String> messages = new HashMap<>(4);
    private final Map<String, String> waiting = new HashMap<>(4);
    private Instant unschedulableSince;
    private String progressReason;
    private String progressMessage;
    private String unhealthyMessage;

    /**
     * Takes note of a pod's state: containers entering a waiting reason, and since when it is unschedulable.
     *
     * @param pod the pod
     * @param now the time
     */
    void observe(PodFacts pod, Instant now) {
        for (PodFacts.ContainerFacts container : pod.containers()) {
            String key = pod.name() + "/" + container.name();
            String reason = container.waitingReason();
            String previous = reason == null ? waiting.remove(key) : waiting.put(key, reason);
            if (reason != null && !reason.equals(previous)) {
                entries.merge(key + "\u0000" + reason, 1, Integer::sum);
            }
            if (reason != null && container.waitingMessage() != null && !container.waitingMessage().isBlank()) {
                messages.put(reason, container.waitingMessage());
            }
            if (container.ready()) {
                unhealthyMessage = null;
            }
        }
        if (pod.unschedulable()) {
            if (unschedulableSince == null) {
                unschedulableSince = now;
            }
        } else if ("True".equals(pod.scheduled())) {
            unschedulableSince = null;
        }
    }

    /**
     * Forgets the container states of a pod that is gone.
     *
     * @param podName the pod's name
     */
    void forget(String podName) {
        waiting.keySet().removeIf(key -> key.startsWith(podName + "/"));
        entries.keySet().removeIf(key -> key.startsWith(podName + "/"));
    }

    /**
     * Takes note of an event.
     *
     * @param event the event
     * @param now   the time
     */
    void observe(EventFacts event, Instant now) {
        String reason = event.stateReason();
        if (event.warning()) {
            eventCounts.merge(reason, event.count(), Math::max);
            if (!event.message().isEmpty() && !"Failed".equals(event.reason())) {
                messages.put(reason, event.message());
            }
            if ("Unhealthy".equals(reason) && event.message().startsWith("Readiness probe")) {
                unhealthyMessage = event.message();
            }
            if ("FailedScheduling".equals(reason) && unschedulableSince == null) {
                unschedulableSince = now;
            }
        } else if ("Pod".equals(event.kind())) {
            switch (reason) {
                case "Pulling", "Pulled", "Created", "Started", "Scheduled", "Killing" -> {
                    progressReason = reason;
                    progressMessage = event.message();
                }
                case "TriggeredScaleUp" -> unschedulableSince = now;
                default -> {
                    // not a step of the launch
                }
            }
        }
    }

    /**
     * How often a reason occurred: the most times one container entered it, or the count of a warning Event with
     * it, whichever is more.
     *
     * @param reason the reason
     * @return the number of occurrences
     */
    int occurrences(String reason) {
        int entered = 0;
        String suffix = "\u0000" + reason;
        for (Map.Entry<String, Integer> entry : entries.entrySet()) {
            if (entry.getKey().endsWith(suffix)) {
                entered = Math.max(entered, entry.getValue());
            }
        }
        return Math.max(entered, eventCounts.getOrDefault(reason, 0));
    }

    /**
     * @param reason a reason
     * @return the last message seen with it, or {@code null}
     */
    String message(String reason) {
        return messages.get(reason);
    }

    /** @return the reasons seen in warning Events, with their counts */
    Map<String, Integer> eventCounts() {
        return eventCounts;
    }

    /** @return since when a pod of the system is unschedulable, or {@code null} */
    Instant unschedulableSince() {
        return unschedulableSince;
    }

    /** @return the reason of the last progress event ({@code Pulling}, {@code Pulled}...), or {@code null} */
    String progressReason() {
        return progressReason;
    }

    /** @return the message of the last progress event, or {@code null} */
    String progressMessage() {
        return progressMessage;
    }

    /** @return the message of the last failed readiness probe, or {@code null} */
    String unhealthyMessage() {
        return unhealthyMessage;
    }
}
