package org.helxplatform.tycho.context.internal.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Quantity;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * What a system takes of each resource ({@code cpus}, {@code memory}, {@code gpus}, {@code ephemeralStorage}), all
 * its containers together: each container's limit, else its reservation, else nothing. Immutable.
 */
public final class Usage {

    private static final Map<String, String> STATUS_NAMES = Map.of("cpus", "cpu", "memory", "memory",
            "ephemeralStorage", "ephemeral-storage");

    private final Map<String, Quantity> amounts;

    private Usage(Map<String, Quantity> amounts) {
        Map<String, Quantity> copy = new LinkedHashMap<>();
        for (String resource : ResourceLimits.RESOURCES) {
            copy.put(resource, amounts.getOrDefault(resource, Quantity.ZERO));
        }
        this.amounts = Collections.unmodifiableMap(copy);
    }

    /**
     * The usage of a compiled system.
     *
     * @param system the system
     * @return its containers' limits, else reservations, summed
     */
    public static Usage of(TychoSystem system) {
        Map<String, Quantity> sums = new LinkedHashMap<>();
        for (Container container : system.containers()) {
            for (String resource : ResourceLimits.RESOURCES) {
                Optional<Quantity> amount = container.limits().quantity(resource)
                        .or(() -> container.requests().quantity(resource));
                amount.ifPresent(quantity -> sums.merge(resource, quantity, Quantity::plus));
            }
        }
        return new Usage(sums);
    }

    /**
     * The usage of a running system, from the limits its status reports; a value the policy cannot read counts as
     * nothing.
     *
     * @param status          the status
     * @param gpuResourceName the GPU resource name in the limits
     * @return its containers' limits, summed
     */
    public static Usage of(SystemStatus status, String gpuResourceName) {
        Map<String, Quantity> sums = new LinkedHashMap<>();
        for (Map<String, String> limits : status.utilization().values()) {
            for (String resource : ResourceLimits.RESOURCES) {
                String name = resource.equals("gpus") ? gpuResourceName : STATUS_NAMES.get(resource);
                String value = limits.get(name);
                if (value != null && !value.isEmpty()) {
                    try {
                        sums.merge(resource, Quantity.parse(value), Quantity::plus);
                    } catch (InvalidValueException e) {
                        // a value the API server accepted but the policy cannot read: counted as nothing
                    }
                }
            }
        }
        return new Usage(sums);
    }

    /**
     * The usage of a running system after a modify sets every container's CPU and memory.
     *
     * @param status          the status before
     * @param gpuResourceName the GPU resource name in the limits
     * @param cpu             the new CPU of every container, or {@code null} to keep it
     * @param memory          the new memory of every container, or {@code null} to keep it
     * @return the usage after
     */
    public static Usage afterModify(SystemStatus status, String gpuResourceName, String cpu, String memory) {
        Usage before = of(status, gpuResourceName);
        int containers = Math.max(1, status.utilization().size());
        Map<String, Quantity> after = new LinkedHashMap<>(before.amounts);
        if (cpu != null) {
            after.put("cpus", Quantity.parse("cpu", cpu).times(containers));
        }
        if (memory != null) {
            after.put("memory", Quantity.parse("memory", memory).times(containers));
        }
        return new Usage(after);
    }

    /**
     * @param resource {@code cpus}, {@code memory}, {@code gpus} or {@code ephemeralStorage}
     * @return the amount, zero when none
     */
    public Quantity get(String resource) {
        return amounts.get(resource);
    }

    /**
     * @param other another usage
     * @return both together
     */
    public Usage plus(Usage other) {
        Map<String, Quantity> sums = new LinkedHashMap<>(amounts);
        other.amounts.forEach((resource, amount) -> sums.merge(resource, amount, Quantity::plus));
        return new Usage(sums);
    }

    @Override
    public String toString() {
        return "Usage" + amounts;
    }
}
