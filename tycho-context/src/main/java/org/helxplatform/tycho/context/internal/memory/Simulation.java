package org.helxplatform.tycho.context.internal.memory;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * How the in-memory backend plays the lifecycle of a system, so that a host can develop its "starting…" view, its
 * wait and its error handling without a cluster: how long a system stays {@code PENDING} and {@code STARTING}, which
 * apps end {@code FAILED} (and with which reason) instead of {@code READY}, and which apps' starts are refused.
 *
 * @param pending  how long a system stays {@code PENDING} (setting {@value #PENDING}, default 0)
 * @param starting how long it then stays {@code STARTING} (setting {@value #STARTING}, default 0)
 * @param failures app id to the reason its systems fail with (setting {@value #FAIL}: {@code app=Reason,...})
 * @param refused  app ids whose starts are refused with a {@code StartException} (setting {@value #REFUSE})
 */
public record Simulation(Duration pending, Duration starting, Map<String, String> failures, Set<String> refused) {

    /** Setting: how long a system stays PENDING. */
    public static final String PENDING = "TYCHO_MEMORY_PENDING";
    /** Setting: how long a system stays STARTING. */
    public static final String STARTING = "TYCHO_MEMORY_STARTING";
    /** Setting: {@code app=Reason,...}: the apps whose systems fail, and why. */
    public static final String FAIL = "TYCHO_MEMORY_FAIL";
    /** Setting: {@code app,...}: the apps whose starts are refused. */
    public static final String REFUSE = "TYCHO_MEMORY_REFUSE";

    /** Every system is READY as soon as it is started. */
    public static final Simulation IMMEDIATE = new Simulation(Duration.ZERO, Duration.ZERO, Map.of(), Set.of());

    // Copies.
    public Simulation {
        Objects.requireNonNull(pending, "pending");
        Objects.requireNonNull(starting, "starting");
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        refused = Collections.unmodifiableSet(new LinkedHashSet<>(refused));
    }

    /**
     * Reads the settings of a backend.
     *
     * @param configuration the configuration
     * @return the simulation
     * @throws InvalidValueException naming the setting when a value is invalid
     */
    public static Simulation of(BackendConfiguration configuration) {
        Map<String, String> failures = new LinkedHashMap<>();
        for (String entry : configuration.setting(FAIL).orElse("").split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String app = (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim();
            String reason = equals < 0 ? "ImagePullBackOff" : trimmed.substring(equals + 1).trim();
            if (app.isEmpty() || !reason.matches("[A-Z][A-Za-z0-9]*")) {
                throw new InvalidValueException(FAIL, trimmed, "is not app=Reason;"
                        + " write e.g. " + FAIL + "=jupyter-ds=ImagePullBackOff,rstudio=Unschedulable");
            }
            failures.put(app, reason);
        }
        Set<String> refused = new LinkedHashSet<>();
        for (String app : configuration.setting(REFUSE).orElse("").split(",")) {
            if (!app.isBlank()) {
                refused.add(app.trim());
            }
        }
        return new Simulation(configuration.duration(PENDING, Duration.ZERO),
                configuration.duration(STARTING, Duration.ZERO), failures, refused);
    }
}
