package org.helxplatform.tycho.examples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Tycho settings the examples run with: the process environment (Tycho's setting names are environment
 * variable names, as in Python Tycho; the README lists them), with {@code DEV_PHASE=test} unless the environment sets {@code DEV_PHASE}.
 *
 * <p>The test phase leaves out HeLx's user storage (the {@code stdnfs} claim mounted in every container) and the
 * init container that prepares it, so that the apps also start on a cluster that has no such claim, such as a
 * fresh kind or minikube cluster. Set {@code DEV_PHASE=prod} to see the objects HeLx runs.
 */
public final class ExampleSettings {

    /** The setting that selects the deployment phase. */
    public static final String DEV_PHASE = "DEV_PHASE";
    /** The phase the examples use unless told otherwise. */
    public static final String DEFAULT_DEV_PHASE = "test";

    private ExampleSettings() {
    }

    /**
     * The settings of an environment.
     *
     * @param environment the process environment, e.g. {@code System.getenv()}
     * @return its entries, in a stable order, with the default phase added when absent
     */
    public static Map<String, String> from(Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(DEV_PHASE, DEFAULT_DEV_PHASE);
        new TreeMap<>(environment).forEach(settings::put);
        return Collections.unmodifiableMap(settings);
    }
}
