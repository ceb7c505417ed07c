package org.helxplatform.tycho.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one system, as a backend reports it: who runs what, with which resources, in which phase and why,
 * and where a user opens it.
 *
 * @param name          {@code <app id>-<identifier>}
 * @param appId         the app id
 * @param identifier    the system identifier
 * @param username      the user it runs for
 * @param creationTime  when it was created, or {@code null} when unknown
 * @param utilization   container name to its resource limits ({@code cpu}, {@code memory}, GPU resource name, ...)
 * @param workspaceName the workspace (app) name shown to users
 * @param state         its phase, with the reason
 * @param url           the URL a user opens, or {@code null} while not known
 * @param services      container name to where its service can be reached, in container order
 */
public record SystemStatus(String name, String appId, String identifier, String username, Instant creationTime,
                           Map<String, Map<String, String>> utilization, String workspaceName, SystemState state,
                           String url, Map<String, ServiceEndpoint> services) {

    /**
     * Copies.
     *
     * @param name          {@code <app id>-<identifier>}
     * @param appId         the app id
     * @param identifier    the system identifier
     * @param username      the user it runs for
     * @param creationTime  when it was created, or {@code null} when unknown
     * @param utilization   container name to its resource limits ({@code cpu}, {@code memory}, GPU resource name,
     *                      ...)
     * @param workspaceName the workspace (app) name shown to users
     * @param state         its phase, with the reason
     * @param url           the URL a user opens, or {@code null} while not known
     * @param services      container name to where its service can be reached, in container order
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public SystemStatus {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        if (utilization != null) {
            utilization.forEach((container, limits) -> copy.put(container, Copies.map(limits, "utilization")));
        }
        utilization = Collections.unmodifiableMap(copy);
        Objects.requireNonNull(state, "state");
        services = Copies.map(services, "services");
    }

    /**
     * A builder for the status of a system.
     *
     * @param appId      the app id
     * @param identifier the system identifier
     * @param username   the user it runs for
     * @param state      its state
     * @return the builder; its name is {@code <app id>-<identifier>} and its workspace name the app id until set
     */
    public static Builder builder(String appId, String identifier, String username, SystemState state) {
        return new Builder(appId, identifier, username, state);
    }

    /** @return whether the system is {@link SystemPhase#READY}: all its replicas run and answer */
    public boolean ready() {
        return state.isReady();
    }

    /** @return the phase of its state */
    public SystemPhase phase() {
        return state.phase();
    }

    /**
     * The address of the first service that has one outside the cluster (Python Tycho's {@code ip_address}).
     *
     * @return the address, or {@code null}
     */
    public String ipAddress() {
        return services.values().stream().map(ServiceEndpoint::ipAddress).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    /**
     * The port at {@link #ipAddress()}, or else the first node port (Python Tycho's {@code port}).
     *
     * @return the port, or {@code null}
     */
    public Integer port() {
        for (ServiceEndpoint endpoint : services.values()) {
            if (endpoint.ipAddress() != null && endpoint.externalPort() != null) {
                return endpoint.externalPort();
            }
        }
        return services.values().stream().map(ServiceEndpoint::nodePort).filter(Objects::nonNull).findFirst()
                .orElse(null);
    }

    /**
     * A copy in another state.
     *
     * @param value the state
     * @return the copy
     */
    public SystemStatus withState(SystemState value) {
        return new SystemStatus(name, appId, identifier, username, creationTime, utilization, workspaceName, value,
                url, services);
    }

    /**
     * The creation time as Python Tycho prints it: {@code M-D-YYYY H:M:S} in UTC, without zero padding.
     *
     * @return the text, or {@code null} when the time is unknown
     */
    public String creationTimeText() {
        if (creationTime == null) {
            return null;
        }
        ZonedDateTime t = creationTime.atZone(ZoneOffset.UTC);
        return t.getMonthValue() + "-" + t.getDayOfMonth() + "-" + t.getYear() + " " + t.getHour() + ":"
                + t.getMinute() + ":" + t.getSecond();
    }

    /**
     * The resources of all containers together, as hosts show them.
     *
     * @param gpuResourceName the GPU resource name used in limits, e.g. {@code nvidia.com/gpu}
     * @return the totals
     */
    public Utilization totalUtilization(String gpuResourceName) {
        double cpu = 0;
        double gpu = 0;
        double memory = 0;
        for (Map<String, String> limits : utilization.values()) {
            cpu += value(limits.get("cpu")).movePointRight(3).doubleValue();
            gpu += value(limits.get(gpuResourceName)).movePointRight(3).doubleValue();
            memory += value(limits.get("memory")).movePointLeft(9).doubleValue();
        }
        return new Utilization(Math.round(cpu), Math.round(gpu), memory);
    }

    private static BigDecimal value(String quantity) {
        return quantity == null || quantity.isEmpty() ? BigDecimal.ZERO
                : Quantity.parse("utilization", quantity).value();
    }

    /**
     * Total resources of a system.
     *
     * @param cpuMillicores CPUs in millicores
     * @param gpuMillis     GPUs times 1000
     * @param memoryGb      memory in gigabytes (10^9 bytes)
     */
    public record Utilization(long cpuMillicores, long gpuMillis, double memoryGb) {
    }

    /** Builds a {@link SystemStatus}. */
    public static final class Builder {
        private final String appId;
        private final String identifier;
        private final String username;
        private final SystemState state;
        private String name;
        private String workspaceName;
        private Instant creationTime;
        private Map<String, Map<String, String>> utilization = Map.of();
        private String url;
        private Map<String, ServiceEndpoint> services = Map.of();

        private Builder(String appId, String identifier, String username, SystemState state) {
            this.appId = appId;
            this.identifier = identifier;
            this.username = username;
            this.state = state;
            this.name = appId + "-" + identifier;
            this.workspaceName = appId;
        }

        /**
         * @param value the system's name, when it is not {@code <app id>-<identifier>}
         * @return this
         */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /**
         * @param value the workspace name shown to users (default: the app id)
         * @return this
         */
        public Builder workspaceName(String value) {
            this.workspaceName = value;
            return this;
        }

        /**
         * @param value when the system was created
         * @return this
         */
        public Builder creationTime(Instant value) {
            this.creationTime = value;
            return this;
        }

        /**
         * @param value container name to its resource limits
         * @return this
         */
        public Builder utilization(Map<String, Map<String, String>> value) {
            this.utilization = value;
            return this;
        }

        /**
         * @param value the URL a user opens
         * @return this
         */
        public Builder url(String value) {
            this.url = value;
            return this;
        }

        /**
         * @param value container name to where its service can be reached
         * @return this
         */
        public Builder services(Map<String, ServiceEndpoint> value) {
            this.services = value;
            return this;
        }

        /** @return the status */
        public SystemStatus build() {
            return new SystemStatus(name, appId, identifier, username, creationTime, utilization, workspaceName,
                    state, url, services);
        }
    }
}
