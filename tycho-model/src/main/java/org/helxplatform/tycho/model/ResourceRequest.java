package org.helxplatform.tycho.model;

import java.util.Objects;

/**
 * The resources a host asks for when it starts an app: they replace the main service's compose
 * {@code deploy.resources} (Python Tycho's {@code {deploy: {resources: {limits, reservations}}}}).
 *
 * @param limits       upper bounds
 * @param reservations what is reserved (Kubernetes requests); each at most its limit where both are set
 */
public record ResourceRequest(ResourceLimits limits, ResourceLimits reservations) {

    /**
     * Requires both parts (use {@link ResourceLimits#NONE} for none), and reservations within limits.
     *
     * @param limits       upper bounds
     * @param reservations what is reserved (Kubernetes requests)
     * @throws InvalidValueException when a reservation exceeds its limit
     * @throws NullPointerException  when a required component is null
     */
    public ResourceRequest {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(reservations, "reservations");
        ResourceLimits.requireReservationsWithinLimits("resources", limits, reservations);
    }

    /**
     * The same values as limits and reservations.
     *
     * @param resources the values
     * @return the request
     */
    public static ResourceRequest of(ResourceLimits resources) {
        return new ResourceRequest(resources, resources);
    }

    /**
     * CPU and memory as limits and reservations, nothing else (no GPU resource, no ephemeral storage). HeLx app
     * stores send {@code gpus: 0} explicitly, which also makes the pod tolerate GPU nodes; use
     * {@link #of(ResourceLimits)} for that.
     *
     * @param cpus   CPUs, e.g. {@code 0.5}
     * @param memory memory, e.g. {@code 2G}
     * @return the request
     */
    public static ResourceRequest of(String cpus, String memory) {
        return of(ResourceLimits.of(cpus, memory));
    }
}
