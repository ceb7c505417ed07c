package org.helxplatform.tycho.model;

import java.util.Map;

/**
 * A change to a running system: pod labels and every container's CPU and memory (limits and requests alike).
 *
 * @param identifier the system identifier
 * @param labels     labels to set on the pods, in order; keys and values must be valid label keys and values, and
 *                   a key must not be one of Tycho's own ({@link Names#isReservedLabel})
 * @param cpu        the new CPU quantity (more than 0), or {@code null} to keep it
 * @param memory     the new memory quantity (more than 0), or {@code null} to keep it
 */
public record ModifyRequest(String identifier, Map<String, String> labels, String cpu, String memory) {

    // Validates (deviation D6: label values cannot change the structure of the patch).
    public ModifyRequest {
        Names.requireIdentifier("identifier", identifier);
        labels = Copies.map(labels, "labels");
        labels.forEach((key, value) -> {
            Names.requireUserLabelKey("labels", key);
            Names.requireLabelValue("labels." + key, value);
        });
        if (cpu != null) {
            Names.requireResourceQuantity("cpu", cpu, false);
        }
        if (memory != null) {
            Names.requireResourceQuantity("memory", memory, false);
        }
    }

    /** @return whether it changes anything */
    public boolean changesSomething() {
        return !labels.isEmpty() || cpu != null || memory != null;
    }
}
