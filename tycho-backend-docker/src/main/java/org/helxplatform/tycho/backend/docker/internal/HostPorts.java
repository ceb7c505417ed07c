package org.helxplatform.tycho.backend.docker.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out host ports of a configured range ({@code TYCHO_DOCKER_HOST_PORTS}) to the starts in flight, so that
 * concurrent starts of this backend do not pick the same port; what running containers publish is asked of the
 * engine each time. Thread-safe.
 */
final class HostPorts {

    private final DockerSettings.PortRange range;
    private final Set<Integer> reserved = new HashSet<>();

    /** @param range the ports to hand out */
    HostPorts(DockerSettings.PortRange range) {
        this.range = range;
    }

    /** @return the range */
    DockerSettings.PortRange range() {
        return range;
    }

    /**
     * Reserves the lowest port of the range that is neither published, reserved nor tried already.
     *
     * @param published ports published by containers on the engine
     * @param tried     ports this start found taken
     * @return the port, or {@code null} when none is left
     */
    synchronized Integer reserve(Set<Integer> published, Set<Integer> tried) {
        for (int port = range.first(); port <= range.last(); port++) {
            if (!published.contains(port) && !tried.contains(port) && !reserved.contains(port)) {
                reserved.add(port);
                return port;
            }
        }
        return null;
    }

    /** @param port a port reserved before, now published by its container or given up */
    synchronized void release(int port) {
        reserved.remove(port);
    }
}
