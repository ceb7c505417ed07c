package org.helxplatform.tycho.backend.docker.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.helxplatform.tycho.model.Probe;

/**
 * A registry probe as a Docker health check, run inside the container as Kubernetes runs probes against it:
 * <ul>
 *   <li>a command probe runs its command;</li>
 *   <li>a TCP probe succeeds when something listens on the port, read from {@code /proc/net/tcp} and
 *       {@code tcp6} by the shell alone, so it works in any image with {@code /bin/sh};</li>
 *   <li>an HTTP probe fetches {@code http://127.0.0.1:<port><path>} (with its headers) with {@code wget} or
 *       {@code curl}, whichever the image has, and falls back to the listening check when it has neither.</li>
 * </ul>
 * Timings follow the probe (Kubernetes' defaults otherwise): the period is the interval, the failure threshold the
 * retries; a check may take as long as the period, at most 10 seconds. Kubernetes probes right after the initial
 * delay, Docker only after a whole interval; so the start period is the initial delay plus one period, during
 * which engines that can (API 1.44 and later) check every second, and the app is ready as soon as it answers.
 * Values reach the shell only inside single quotes, so a path or header cannot change the script.
 */
final class HealthChecks {

    /** Kubernetes' default probe period. */
    static final int DEFAULT_PERIOD = 10;
    /** Kubernetes' default failure threshold. */
    static final int DEFAULT_THRESHOLD = 3;
    private static final int MAX_TIMEOUT = 10;
    private static final int START_INTERVAL = 1;

    private HealthChecks() {
    }

    /**
     * @param probe   the probe
     * @param context where the probe is, for error messages ({@code container notebook: readinessProbe})
     * @return the health check
     * @throws IllegalArgumentException when the probe names its port instead of numbering it (this backend has no
     *                                  named ports), with a message naming {@code context}
     */
    static SystemPlan.Health of(Probe probe, String context) {
        int period = probe.periodSeconds() == null || probe.periodSeconds() < 1 ? DEFAULT_PERIOD
                : probe.periodSeconds();
        int timeout = Math.min(period, MAX_TIMEOUT);
        int retries = probe.failureThreshold() == null || probe.failureThreshold() < 1 ? DEFAULT_THRESHOLD
                : probe.failureThreshold();
        int delay = probe.initialDelaySeconds() == null ? 0 : probe.initialDelaySeconds();
        List<String> test = switch (probe.kind()) {
            case EXEC -> {
                List<String> command = new ArrayList<>();
                command.add("CMD");
                command.addAll(probe.command());
                yield command;
            }
            case TCP_SOCKET -> List.of("CMD-SHELL", listening(port(probe, context)));
            case HTTP_GET -> List.of("CMD-SHELL", httpGet(port(probe, context), probe.path(), probe.httpHeaders()));
        };
        return new SystemPlan.Health(test, period, timeout, retries, delay + period, START_INTERVAL);
    }

    private static int port(Probe probe, String context) {
        if (!probe.port().matches("\\d{1,5}")) {
            throw new IllegalArgumentException(context + ": port '" + probe.port() + "' is a name, and containers on"
                    + " Docker have no named ports; give the port number");
        }
        return Integer.parseInt(probe.port());
    }

    /** Exits 0 when a socket listens on the port: state 0A in /proc/net/tcp or tcp6, local port in hex. */
    static String listening(int port) {
        String hex = String.format(Locale.ROOT, "%04X", port);
        return "for f in /proc/net/tcp /proc/net/tcp6; do [ -r \"$f\" ] || continue;"
                + " while read -r _ local _ state _; do case \"$local\" in"
                + " *:" + hex + ") [ \"$state\" = 0A ] && exit 0;; esac; done < \"$f\"; done; exit 1";
    }

    /** Fetches the URL; the engine ends a check that takes longer than the timeout (busybox's wget -T crashes). */
    private static String httpGet(int port, String path, Map<String, String> headers) {
        String url = quote("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
        StringBuilder wget = new StringBuilder("wget -q -O /dev/null");
        StringBuilder curl = new StringBuilder("curl -fsS -o /dev/null");
        headers.forEach((name, value) -> {
            wget.append(" --header ").append(quote(name + ": " + value));
            curl.append(" -H ").append(quote(name + ": " + value));
        });
        return "if command -v wget >/dev/null 2>&1; then " + wget + " " + url + ";"
                + " elif command -v curl >/dev/null 2>&1; then " + curl + " " + url + ";"
                + " else " + listening(port) + "; fi";
    }

    /** The value as one single-quoted shell word. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
