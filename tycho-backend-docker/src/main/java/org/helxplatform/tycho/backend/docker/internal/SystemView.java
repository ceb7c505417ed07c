package org.helxplatform.tycho.backend.docker.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The containers of one system, as the engine reports them, and the system status they add up to.
 *
 * @param containers    the containers, ordered by service name
 * @param crashRestarts restarts from which a container that is not ready is in a crash loop
 */
record SystemView(List<ContainerView> containers, int crashRestarts) {

    /** The port name endpoints are reported under, as Python Tycho's {@code port-1}. */
    static final String PORT_NAME = "port-1";

    /** From the worst phase to the best: a system is in the worst phase of its containers. */
    private static final List<SystemPhase> SEVERITY = List.of(SystemPhase.FAILED, SystemPhase.TERMINATING,
            SystemPhase.PENDING, SystemPhase.STARTING, SystemPhase.READY);

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

    /**
     * @return the state of the container in the worst phase (the first such container by service name); every
     *         container ready: {@code READY ContainersReady}
     */
    SystemState state() {
        SystemState worst = null;
        for (ContainerView container : containers) {
            SystemState state = container.state(crashRestarts);
            if (worst == null || SEVERITY.indexOf(state.phase()) < SEVERITY.indexOf(worst.phase())) {
                worst = state;
            }
        }
        return worst.isReady() ? SystemState.of(SystemPhase.READY, "ContainersReady", containers.size() == 1
                ? containers.get(0).state(crashRestarts).message() : "all " + containers.size() + " containers run"
                + " and answer their health checks") : worst;
    }

    /**
     * @return each published service's endpoint, by container name: its port, its address on the system's network,
     *         and the reported host address and port
     */
    Map<String, ServiceEndpoint> endpoints() {
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        for (ContainerView container : containers) {
            String port = container.labels().get(Labels.SERVICE_PORT);
            if (port != null) {
                endpoints.put(container.service(), new ServiceEndpoint(PORT_NAME, Integer.valueOf(port),
                        container.service() + ":" + port, container.labels().get(Labels.ENDPOINT_ADDRESS),
                        container.hostPort(), null));
            }
        }
        return endpoints;
    }

    /**
     * The URL a user opens: the app's own service (else the first published one) at its host address and port,
     * with the connection string after the slash.
     *
     * @return the URL, or {@code null} when no service is published or its port is not known (not running)
     */
    String url() {
        Map<String, ServiceEndpoint> endpoints = endpoints();
        ServiceEndpoint main = endpoints.getOrDefault(label(Labels.ORIGINAL_APP_NAME),
                endpoints.values().stream().findFirst().orElse(null));
        if (main == null || main.ipAddress() == null || main.externalPort() == null) {
            return null;
        }
        String host = main.ipAddress().contains(":") ? "[" + main.ipAddress() + "]" : main.ipAddress();
        String conn = Objects.requireNonNullElse(label(Labels.CONN_STRING), "");
        return "http://" + host + ":" + main.externalPort() + "/" + conn.replaceFirst("^/+", "");
    }

    /** @return the status: names and user from the labels, limits the engine enforces, state, URL, endpoints */
    SystemStatus status() {
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        Instant created = null;
        for (ContainerView container : containers) {
            utilization.put(container.service(), limits(container));
            if (container.created() != null && (created == null || container.created().isBefore(created))) {
                created = container.created();
            }
        }
        return SystemStatus.builder(label(Labels.ORIGINAL_APP_NAME), identifier(), label(Labels.USERNAME), state())
                .name(label(Labels.SYSTEM_NAME))
                .workspaceName(label(Labels.APP_NAME))
                .creationTime(created)
                .utilization(utilization)
                .url(url())
                .services(endpoints())
                .build();
    }

    private static Map<String, String> limits(ContainerView container) {
        Map<String, String> limits = new LinkedHashMap<>();
        Map<String, String> labels = container.labels();
        if (container.cpuLimit() != null) {
            limits.put("cpu", container.cpuLimit());
        }
        if (container.memoryLimit() != null) {
            limits.put("memory", container.memoryLimit());
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
