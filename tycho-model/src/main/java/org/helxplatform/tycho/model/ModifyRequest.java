package org.helxplatform.tycho.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A change to a running system: pod labels and every container's CPUs and memory (limits and requests alike).
 * Build one with {@link #builder(String)}:
 * <pre>{@code
 * ModifyRequest request = ModifyRequest.builder(identifier).label("team", "blue").cpus("2").memory("8G").build();
 * }</pre>
 *
 * @param identifier the system identifier
 * @param labels     labels to set on the pods, in order; keys and values must be valid label keys and values, and
 *                   a key must not be one of Tycho's own ({@link Names#isReservedLabel}); {@code null} is read as none
 * @param cpus       the new CPUs (a Kubernetes quantity more than 0 such as {@code 2} or {@code 500m}), or
 *                   {@code null} to keep them
 * @param memory     the new memory quantity (more than 0), or {@code null} to keep it
 */
public record ModifyRequest(String identifier, Map<String, String> labels, String cpus, String memory) {

    /**
     * Validates (label values cannot change the structure of the patch).
     *
     * @param identifier the system identifier
     * @param labels     labels to set on the pods, in order; keys and values must be valid label keys and values,
     *                   and a key must not be one of Tycho's own; {@code null} is read as none
     * @param cpus       the new CPUs (a Kubernetes quantity more than 0 such as {@code 2} or {@code 500m}), or
     *                   {@code null} to keep them
     * @param memory     the new memory quantity (more than 0), or {@code null} to keep it
     * @throws InvalidValueException when a value is invalid
     */
    public ModifyRequest {
        Names.requireIdentifier("identifier", identifier);
        labels = Copies.map(labels, "labels");
        labels.forEach((key, value) -> {
            Names.requireUserLabelKey("labels", key);
            Names.requireLabelValue("labels." + key, value);
        });
        if (cpus != null) {
            Names.requireResourceQuantity("cpus", cpus, false);
        }
        if (memory != null) {
            Names.requireResourceQuantity("memory", memory, false);
        }
    }

    /**
     * Starts a change of a system; without further calls it changes nothing.
     *
     * @param identifier the system identifier
     * @return the builder
     */
    public static Builder builder(String identifier) {
        return new Builder(identifier);
    }

    /** @return whether it changes anything */
    public boolean changesSomething() {
        return !labels.isEmpty() || cpus != null || memory != null;
    }

    /** Builds a {@link ModifyRequest}. Not thread-safe; the request it builds is. */
    public static final class Builder {
        private final String identifier;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String cpus;
        private String memory;

        private Builder(String identifier) {
            this.identifier = identifier;
        }

        /**
         * Sets a label on the system's pods; a later value of the same key wins.
         *
         * @param key   the label key
         * @param value the label value
         * @return this
         * @throws NullPointerException when {@code key} or {@code value} is null
         */
        public Builder label(String key, String value) {
            labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets labels on the system's pods, in the map's order.
         *
         * @param values label keys to values
         * @return this
         * @throws NullPointerException when {@code values} is null
         */
        public Builder labels(Map<String, String> values) {
            Objects.requireNonNull(values, "values").forEach(this::label);
            return this;
        }

        /**
         * Sets the CPUs of every container.
         *
         * @param value a Kubernetes quantity, e.g. {@code 2} or {@code 500m}
         * @return this
         * @throws NullPointerException when {@code value} is null
         */
        public Builder cpus(String value) {
            this.cpus = Objects.requireNonNull(value, "cpus");
            return this;
        }

        /**
         * Sets the memory of every container.
         *
         * @param value a Kubernetes quantity, e.g. {@code 8G} or {@code 512Mi}
         * @return this
         * @throws NullPointerException when {@code value} is null
         */
        public Builder memory(String value) {
            this.memory = Objects.requireNonNull(value, "memory");
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the request
         * @throws InvalidValueException when the identifier is not a system identifier, a label is invalid, or a
         *                               quantity is not a Kubernetes quantity
         */
        public ModifyRequest build() {
            return new ModifyRequest(identifier, labels, cpus, memory);
        }
    }
}
