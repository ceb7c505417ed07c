package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;
import java.util.Map;

/**
 * What the URL and endpoints of a system need of one of its Services.
 *
 * @param name          the Service's name, {@code <container>-<identifier>}
 * @param identifier    its {@code tycho-guid} label
 * @param type          {@code ClusterIP}, {@code LoadBalancer}, {@code NodePort}...
 * @param portName      the name of its first port, or {@code null}
 * @param port          its first port, or {@code null}
 * @param nodePort      the node port of its first port, or {@code null}
 * @param address       the first address of its load balancer (IP, else host name), or {@code null}
 * @param mappingPrefix the {@code prefix} of its Ambassador Mapping annotation, or {@code null}
 * @param ownerUid      the uid of the Deployment that owns it, or {@code null} when no Deployment does
 * @param connString    its {@code conn_string} label, or empty
 */
public record ServiceFacts(String name, String identifier, String type, String portName, Integer port,
                           Integer nodePort, String address, String mappingPrefix, String ownerUid,
                           String connString) {

    /** The annotation holding Ambassador's Mapping. */
    public static final String AMBASSADOR_MAPPING = "getambassador.io/config";

    /**
     * Reads a Service.
     *
     * @param service a Service of a Tycho system
     * @return its facts
     */
    public static ServiceFacts of(Service service) {
        Map<String, String> labels = service.getMetadata().getLabels() == null ? Map.of()
                : service.getMetadata().getLabels();
        Map<String, String> annotations = service.getMetadata().getAnnotations() == null ? Map.of()
                : service.getMetadata().getAnnotations();
        List<ServicePort> ports = service.getSpec() == null ? List.of() : service.getSpec().getPorts();
        ServicePort first = ports.isEmpty() ? null : ports.get(0);
        String address = null;
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
            for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
                address = ingress.getIp() != null ? ingress.getIp() : ingress.getHostname();
                if (address != null) {
                    break;
                }
            }
        }
        String owner = null;
        for (OwnerReference reference : service.getMetadata().getOwnerReferences()) {
            if ("Deployment".equals(reference.getKind())) {
                owner = reference.getUid();
            }
        }
        return new ServiceFacts(service.getMetadata().getName(), labels.get(Labels.GUID),
                service.getSpec() == null ? null : service.getSpec().getType(),
                first == null ? null : first.getName(), first == null ? null : first.getPort(),
                first == null ? null : first.getNodePort(), address, prefix(annotations.get(AMBASSADOR_MAPPING)),
                owner, labels.getOrDefault("conn_string", ""));
    }

    /** The {@code prefix:} of a Mapping as Tycho's templates write it (YAML, one key per line). */
    static String prefix(String mapping) {
        if (mapping == null) {
            return null;
        }
        for (String line : mapping.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("prefix:")) {
                String value = trimmed.substring("prefix:".length()).trim();
                if (value.length() > 1 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
