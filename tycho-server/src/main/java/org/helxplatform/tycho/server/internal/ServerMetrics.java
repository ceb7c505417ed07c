package org.helxplatform.tycho.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The server's Prometheus metrics, through Micrometer. Tags have few values: operation, API, outcome, failure
 * reason, HTTP method, route template and status; never a user, a system id or a raw path.
 * <ul>
 *   <li>{@code tycho_operations_seconds} (histogram): each Tycho operation (start, status, modify, delete, logs,
 *       apps), by {@code operation}, {@code api} ({@code python} or {@code v1}) and {@code outcome};</li>
 *   <li>{@code tycho_systems_started_total}: systems started, by {@code api};</li>
 *   <li>{@code tycho_failures_total}: requests answered with an error, by {@code route} and {@code reason};</li>
 *   <li>{@code tycho_systems}: systems by {@code phase} ({@code pending}, {@code starting}, {@code ready},
 *       {@code failed}, {@code terminating}), counted at each scrape;</li>
 *   <li>{@code http_server_requests_seconds} (histogram): every request, by {@code method}, {@code route},
 *       {@code status};</li>
 *   <li>JVM memory, GC, threads, CPU and uptime.</li>
 * </ul>
 * Thread-safe.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<SystemPhase, AtomicLong> phases = new EnumMap<>(SystemPhase.class);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** Creates the registry and the JVM metrics. */
    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (SystemPhase phase : SystemPhase.values()) {
            AtomicLong count = new AtomicLong();
            phases.put(phase, count);
            Gauge.builder("tycho.systems", count, AtomicLong::get).tag("phase", phase.name().toLowerCase(Locale.ROOT))
                    .description("Systems by phase, counted at each scrape").register(registry);
        }
    }

    /**
     * Runs and times a Tycho operation; a failure is timed with {@code outcome=failure} and rethrown (the request's
     * failure is counted once, by {@link #failure}, where it is answered).
     *
     * @param operation start, status, modify, delete, logs or apps
     * @param api       python or v1
     * @param call      the operation
     * @param <T>       its result
     * @return the result
     */
    public <T> T operation(String operation, String api, Supplier<T> call) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            T result = call.get();
            if (operation.equals("start")) {
                Counter.builder("tycho.systems.started").tag("api", api).description("Systems started")
                        .register(registry).increment();
            }
            return result;
        } catch (RuntimeException e) {
            outcome = "failure";
            throw e;
        } finally {
            Timer.builder("tycho.operations").tag("operation", operation).tag("api", api).tag("outcome", outcome)
                    .description("Tycho operations").publishPercentileHistogram()
                    .register(registry).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Counts a request answered with an error (Python Tycho's endpoints included, which answer HTTP 200).
     *
     * @param route  the route template, or {@code unmatched}
     * @param reason the reason tag: invalid_request, invalid_spec, unauthorized, forbidden, limit_exceeded,
     *               not_found, too_large, not_ready, backend, backend_unavailable, registry_unavailable or internal
     *               (never the limit's name or values, which would add series per app)
     */
    public void failure(String route, String reason) {
        Counter.builder("tycho.failures").tag("route", route).tag("reason", reason)
                .description("Requests answered with an error, by reason").register(registry).increment();
    }

    /**
     * Times an HTTP request.
     *
     * @param method the method
     * @param route  the route template ({@code /v1/systems/{identifier}}), or {@code unmatched}
     * @param status the status code
     * @param nanos  how long it took
     */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests").tag("method", method).tag("route", route)
                .tag("status", String.valueOf(status)).description("HTTP requests").publishPercentileHistogram()
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /**
     * Counts the running systems, then writes every metric in the Prometheus text format.
     *
     * @param systems the running systems; when they cannot be listed, the last counts are kept
     * @return the text
     */
    public String scrape(Supplier<List<SystemStatus>> systems) {
        try {
            Map<SystemPhase, Long> counts = new EnumMap<>(SystemPhase.class);
            systems.get().forEach(system -> counts.merge(system.phase(), 1L, Long::sum));
            phases.forEach((phase, count) -> count.set(counts.getOrDefault(phase, 0L)));
        } catch (RuntimeException e) {
            failure("/metrics", Failures.classify(e).reason());
        }
        return registry.scrape();
    }

    /** Releases the GC listeners. */
    public void close() {
        gc.close();
        registry.close();
    }
}
