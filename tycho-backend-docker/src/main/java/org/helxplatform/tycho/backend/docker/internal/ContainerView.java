package org.helxplatform.tycho.backend.docker.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine says about one container of a system (from {@code inspect}), reduced to what status needs: its
 * labels, its state and health, what happened to it, the limits the engine enforces, and where its service is
 * published.
 *
 * @param id        the engine's container id
 * @param labels    its labels (Tycho's, set when it started)
 * @param status    the engine's state: {@code created}, {@code running}, {@code paused}, {@code restarting},
 *                  {@code removing}, {@code exited} or {@code dead}
 * @param health    the health check's state ({@code starting}, {@code healthy}, {@code unhealthy}), or {@code null}
 *                  when it has none
 * @param exitCode  the exit code of its last run, or {@code null}
 * @param oomKilled whether its last run was killed for using too much memory
 * @param error     the engine's error starting it, or empty
 * @param created   when it was created, or {@code null}
 * @param nanoCpus  the CPU limit the engine enforces, 0 for none
 * @param memory    the memory limit the engine enforces, 0 for none
 * @param hostIp    the host address its service is published on, or {@code null}
 * @param hostPort  the host port its service is published on, or {@code null}
 */
record ContainerView(String id, Map<String, String> labels, String status, String health, Integer exitCode,
                     boolean oomKilled, String error, Instant created, long nanoCpus, long memory, String hostIp,
                     Integer hostPort) {

    /** Where a container is in its life, as status reports it; what a system's phase is derived from. */
    enum Condition {
        /** Created, not started yet. */
        CREATED,
        /** Running; its health check has not passed yet. */
        STARTING,
        /** Running, and healthy or without health check: the app answers. */
        READY,
        /** Running, but its health check fails. */
        UNHEALTHY,
        /** Exited, being restarted by the engine. */
        RESTARTING,
        /** Not running: exited, dead, paused or being removed. */
        STOPPED
    }

    // Copies.
    ContainerView {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        error = error == null ? "" : error;
    }

    /** @return the compose service (container) name */
    String service() {
        return labels.getOrDefault(Labels.CONTAINER, "");
    }

    /** @return where it is in its life */
    Condition condition() {
        return switch (status) {
            case "created" -> Condition.CREATED;
            case "restarting" -> Condition.RESTARTING;
            case "running" -> health == null || health.equals("healthy") ? Condition.READY
                    : health.equals("unhealthy") ? Condition.UNHEALTHY : Condition.STARTING;
            default -> Condition.STOPPED;
        };
    }

    /**
     * @return why it is in its condition, in the engine's words: {@code running}, {@code health: starting},
     *         {@code healthy}, {@code unhealthy}, {@code created}, {@code OOMKilled}, {@code exited (code 1)}, or
     *         the engine's error
     */
    String reason() {
        if (oomKilled) {
            return "OOMKilled";
        }
        if (!error.isEmpty()) {
            return error;
        }
        return switch (condition()) {
            case READY -> health == null ? "running" : "healthy";
            case STARTING -> "health: " + health;
            case UNHEALTHY -> "unhealthy";
            case CREATED -> "created";
            case RESTARTING -> "restarting" + (exitCode == null ? "" : " (exited with code " + exitCode + ")");
            case STOPPED -> status + (exitCode == null ? "" : " (code " + exitCode + ")");
        };
    }
}
