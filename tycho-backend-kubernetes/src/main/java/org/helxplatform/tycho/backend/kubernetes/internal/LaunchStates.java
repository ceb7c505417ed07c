package org.helxplatform.tycho.backend.kubernetes.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;

/**
 * Derives the state of a system from its Deployment, its pods and what was observed of it (pure: the same facts
 * give the same state).
 *
 * <p>In order: a system being deleted is {@code TERMINATING}; one whose newest pod (or Deployment) is ready is
 * {@code READY}; a fatal reason that occurred as often as the settings allow makes it {@code FAILED} (a
 * container's waiting reason, an OOM kill, a warning Event such as {@code FailedMount}, the Deployment's
 * {@code ReplicaFailure} or progress deadline, an unschedulable pod past the grace period); otherwise the first
 * problem or step gives the reason: {@code PENDING} while nothing is placed (no pod yet, unschedulable, waiting for
 * the scheduler), {@code STARTING} once placed (pulling, creating containers, failing a readiness probe, not ready).
 */
final class LaunchStates {

    /** Waiting reasons that are steps, not problems. */
    private static final Set<String> STEPS = Set.of("ContainerCreating", "PodInitializing");

    private LaunchStates() {
    }

    /**
     * The state of a system, and when it must be derived again because a grace period ends.
     *
     * @param state     the state
     * @param recheckAt when the state changes by time alone, or {@code null}
     */
    record Derived(SystemState state, Instant recheckAt) {
    }

    /**
     * Derives a state.
     *
     * @param deployment the Deployment's facts
     * @param pods       its pods
     * @param seen       what was observed
     * @param settings   the fatal reasons and grace periods
     * @param now        the time
     * @return the state
     */
    static Derived derive(DeploymentFacts deployment, List<PodFacts> pods, Observations seen, LaunchSettings settings,
                          Instant now) {
        if (deployment.deleting()) {
            return of(SystemPhase.TERMINATING, "Deleting", "the system is being deleted");
        }
        List<PodFacts> live = new ArrayList<>();
        for (PodFacts pod : pods) {
            if (!pod.deleting()) {
                live.add(pod);
            }
        }
        live.sort(Comparator.comparing(PodFacts::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        if (deployment.replicas() == 0) {
            return of(SystemPhase.PENDING, "ScaledToZero", "the system's Deployment has no replicas");
        }
        if (deployment.readyReplicas() >= deployment.replicas() || live.stream().anyMatch(PodFacts::ready)) {
            int containers = live.isEmpty() ? 0 : (int) live.get(0).containers().stream().filter(c -> !c.init())
                    .count();
            return of(SystemPhase.READY, "ContainersReady", containers == 0 ? "the system is ready"
                    : "all " + containers + (containers == 1 ? " container is" : " containers are") + " ready");
        }
        PodFacts pod = live.isEmpty() ? null : live.get(0);

        // Fatal: a container's state.
        if (pod != null) {
            for (PodFacts.ContainerFacts container : pod.containers()) {
                Derived fatal = fatalContainer(pod, container, seen, settings);
                if (fatal != null) {
                    return fatal;
                }
            }
        }
        // Fatal: the Deployment, or a warning Event seen often enough.
        if (deployment.failureReason() != null) {
            String reason = deployment.failureReason();
            String message = orDefault(deployment.failureMessage(), "the Deployment reports " + reason);
            return of(settings.isFatal(reason, 1) ? SystemPhase.FAILED : SystemPhase.PENDING, reason, message);
        }
        for (Map.Entry<String, Integer> entry : settings.fatal().entrySet()) {
            String reason = entry.getKey();
            if (seen.eventCounts().containsKey(reason) && seen.occurrences(reason) >= entry.getValue()) {
                return of(SystemPhase.FAILED, reason, orDefault(seen.message(reason), reason) + occurrences(seen,
                        reason));
            }
        }
        if (pod == null) {
            return of(SystemPhase.PENDING, "Created", "the system's Deployment exists; waiting for its pod");
        }
        // Unschedulable, within or past the grace period.
        if (pod.unschedulable()) {
            String message = orDefault(pod.scheduledMessage(), orDefault(seen.message("FailedScheduling"),
                    "no node can run the pod"));
            Instant since = seen.unschedulableSince() == null ? now : seen.unschedulableSince();
            Instant deadline = since.plus(settings.unschedulableGrace());
            if (!now.isBefore(deadline)) {
                return of(SystemPhase.FAILED, "Unschedulable", message + " (unschedulable for "
                        + seconds(Duration.between(since, now)) + ")");
            }
            return new Derived(SystemState.of(SystemPhase.PENDING, "Unschedulable", message), deadline);
        }
        if ("Failed".equals(pod.phase())) {
            return of(SystemPhase.PENDING, orDefault(pod.reason(), "PodFailed"), orDefault(pod.message(),
                    "the pod failed; the Deployment replaces it"));
        }
        if (!"True".equals(pod.scheduled())) {
            return of(SystemPhase.PENDING, "Scheduling", "waiting for the scheduler to place the pod");
        }

        // Placed: the first problem, else the current step.
        for (PodFacts.ContainerFacts container : pod.containers()) {
            String reason = container.waitingReason();
            if ("CrashLoopBackOff".equals(reason) && "OOMKilled".equals(container.lastTerminatedReason())) {
                return of(SystemPhase.STARTING, "OOMKilled", oomKilled(container));
            }
            if (reason != null && !STEPS.contains(reason)) {
                return of(SystemPhase.STARTING, reason, describe(container, seen));
            }
        }
        if (seen.eventCounts().containsKey("FailedMount") && pod.containers().stream().noneMatch(c -> c.running())) {
            return of(SystemPhase.STARTING, "FailedMount", orDefault(seen.message("FailedMount"),
                    "a volume cannot be mounted") + occurrences(seen, "FailedMount"));
        }
        for (PodFacts.ContainerFacts container : pod.containers()) {
            if (!container.init() && container.restartCount() > 0 && !container.ready()) {
                String last = orDefault(container.lastTerminatedReason(), "Error");
                return of(SystemPhase.STARTING, last, "container " + container.name() + " was restarted "
                        + times(container.restartCount()) + " (last run: " + last
                        + (container.lastExitCode() == null ? "" : ", exit code " + container.lastExitCode()) + ")");
            }
        }
        if (seen.unhealthyMessage() != null && pod.containers().stream().anyMatch(c -> c.running() && !c.ready())) {
            return of(SystemPhase.STARTING, "Unhealthy", seen.unhealthyMessage() + occurrences(seen, "Unhealthy"));
        }
        if (pod.containers().stream().anyMatch(c -> "PodInitializing".equals(c.waitingReason())
                || c.init() && c.running())) {
            return of(SystemPhase.STARTING, "PodInitializing", "init containers are running");
        }
        boolean anyRunning = pod.containers().stream().anyMatch(c -> !c.init() && c.running());
        if (!anyRunning && "Pulling".equals(seen.progressReason())) {
            return of(SystemPhase.STARTING, "Pulling", seen.progressMessage());
        }
        if (!anyRunning) {
            return of(SystemPhase.STARTING, "ContainerCreating", "the pod is placed; its containers are being"
                    + " created");
        }
        long total = pod.containers().stream().filter(c -> !c.init()).count();
        long ready = pod.containers().stream().filter(c -> !c.init() && c.ready()).count();
        return of(SystemPhase.STARTING, "ContainersNotReady", ready + " of " + total + " containers are ready");
    }

    /** A container's state that fails the system, or {@code null}. */
    private static Derived fatalContainer(PodFacts pod, PodFacts.ContainerFacts container, Observations seen,
                                          LaunchSettings settings) {
        String reason = container.waitingReason();
        boolean oom = "OOMKilled".equals(container.lastTerminatedReason())
                || "OOMKilled".equals(container.terminatedReason());
        if (oom && settings.isFatal("OOMKilled", Math.max(1, container.restartCount()))) {
            return of(SystemPhase.FAILED, "OOMKilled", oomKilled(container));
        }
        if (reason == null || STEPS.contains(reason)) {
            return null;
        }
        if (oom && "CrashLoopBackOff".equals(reason)) {
            return null;
        }
        // The container is in that reason now: it occurred at least once, whatever was observed before.
        if (settings.isFatal(reason, Math.max(1, seen.occurrences(reason)))) {
            return of(SystemPhase.FAILED, reason, describe(container, seen));
        }
        return null;
    }

    private static String oomKilled(PodFacts.ContainerFacts container) {
        return "container " + container.name() + " ran out of memory and was killed "
                + times(Math.max(1, container.restartCount())) + "; give it more memory";
    }

    /** A readable account of a waiting container: what the kubelet says, or why it ended last. */
    private static String describe(PodFacts.ContainerFacts container, Observations seen) {
        String reason = container.waitingReason();
        StringBuilder message = new StringBuilder("container ").append(container.name()).append(": ");
        if ("CrashLoopBackOff".equals(reason)) {
            message.append("exited").append(container.lastExitCode() == null ? ""
                            : " with code " + container.lastExitCode())
                    .append(container.lastTerminatedReason() == null ? "" : " (" + container.lastTerminatedReason()
                            + ")")
                    .append(" and was restarted ").append(times(container.restartCount()))
                    .append("; its log (logs) says why");
            return message.toString();
        }
        String detail = container.waitingMessage() != null && !container.waitingMessage().isBlank()
                ? container.waitingMessage() : seen.message(reason);
        message.append(detail == null ? reason : detail);
        return message.toString();
    }

    private static String occurrences(Observations seen, String reason) {
        int count = seen.occurrences(reason);
        return count > 1 ? " (" + count + " times)" : "";
    }

    private static String times(int count) {
        return count == 1 ? "once" : count + " times";
    }

    private static String seconds(Duration duration) {
        return duration.toSeconds() + "s";
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Derived of(SystemPhase phase, String reason, String message) {
        return new Derived(SystemState.of(phase, reason, message), null);
    }
}
