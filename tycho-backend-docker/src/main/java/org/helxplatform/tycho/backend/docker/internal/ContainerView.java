package org.helxplatform.tycho.backend.docker.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;

/**
 * What the engine says about one container of a system (from {@code inspect}), reduced to what status needs: its
 * labels, its state and health, what happened to it, the limits the engine enforces, and where its service is
 * published.
 *
 * @param id            the engine's container id
 * @param labels        its labels (Tycho's, set when it started)
 * @param status        the engine's state: {@code created}, {@code running}, {@code paused}, {@code restarting},
 *                      {@code removing}, {@code exited} or {@code dead}
 * @param health        the health check's state ({@code starting}, {@code healthy}, {@code unhealthy}), or
 *                      {@code null} when it has none
 * @param healthOutput  what the last failed health check printed, or empty
 * @param exitCode      the exit code of its last run, or {@code null} when it has not exited
 * @param oomKilled     whether its last run was killed for using too much memory
 * @param error         the engine's error starting it, or empty
 * @param restartCount  how often the engine restarted it
 * @param created       when it was created, or {@code null}
 * @param nanoCpus      the CPU limit the engine enforces, 0 for none
 * @param memory        the memory limit the engine enforces, 0 for none
 * @param hostPort      the host port its service is published on, or {@code null} (not published, or not
 *                      running)
 */
record ContainerView(String id, Map<String, String> labels, String status, String health, String healthOutput,
                     Integer exitCode, boolean oomKilled, String error, int restartCount, Instant created,
                     long nanoCpus, long memory, Integer hostPort) {

    private static final long NANOS_PER_CPU = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final String[] DECIMAL = {"k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    // Copies.
    ContainerView {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        healthOutput = healthOutput == null ? "" : healthOutput.strip();
        error = error == null ? "" : error;
    }

    /**
     * The CPU limit to report: as the system gave it ({@code 0.5}) while the engine still enforces that value, else
     * (after a modify) in canonical form: whole CPUs ({@code 2}), millicores ({@code 1500m}) or nano CPUs.
     *
     * @return the limit, or {@code null} when the engine enforces none
     */
    String cpuLimit() {
        if (nanoCpus <= 0) {
            return null;
        }
        String given = labels.get(Labels.CPU);
        if (given != null && Long.valueOf(nanoCpus).equals(asGiven(() -> SystemPlan.Resources.nanoCpus(Labels.CPU,
                given)))) {
            return given;
        }
        if (nanoCpus % NANOS_PER_CPU == 0) {
            return String.valueOf(nanoCpus / NANOS_PER_CPU);
        }
        if (nanoCpus % NANOS_PER_MILLI == 0) {
            return nanoCpus / NANOS_PER_MILLI + "m";
        }
        return nanoCpus + "n";
    }

    /**
     * The memory limit to report: as the system gave it ({@code 2000M}) while the engine still enforces that value,
     * else (after a modify) with the suffix that writes it with the fewest digits ({@code 3G}, {@code 512Mi};
     * decimal on a tie).
     *
     * @return the limit, or {@code null} when the engine enforces none
     */
    String memoryLimit() {
        if (memory <= 0) {
            return null;
        }
        String given = labels.get(Labels.MEMORY);
        if (given != null && Long.valueOf(memory).equals(asGiven(() -> SystemPlan.Resources.bytes(Labels.MEMORY,
                given)))) {
            return given;
        }
        String best = String.valueOf(memory);
        long decimal = 1;
        long binary = 1;
        for (int i = 0; i < DECIMAL.length; i++) {
            decimal *= 1000;
            binary *= 1024;
            if (memory % decimal == 0 && (memory / decimal + DECIMAL[i]).length() <= best.length()) {
                best = memory / decimal + DECIMAL[i];
            }
            if (memory % binary == 0 && (memory / binary + BINARY[i]).length() < best.length()) {
                best = memory / binary + BINARY[i];
            }
        }
        return best;
    }

    /** The value of a limit label, or {@code null} when it is not a quantity (a label someone else set). */
    private static Long asGiven(Supplier<Long> value) {
        try {
            return value.get();
        } catch (InvalidValueException e) {
            return null;
        }
    }

    /** @return the compose service (container) name */
    String service() {
        return labels.getOrDefault(Labels.CONTAINER, "");
    }

    /**
     * Where the container is in its life, as a system phase with the reason:
     * <ul>
     *   <li>{@code FAILED OOMKilled} while it is down after using more than its memory limit;</li>
     *   <li>{@code FAILED CrashLoopBackOff} when the engine restarted it {@code crashRestarts} times or more and it
     *       is not ready;</li>
     *   <li>{@code FAILED ContainerCannotRun} when the engine could not run its program;</li>
     *   <li>{@code FAILED ContainerExited} when it stopped and is not being restarted;</li>
     *   <li>{@code STARTING ContainerRestarting} between restarts;</li>
     *   <li>{@code PENDING ContainerCreating} (created, not started) or {@code ContainerPaused};</li>
     *   <li>{@code STARTING HealthStarting} while its health check has not passed yet, {@code STARTING Unhealthy}
     *       while it fails (a readiness probe that fails is not fatal);</li>
     *   <li>{@code READY ContainerRunning} or {@code ContainerHealthy};</li>
     *   <li>{@code TERMINATING Removing} while the engine removes it.</li>
     * </ul>
     *
     * @param crashRestarts restarts from which a container that is not ready is in a crash loop
     * @return the state
     */
    SystemState state(int crashRestarts) {
        String name = "container " + service();
        String exited = exitCode == null ? "" : " with code " + exitCode;
        boolean running = status.equals("running");
        boolean ready = running && (health == null || health.equals("healthy"));
        if (status.equals("removing")) {
            return SystemState.of(SystemPhase.TERMINATING, "Removing", name + " is being removed");
        }
        if (oomKilled && !running) {
            return SystemState.of(SystemPhase.FAILED, "OOMKilled", name + " used more than its memory limit"
                    + (memory > 0 ? " (" + memoryLimit() + ")" : "")
                    + " and was killed");
        }
        if (restartCount >= crashRestarts && !ready) {
            return SystemState.of(SystemPhase.FAILED, "CrashLoopBackOff", name + " exited" + exited
                    + " and was restarted " + restartCount + " times" + (error.isEmpty() ? "" : ": " + error));
        }
        if (!error.isEmpty() && !running) {
            return SystemState.of(SystemPhase.FAILED, "ContainerCannotRun", name + ": " + error);
        }
        return switch (status) {
            case "restarting" -> SystemState.of(SystemPhase.STARTING, "ContainerRestarting", name + " exited" + exited
                    + " and is being restarted (restart " + (restartCount + 1) + ")");
            case "created" -> SystemState.of(SystemPhase.PENDING, "ContainerCreating", name + " is created, not"
                    + " started yet");
            case "paused" -> SystemState.of(SystemPhase.PENDING, "ContainerPaused", name + " is paused");
            case "running" -> health == null ? SystemState.of(SystemPhase.READY, "ContainerRunning", name
                    + " runs")
                    : health.equals("healthy") ? SystemState.of(SystemPhase.READY, "ContainerHealthy", name
                    + " answers its health check")
                    : health.equals("unhealthy") ? SystemState.of(SystemPhase.STARTING, "Unhealthy", name
                    + "'s health check fails" + (healthOutput.isEmpty() ? "" : ": " + healthOutput))
                    : SystemState.of(SystemPhase.STARTING, "HealthStarting", name + " runs; its health check has"
                    + " not passed yet");
            default -> SystemState.of(SystemPhase.FAILED, "ContainerExited", name + " is " + status + exited
                    + " and is not being restarted");
        };
    }
}
