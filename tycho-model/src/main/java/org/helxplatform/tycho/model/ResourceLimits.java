package org.helxplatform.tycho.model;

import java.util.List;
import java.util.Optional;

/**
 * CPU, memory, GPU and ephemeral storage of a container, as limits or as requests (compose "reservations").
 *
 * <p>Values are Kubernetes quantities kept as written ({@code "0.5"}, {@code "2000M"}, {@code "0"}), or
 * {@code null} when not set. An empty ephemeral storage means none (as does {@code "0"}). CPUs and memory must be
 * more than 0, GPUs and ephemeral storage 0 or more; no value may be negative or beyond what the API server stores.
 *
 * @param cpus             CPUs, e.g. {@code 0.5} or {@code 500m}
 * @param memory           memory, e.g. {@code 2000M} or {@code 2Gi}
 * @param gpus             GPUs, a whole number
 * @param ephemeralStorage ephemeral storage, e.g. {@code 1Gi}; empty or {@code 0} for none
 */
public record ResourceLimits(String cpus, String memory, String gpus, String ephemeralStorage) {

    /** The names of the resources, in order: {@code cpus}, {@code memory}, {@code gpus}, {@code ephemeralStorage}. */
    public static final List<String> RESOURCES = List.of("cpus", "memory", "gpus",
            "ephemeralStorage");

    /** No values set. */
    public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null);

    /**
     * Validates every value that is set: well formed, in range, CPUs and memory more than 0, the others 0 or
     * more.
     *
     * @param cpus             CPUs, e.g. {@code 0.5} or {@code 500m}
     * @param memory           memory, e.g. {@code 2000M} or {@code 2Gi}
     * @param gpus             GPUs, a whole number
     * @param ephemeralStorage ephemeral storage, e.g. {@code 1Gi}; empty or {@code 0} for none
     * @throws InvalidValueException when a value is invalid
     */
    public ResourceLimits {
        if (cpus != null) {
            Names.requireResourceQuantity("resources.cpus", cpus, false);
        }
        if (memory != null) {
            Names.requireResourceQuantity("resources.memory", memory, false);
        }
        if (gpus != null && (!gpus.matches("\\d{1,9}"))) {
            throw new InvalidValueException("resources.gpus", gpus, "must be a whole number of GPUs such as 0 or 1");
        }
        if (ephemeralStorage != null && !ephemeralStorage.isEmpty()) {
            Names.requireResourceQuantity("resources.ephemeralStorage", ephemeralStorage, true);
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

    /**
     * The value of one resource.
     *
     * @param resource {@code cpus}, {@code memory}, {@code gpus} or {@code ephemeralStorage}
     * @return its quantity; empty when not set (an empty ephemeral storage is not set)
     * @throws IllegalArgumentException for another resource name
     */
    public Optional<Quantity> quantity(String resource) {
        String value = switch (resource) {
            case "cpus" -> cpus;
            case "memory" -> memory;
            case "gpus" -> gpus;
            case "ephemeralStorage" -> ephemeralStorage;
            default -> throw new IllegalArgumentException("no resource " + resource
                    + "; use cpus, memory, gpus or ephemeralStorage");
        };
        return value == null || value.isEmpty() ? Optional.empty()
                : Optional.of(Quantity.parse("resources." + resource, value));
    }

    /**
     * Checks that reservations (requests) do not exceed limits, resource by resource where both are set; the API
     * server refuses such a container.
     *
     * @param field        the field holding both, for the message ({@code resources}, {@code container web})
     * @param limits       the limits
     * @param reservations the reservations
     * @throws InvalidValueException naming the resource, the reservation and the limit
     */
    public static void requireReservationsWithinLimits(String field, ResourceLimits limits,
                                                       ResourceLimits reservations) {
        for (String resource : RESOURCES) {
            Optional<Quantity> limit = limits.quantity(resource);
            Optional<Quantity> reserved = reservations.quantity(resource);
            if (limit.isPresent() && reserved.isPresent() && reserved.get().compareTo(limit.get()) > 0) {
                throw new InvalidValueException(field + ".reservations." + resource, reserved.get().toString(),
                        "is more than the limit " + limit.get() + " (" + field + ".limits." + resource + "): a"
                        + " reservation cannot exceed its limit");
            }
        }
    }
}
