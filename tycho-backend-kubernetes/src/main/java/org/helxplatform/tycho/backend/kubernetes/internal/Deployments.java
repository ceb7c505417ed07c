package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * Reads a Tycho system's status from its Deployment: the labels Tycho's templates set (identifier, app, user,
 * guid), each container's limits, the creation time and whether every replica is ready.
 *
 * <p>Public for backends that keep Deployments somewhere else than in a cluster (files, a GitOps repository) and
 * want to report them exactly as the Kubernetes backend does.
 */
public final class Deployments {

    private Deployments() {
    }

    /**
     * The status of the system a Deployment runs.
     *
     * @param deployment a Deployment rendered from Tycho's templates (or read back from the cluster)
     * @return its status; without endpoint (the caller knows its Services), ready when every wanted replica is
     *         ready (a Deployment with no {@code status} is not ready)
     */
    public static SystemStatus status(Deployment deployment) {
        Map<String, String> labels = orEmpty(deployment.getMetadata().getLabels());
        ObjectMeta podMetadata = deployment.getSpec().getTemplate().getMetadata();
        Map<String, String> podLabels = orEmpty(podMetadata == null ? null : podMetadata.getLabels());
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> {
            Map<String, String> limits = new LinkedHashMap<>();
            if (container.getResources() != null && container.getResources().getLimits() != null) {
                container.getResources().getLimits().forEach((name, quantity) -> limits.put(name, text(quantity)));
            }
            utilization.put(container.getName(), limits);
        });
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                : deployment.getStatus().getReadyReplicas();
        String created = deployment.getMetadata().getCreationTimestamp();
        SystemState state = replicas > 0 && ready >= replicas
                ? SystemState.of(SystemPhase.READY, "ContainersReady", "all " + replicas + " replicas are ready")
                : SystemState.of(SystemPhase.STARTING, "ReplicasNotReady", ready + " of " + replicas
                        + " replicas are ready");
        return SystemStatus.builder(podLabels.get(Labels.ORIGINAL_APP_NAME), labels.get(Labels.GUID),
                        labels.get(Labels.USERNAME), state)
                .name(deployment.getMetadata().getName())
                .creationTime(created == null ? null : Instant.parse(created))
                .utilization(utilization)
                .workspaceName(podLabels.getOrDefault(Labels.APP_NAME, ""))
                .build();
    }

    private static String text(Quantity quantity) {
        return quantity.getAmount() + (quantity.getFormat() == null ? "" : quantity.getFormat());
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
