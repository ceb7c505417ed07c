package org.helxplatform.tycho.backend.kubernetes.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.ServiceEndpoint;

/**
 * Where a system is reached, computed from what was created: each Service's in-cluster address, its load balancer's
 * address or node port, and the URL a user opens.
 *
 * <p>The URL, in order: behind Ambassador, {@code https://<host><Mapping prefix>}, the prefix being
 * {@code /private/<app>/<user>/<identifier>/<conn_string>} as the templates write it; with an Ingress or HTTPRoute
 * ({@code TYCHO_ROUTING}), {@code https://<host>/private/<app>/<user>/<identifier>/<conn_string>}; a LoadBalancer
 * Service, once its address is assigned, {@code http://<address>:<port>/<conn_string>}; a NodePort Service,
 * {@code http://<node host>:<node port>/<conn_string>}. {@code <host>} is the host the start request named (the
 * pod's {@code HOST}); without one, the URL is the path alone, relative to the host the user reached. The main
 * Service is the one named like the Deployment ({@code <app>-<identifier>}), else the first.
 */
final class Endpoints {

    private Endpoints() {
    }

    /**
     * Each container's endpoint, in container order; Services of no container follow by name.
     *
     * @param deployment the system's Deployment
     * @param services   its Services by name
     * @param namespace  their namespace
     * @return container (or Service) name to endpoint
     */
    static Map<String, ServiceEndpoint> of(DeploymentFacts deployment, Map<String, ServiceFacts> services,
                                           String namespace) {
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        String suffix = "-" + deployment.identifier();
        for (String container : deployment.utilization().keySet()) {
            ServiceFacts service = services.get(container + suffix);
            if (service != null) {
                endpoints.put(container, endpoint(service, namespace));
            }
        }
        for (ServiceFacts service : services.values()) {
            String container = service.name().endsWith(suffix)
                    ? service.name().substring(0, service.name().length() - suffix.length()) : service.name();
            endpoints.putIfAbsent(container, endpoint(service, namespace));
        }
        return endpoints;
    }

    /**
     * The URL a user opens.
     *
     * @param deployment the system's Deployment
     * @param services   its Services by name
     * @param settings   the node host for node ports
     * @return the URL, or {@code null} while not known
     */
    static String url(DeploymentFacts deployment, Map<String, ServiceFacts> services, LaunchSettings settings) {
        String host = deployment.host() == null ? "" : deployment.host().trim();
        String base = host.isEmpty() ? "" : "https://" + host;
        ServiceFacts main = services.get(deployment.name());
        if (main == null) {
            for (String container : deployment.utilization().keySet()) {
                main = services.get(container + "-" + deployment.identifier());
                if (main != null) {
                    break;
                }
            }
        }
        if (main == null && !services.isEmpty()) {
            main = services.values().iterator().next();
        }
        if (main != null && main.mappingPrefix() != null) {
            return base + main.mappingPrefix();
        }
        for (ServiceFacts service : services.values()) {
            if (service.mappingPrefix() != null) {
                return base + service.mappingPrefix();
            }
        }
        if (deployment.routePath() != null) {
            return base + deployment.routePath();
        }
        if (main == null) {
            return null;
        }
        String path = "/" + (main.connString() == null ? "" : main.connString());
        if ("LoadBalancer".equals(main.type()) && main.address() != null && main.port() != null) {
            return "http://" + hostPart(main.address()) + ":" + main.port() + path;
        }
        if ("NodePort".equals(main.type()) && main.nodePort() != null) {
            String nodeHost = settings.nodeHost().isEmpty() ? host : settings.nodeHost();
            return nodeHost.isEmpty() ? null : "http://" + hostPart(nodeHost) + ":" + main.nodePort() + path;
        }
        return null;
    }

    private static ServiceEndpoint endpoint(ServiceFacts service, String namespace) {
        String cluster = service.name() + "." + namespace + ".svc" + (service.port() == null ? "" : ":"
                + service.port());
        boolean balanced = "LoadBalancer".equals(service.type()) && service.address() != null;
        return new ServiceEndpoint(service.portName(), service.port(), cluster, balanced ? service.address() : null,
                balanced ? service.port() : null, service.nodePort());
    }

    /** An IPv6 address in brackets, as a URL needs it. */
    private static String hostPart(String address) {
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
