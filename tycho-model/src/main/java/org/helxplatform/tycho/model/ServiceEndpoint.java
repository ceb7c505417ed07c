package org.helxplatform.tycho.model;

/**
 * Where one service of a system can be reached.
 *
 * @param portName       the name of the service's first port, e.g. {@code port-1} (Python Tycho's name)
 * @param port           the service's first port, or {@code null} when it has none
 * @param clusterAddress {@code host:port} inside the cluster or the system's network, e.g.
 *                       {@code jupyter-ds-<sid>.helx.svc:8888}, or {@code null} when not known
 * @param ipAddress      the address outside the cluster: a load balancer's ingress address, or the address a
 *                       Docker port is published on; {@code null} behind a reverse proxy or while not yet assigned
 * @param externalPort   the port at {@code ipAddress} (a load balancer's port, a published Docker host port), or
 *                       {@code null}
 * @param nodePort       the Kubernetes node port of the service on every node, or {@code null} (Python Tycho
 *                       reports it as {@code port-1})
 */
public record ServiceEndpoint(String portName, Integer port, String clusterAddress, String ipAddress,
                              Integer externalPort, Integer nodePort) {

    /**
     * An endpoint known only by its port, e.g. of a system that runs nowhere yet.
     *
     * @param portName the port's name
     * @param port     the port
     * @return the endpoint
     */
    public static ServiceEndpoint ofPort(String portName, Integer port) {
        return new ServiceEndpoint(portName, port, null, null, null, null);
    }
}
