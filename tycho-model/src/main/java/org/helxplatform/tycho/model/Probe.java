package org.helxplatform.tycho.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A liveness or readiness probe: a command, an HTTP GET or a TCP connection, with its timings.
 *
 * @param kind                what the probe does
 * @param command             the command of an {@link Kind#EXEC} probe (argv), else empty
 * @param path                the path of an {@link Kind#HTTP_GET} probe, else {@code null}
 * @param port                the port (number or name) of an HTTP or TCP probe, else {@code null}
 * @param httpHeaders         headers of an HTTP probe, name to value, in order
 * @param initialDelaySeconds seconds before the first probe, or {@code null}
 * @param periodSeconds       seconds between probes, or {@code null}
 * @param failureThreshold    failures before the probe fails, or {@code null}
 */
public record Probe(Kind kind, List<String> command, String path, String port, Map<String, String> httpHeaders,
                    Integer initialDelaySeconds, Integer periodSeconds, Integer failureThreshold) {

    /** What a probe does. */
    public enum Kind {
        /** Runs a command in the container. */
        EXEC,
        /** Sends an HTTP GET. */
        HTTP_GET,
        /** Opens a TCP connection. */
        TCP_SOCKET
    }

    /**
     * Validates that the probe has what its kind needs.
     *
     * @param kind                what the probe does
     * @param command             the command of an {@link Kind#EXEC} probe (argv), else empty
     * @param path                the path of an {@link Kind#HTTP_GET} probe, else {@code null}
     * @param port                the port (number or name) of an HTTP or TCP probe, else {@code null}
     * @param httpHeaders         headers of an HTTP probe, name to value, in order
     * @param initialDelaySeconds seconds before the first probe, or {@code null}
     * @param periodSeconds       seconds between probes, or {@code null}
     * @param failureThreshold    failures before the probe fails, or {@code null}
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public Probe {
        Objects.requireNonNull(kind, "probe kind");
        command = Copies.list(command, "probe.cmd");
        httpHeaders = Copies.map(httpHeaders, "probe.httpGet.httpHeaders");
        switch (kind) {
            case EXEC -> {
                if (command.isEmpty()) {
                    throw new InvalidValueException("probe.cmd", command, "must name the command to run");
                }
            }
            case HTTP_GET -> {
                Names.requireNonBlank("probe.httpGet.path", path);
                requirePort(port);
            }
            case TCP_SOCKET -> requirePort(port);
        }
        requireNotNegative("delay", initialDelaySeconds);
        requireNotNegative("period", periodSeconds);
        requireNotNegative("threshold", failureThreshold);
    }

    /**
     * A command probe.
     *
     * @param command the argv
     * @return the probe, without timings
     */
    public static Probe exec(List<String> command) {
        return new Probe(Kind.EXEC, command, null, null, null, null, null, null);
    }

    /**
     * An HTTP GET probe.
     *
     * @param path    the path
     * @param port    the port number or name
     * @param headers headers, name to value
     * @return the probe, without timings
     */
    public static Probe httpGet(String path, String port, Map<String, String> headers) {
        return new Probe(Kind.HTTP_GET, null, path, port, headers, null, null, null);
    }

    /**
     * A TCP probe.
     *
     * @param port the port number or name
     * @return the probe, without timings
     */
    public static Probe tcpSocket(String port) {
        return new Probe(Kind.TCP_SOCKET, null, null, port, null, null, null, null);
    }

    /**
     * The same probe with timings.
     *
     * @param delay     initial delay in seconds, or {@code null}
     * @param period    period in seconds, or {@code null}
     * @param threshold failure threshold, or {@code null}
     * @return the copy
     */
    public Probe withTimings(Integer delay, Integer period, Integer threshold) {
        return new Probe(kind, command, path, port, httpHeaders, delay, period, threshold);
    }

    private static void requirePort(String port) {
        boolean number = port != null && port.matches("\\d{1,5}");
        boolean valid = number ? Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65535
                : port != null && port.matches("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?") && port.matches(".*[a-z].*");
        if (!valid) {
            throw new InvalidValueException("probe.port", port, "must be a port number (1-65535) or a port name");
        }
    }

    private static void requireNotNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new InvalidValueException("probe." + field, value, "must not be negative");
        }
    }
}
