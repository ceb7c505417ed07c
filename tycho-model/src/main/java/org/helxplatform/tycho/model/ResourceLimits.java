package org.helxplatform.tycho.model;

/**
 * CPU, memory, GPU and ephemeral storage of a container, as limits or as requests (compose "reservations").
 *
 * <p>Values are Kubernetes quantities kept as written ({@code "0.5"}, {@code "2000M"}, {@code "0"}), or
 * {@code null} when not set. An empty ephemeral storage means none (as does {@code "0"}).
 *
 * @param cpus             CPUs, e.g. {@code 0.5} or {@code 500m}
 * @param memory           memory, e.g. {@code 2000M} or {@code 2Gi}
 * @param gpus             GPUs, a whole number
 * @param ephemeralStorage ephemeral storage, e.g. {@code 1Gi}; empty or {@code 0} for none
 */
public record ResourceLimits(String cpus, String memory, String gpus, String ephemeralStorage) {

    /** No values set. */
    public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null);

    /**
     * Validates every value that is set.
     *
     * @param cpus             CPUs, e.g. {@code 0.5} or {@code 500m}
     * @param memory           memory, e.g. {@code 2000M} or {@code 2Gi}
     * @param gpus             GPUs, a whole number
     * @param ephemeralStorage ephemeral storage, e.g. {@code 1Gi}; empty or {@code 0} for none
     * @throws InvalidValueException when a value is invalid
     */
    public ResourceLimits {
        check("cpus", cpus);
        check("memory", memory);
        if (gpus != null && !gpus.matches("\\d+")) {
            throw new InvalidValueException("resources.gpus", gpus, "must be a whole number of GPUs such as 0 or 1");
        }
        if (ephemeralStorage != null && !ephemeralStorage.isEmpty()) {
            check("ephemeralStorage", ephemeralStorage);
        }
    }

    /**
     * CPU and memory, the usual pair.
     *
     * @param cpus   CPUs
     * @param memory memory
     * @return the limits
     */
    public static ResourceLimits of(String cpus, String memory) {
        return new ResourceLimits(cpus, memory, null, null);
    }

    /**
     * @param value the new value
     * @return a copy with the given CPUs
     */
    public ResourceLimits withCpus(String value) {
        return new ResourceLimits(value, memory, gpus, ephemeralStorage);
    }

    /**
     * @param value the new value
     * @return a copy with the given memory
     */
    public ResourceLimits withMemory(String value) {
        return new ResourceLimits(cpus, value, gpus, ephemeralStorage);
    }

    /**
     * @param value the new value
     * @return a copy with the given GPUs
     */
    public ResourceLimits withGpus(String value) {
        return new ResourceLimits(cpus, memory, value, ephemeralStorage);
    }

    /**
     * @param value the new value
     * @return a copy with the given ephemeral storage
     */
    public ResourceLimits withEphemeralStorage(String value) {
        return new ResourceLimits(cpus, memory, gpus, value);
    }

    /** @return whether no value is set */
    public boolean isEmpty() {
        return cpus == null && memory == null && gpus == null && ephemeralStorage == null;
    }

    private static void check(String name, String value) {
        if (value != null) {
            Names.requireQuantity("resources." + name, value);
        }
    }
}
