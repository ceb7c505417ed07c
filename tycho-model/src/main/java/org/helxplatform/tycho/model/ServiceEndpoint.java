package org.helxplatform.tycho.model;

/**
 * Where a started service can be reached.
 *
 * @param ipAddress the address, or {@code null} behind a reverse proxy (Ambassador) or while not yet assigned
 * @param portName  the name of the service's first port, e.g. {@code port-1}
 * @param nodePort  the node port assigned to it, or {@code null}
 */
public record ServiceEndpoint(String ipAddress, String portName, Integer nodePort) {
}
