package org.helxplatform.tycho.backend.docker.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The containers of one system, as the engine reports them, and the system status they add up to.
 *
 * @param containers the containers, ordered by service name
 */
record SystemView(List<ContainerView> containers) {

    /** The port name endpoints are reported under, as Python Tycho's {@code port-1}. */
    static final String PORT_NAME = "port-1";

    // Orders and copies.
    SystemView {
        List<ContainerView> sorted = new ArrayList<>(containers);
        sorted.sort(Comparator.comparing(ContainerView::service));
        containers = List.copyOf(sorted);
        if (containers.isEmpty()) {
            throw new IllegalArgumentException("a system has at least one container");
        }
    }

    /** @return the system identifier */
    String identifier() {
        return label(Labels.GUID);
    }

    /** @return whether every container is running and healthy (or has no health check) */
    boolean ready() {
        return containers.stream().allMatch(c -> c.condition() == ContainerView.Condition.READY);
    }

    /**
     * @return each published service's endpoint, by container name: the reported address and the host port
     */
    Map<String, ServiceEndpoint> endpoints() {
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        for (ContainerView container : containers) {
            if (container.labels().containsKey(Labels.SERVICE_PORT)) {
                endpoints.put(container.service(), new ServiceEndpoint(
                        container.labels().get(Labels.ENDPOINT_ADDRESS), PORT_NAME, container.hostPort()));
            }
        }
        return endpoints;
    }

    /** @return the status: names and user from the labels, limits the engine enforces, the main endpoint */
    SystemStatus status() {
        String appId = label(Labels.ORIGINAL_APP_NAME);
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        Instant created = null;
        for (ContainerView container : containers) {
            utilization.put(container.service(), limits(container));
            if (container.created() != null && (created == null || container.created().isBefore(created))) {
                created = container.created();
            }
        }
        Map<String, ServiceEndpoint> endpoints = endpoints();
        ServiceEndpoint main = endpoints.containsKey(appId) ? endpoints.get(appId)
                : endpoints.values().stream().findFirst().orElse(null);
        boolean reachable = main != null && main.nodePort() != null;
        return new SystemStatus(label(Labels.SYSTEM_NAME), appId, identifier(), label(Labels.USERNAME), created,
                utilization, label(Labels.APP_NAME), ready(), reachable ? main.ipAddress() : null,
                reachable ? String.valueOf(main.nodePort()) : null);
    }

    private static Map<String, String> limits(ContainerView container) {
        Map<String, String> limits = new LinkedHashMap<>();
        Map<String, String> labels = container.labels();
        if (container.nanoCpus() > 0) {
            limits.put("cpu", DockerQuantities.cpuText(labels.get(Labels.CPU), container.nanoCpus()));
        }
        if (container.memory() > 0) {
            limits.put("memory", DockerQuantities.memoryText(labels.get(Labels.MEMORY), container.memory()));
        }
        if (labels.containsKey(Labels.GPUS)) {
            limits.put(labels.getOrDefault(Labels.GPU_RESOURCE, "gpu"), labels.get(Labels.GPUS));
        }
        return limits;
    }

    private String label(String name) {
        return containers.stream().map(c -> c.labels().get(name)).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
