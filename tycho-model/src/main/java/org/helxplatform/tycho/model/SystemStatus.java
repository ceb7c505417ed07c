package org.helxplatform.tycho.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * The state of one running system, as a backend reports it.
 *
 * @param name          {@code <app id>-<identifier>}
 * @param appId         the app id
 * @param identifier    the system identifier (sid)
 * @param username      the user it runs for
 * @param creationTime  when it was created, or {@code null} when unknown
 * @param utilization   container name to its resource limits ({@code cpu}, {@code memory}, GPU resource name, ...)
 * @param workspaceName the workspace (app) name shown to users
 * @param ready         whether all its replicas are ready
 * @param ipAddress     where it can be reached, or {@code null}
 * @param port          the port, or {@code null}
 */
public record SystemStatus(String name, String appId, String identifier, String username, Instant creationTime,
                           Map<String, Map<String, String>> utilization, String workspaceName, boolean ready,
                           String ipAddress, String port) {

    // Copies.
    public SystemStatus {
        Map<String, Map<String, String>> copy = new java.util.LinkedHashMap<>();
        if (utilization != null) {
            utilization.forEach((container, limits) -> copy.put(container, Copies.map(limits, "utilization")));
        }
        utilization = java.util.Collections.unmodifiableMap(copy);
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
            cpu += Quantities.toMillis(limits.get("cpu"));
            gpu += Quantities.toMillis(limits.get(gpuResourceName));
            memory += Quantities.toGigabytes(limits.get("memory"));
        }
        return new Utilization(Math.round(cpu), Math.round(gpu), memory);
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
}
