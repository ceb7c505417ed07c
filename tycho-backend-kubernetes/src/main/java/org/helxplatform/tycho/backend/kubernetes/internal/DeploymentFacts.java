package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What status needs of a system's Deployment, and nothing else (no env values, no tokens): a few hundred bytes
 * instead of the whole object.
 *
 * @param name          the Deployment's name, {@code <app id>-<identifier>}
 * @param uid           its uid
 * @param identifier    its {@code tycho-guid} label
 * @param username      its {@code username} label
 * @param appId         the pod label {@code original-app-name}
 * @param workspaceName the pod label {@code app-name}
 * @param creationTime  when it was created, or {@code null}
 * @param utilization   container name to its limits
 * @param replicas      wanted replicas
 * @param readyReplicas ready replicas
 * @param failureReason {@code FailedCreate} (condition ReplicaFailure) or {@code ProgressDeadlineExceeded}, or
 *                      {@code null}
 * @param failureMessage the condition's message, or {@code null}
 * @param host          the value of the env variable {@code HOST} of its first container that has one, or empty
 * @param claims        the claims its pod mounts
 * @param routePath     the path of its Ingress or HTTPRoute (annotation {@value #ROUTE_PATH}), or {@code null}
 * @param deleting      whether it is being deleted
 */
public record DeploymentFacts(String name, String uid, String identifier, String username, String appId,
                              String workspaceName, Instant creationTime,
                              Map<String, Map<String, String>> utilization, int replicas, int readyReplicas,
                              String failureReason, String failureMessage, String host, List<String> claims,
                              String routePath, boolean deleting) {

    /** The annotation holding the path an Ingress or HTTPRoute routes to the system. */
    public static final String ROUTE_PATH = "tycho.helx.org/route-path";

    /**
     * Reads a Deployment.
     *
     * @param deployment a Deployment made by Tycho
     * @return its facts
     */
    public static DeploymentFacts of(Deployment deployment) {
        ObjectMeta metadata = deployment.getMetadata();
        Map<String, String> labels = orEmpty(metadata.getLabels());
        ObjectMeta podMetadata = deployment.getSpec() == null || deployment.getSpec().getTemplate() == null ? null
                : deployment.getSpec().getTemplate().getMetadata();
        Map<String, String> podLabels = orEmpty(podMetadata == null ? null : podMetadata.getLabels());
        PodSpec pod = deployment.getSpec() == null || deployment.getSpec().getTemplate() == null ? null
                : deployment.getSpec().getTemplate().getSpec();
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        String host = "";
        List<String> claims = new ArrayList<>(1);
        if (pod != null) {
            for (Container container : pod.getContainers()) {
                Map<String, String> limits = new LinkedHashMap<>();
                if (container.getResources() != null && container.getResources().getLimits() != null) {
                    container.getResources().getLimits().forEach((name, quantity) -> limits.put(name, text(quantity)));
                }
                utilization.put(container.getName(), Collections.unmodifiableMap(limits));
                if (host.isEmpty() && container.getEnv() != null) {
                    for (EnvVar variable : container.getEnv()) {
                        if ("HOST".equals(variable.getName()) && variable.getValue() != null) {
                            host = variable.getValue();
                        }
                    }
                }
            }
            for (Volume volume : pod.getVolumes()) {
                if (volume.getPersistentVolumeClaim() != null) {
                    claims.add(volume.getPersistentVolumeClaim().getClaimName());
                }
            }
        }
        int replicas = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null ? 1
                : deployment.getSpec().getReplicas();
        int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
        String failureReason = null;
        String failureMessage = null;
        if (deployment.getStatus() != null && deployment.getStatus().getConditions() != null) {
            for (DeploymentCondition condition : deployment.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                    failureReason = condition.getReason() == null ? "FailedCreate" : condition.getReason();
                    failureMessage = condition.getMessage();
                } else if ("Progressing".equals(condition.getType()) && "False".equals(condition.getStatus())
                        && "ProgressDeadlineExceeded".equals(condition.getReason())) {
                    failureReason = condition.getReason();
                    failureMessage = condition.getMessage();
                }
            }
        }
        String created = metadata.getCreationTimestamp();
        return new DeploymentFacts(metadata.getName(), metadata.getUid(), labels.get(Labels.GUID),
                labels.get(Labels.USERNAME), podLabels.get(Labels.ORIGINAL_APP_NAME),
                podLabels.getOrDefault(Labels.APP_NAME, ""), created == null ? null : Instant.parse(created),
                Collections.unmodifiableMap(utilization), replicas, ready, failureReason, failureMessage, host,
                List.copyOf(claims), orEmpty(metadata.getAnnotations()).get(ROUTE_PATH),
                metadata.getDeletionTimestamp() != null);
    }

    private static String text(Quantity quantity) {
        return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
