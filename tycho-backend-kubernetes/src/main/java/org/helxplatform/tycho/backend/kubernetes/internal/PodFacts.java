package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the state of a system needs of one of its pods: phase, scheduling, readiness and each container's state.
 *
 * @param name               the pod's name
 * @param identifier         its {@code tycho-guid} label
 * @param created            when it was created, or {@code null}
 * @param deleting           whether it is being deleted
 * @param phase              {@code Pending}, {@code Running}, {@code Failed}...
 * @param reason             the pod's own reason (e.g. {@code Evicted}), or {@code null}
 * @param message            the pod's own message, or {@code null}
 * @param scheduled          {@code True}, {@code False} or {@code null} (condition {@code PodScheduled})
 * @param scheduledReason    the reason of that condition, e.g. {@code Unschedulable}
 * @param scheduledMessage   its message, e.g. {@code 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.}
 * @param ready              whether the condition {@code Ready} is {@code True}
 * @param containers         init containers first, then containers, as the kubelet reports them
 */
public record PodFacts(String name, String identifier, Instant created, boolean deleting, String phase, String reason,
                       String message, String scheduled, String scheduledReason, String scheduledMessage,
                       boolean ready, List<ContainerFacts> containers) {

    /**
     * One container's state.
     *
     * @param name                the container's name
     * @param init                whether it is an init container
     * @param ready               whether it is ready
     * @param running             whether it runs
     * @param restartCount        how often it was restarted
     * @param waitingReason       why it waits (e.g. {@code ImagePullBackOff}), or {@code null}
     * @param waitingMessage      the message of that, or {@code null}
     * @param terminatedReason    why it terminated (e.g. {@code Completed}, {@code Error}), or {@code null}
     * @param exitCode            its exit code when terminated, or {@code null}
     * @param lastTerminatedReason why its previous run ended (e.g. {@code OOMKilled}), or {@code null}
     * @param lastExitCode        the exit code of its previous run, or {@code null}
     */
    public record ContainerFacts(String name, boolean init, boolean ready, boolean running, int restartCount,
                                 String waitingReason, String waitingMessage, String terminatedReason,
                                 Integer exitCode, String lastTerminatedReason, Integer lastExitCode) {
    }

    /**
     * Reads a pod.
     *
     * @param pod a pod of a Tycho system
     * @return its facts
     */
    public static PodFacts of(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String scheduled = null;
        String scheduledReason = null;
        String scheduledMessage = null;
        boolean ready = false;
        List<ContainerFacts> containers = new ArrayList<>(2);
        String phase = null;
        String reason = null;
        String message = null;
        if (pod.getStatus() != null) {
            phase = pod.getStatus().getPhase();
            reason = pod.getStatus().getReason();
            message = pod.getStatus().getMessage();
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType())) {
                    scheduled = condition.getStatus();
                    scheduledReason = condition.getReason();
                    scheduledMessage = condition.getMessage();
                } else if ("Ready".equals(condition.getType())) {
                    ready = "True".equals(condition.getStatus());
                }
            }
            pod.getStatus().getInitContainerStatuses().forEach(status -> containers.add(container(status, true)));
            pod.getStatus().getContainerStatuses().forEach(status -> containers.add(container(status, false)));
        }
        String created = pod.getMetadata().getCreationTimestamp();
        return new PodFacts(pod.getMetadata().getName(), labels.get(Labels.GUID),
                created == null ? null : Instant.parse(created), pod.getMetadata().getDeletionTimestamp() != null,
                phase, reason, message, scheduled, scheduledReason, scheduledMessage, ready, List.copyOf(containers));
    }

    /** @return whether the scheduler reported that no node fits */
    public boolean unschedulable() {
        return "False".equals(scheduled) && "Unschedulable".equals(scheduledReason);
    }

    private static ContainerFacts container(ContainerStatus status, boolean init) {
        ContainerState state = status.getState();
        ContainerState last = status.getLastState();
        String waitingReason = null;
        String waitingMessage = null;
        String terminatedReason = null;
        Integer exitCode = null;
        boolean running = false;
        if (state != null) {
            if (state.getWaiting() != null) {
                waitingReason = state.getWaiting().getReason();
                waitingMessage = state.getWaiting().getMessage();
            }
            if (state.getTerminated() != null) {
                terminatedReason = state.getTerminated().getReason();
                exitCode = state.getTerminated().getExitCode();
            }
            running = state.getRunning() != null;
        }
        String lastReason = null;
        Integer lastExit = null;
        if (last != null && last.getTerminated() != null) {
            lastReason = last.getTerminated().getReason();
            lastExit = last.getTerminated().getExitCode();
        }
        return new ContainerFacts(status.getName(), init, Boolean.TRUE.equals(status.getReady()), running,
                status.getRestartCount() == null ? 0 : status.getRestartCount(), waitingReason, waitingMessage,
                terminatedReason, exitCode, lastReason, lastExit);
    }
}
