package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/**
 * Plans a start: from a system and a few cluster facts, the exact objects to create (BEHAVIOUR.md §5). Pure: it
 * talks to no cluster, so what a start would create can be computed and tested anywhere. Thread-safe.
 */
public final class StartPlanner {

    /** The claim Python Tycho always mounts, whether it exists or not. */
    public static final String ALWAYS_MOUNTED_CLAIM = "stdnfs";

    private final SystemRenderer renderer;
    private final Manifests manifests;

    /**
     * Creates a planner.
     *
     * @param renderer      renders the system through the templates
     * @param serialization converts rendered documents into fabric8 objects
     */
    public StartPlanner(SystemRenderer renderer, KubernetesSerialization serialization) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.manifests = new Manifests(serialization);
    }

    /**
     * Plans the start of a system.
     *
     * @param system the compiled system
     * @param facts  what the cluster holds
     * @return the objects to create, in order
     * @throws StartException naming the app and the cause when the system cannot run as planned, e.g. two volumes
     *                        mounted at one path (D11) or a template producing an invalid object
     */
    public StartPlan plan(TychoSystem system, ClusterFacts facts) {
        TychoSystem running = withEnvSecret(withExistingClaims(system, facts), facts.envSecret());
        requireDistinctMountPaths(running);
        SystemRenderer.StartRendering rendering = renderer.start(running, facts.ambassador());
        Deployment deployment = deployment(running, rendering);
        NetworkPolicy policy = null;
        if (running.requiresNetworkPolicy()) {
            policy = manifests.convert(single(rendering.networkPolicy(), SystemRenderer.NETWORK_POLICY,
                    "NetworkPolicy", running), NetworkPolicy.class, SystemRenderer.NETWORK_POLICY, running);
        }
        List<StartPlan.ServicePlan> services = new ArrayList<>();
        for (Container container : running.containers()) {
            SystemService service = running.services().get(container.name());
            if (service != null) {
                Map<String, Object> rendered = single(rendering.service(service, running.name(), ""),
                        SystemRenderer.SERVICE, "Service", running);
                services.add(new StartPlan.ServicePlan(container.name(),
                        manifests.convert(rendered, Service.class, SystemRenderer.SERVICE, running)));
            }
        }
        return new StartPlan(running, deployment, policy, services);
    }

    /** Claims that do not exist are left out of the pod, except {@value #ALWAYS_MOUNTED_CLAIM} (§5). */
    private static TychoSystem withExistingClaims(TychoSystem system, ClusterFacts facts) {
        List<Volume> volumes = system.volumes().stream()
                .filter(v -> v.claimName().equals(ALWAYS_MOUNTED_CLAIM) || facts.existingClaims().contains(v.claimName()))
                .toList();
        return volumes.size() == system.volumes().size() ? system : system.withVolumes(volumes);
    }

    /** Every key of the Secret {@code <app>-env} is appended to every container's env, rendered with that env. */
    private TychoSystem withEnvSecret(TychoSystem system, Map<String, String> secret) {
        if (secret.isEmpty()) {
            return system;
        }
        List<Container> containers = new ArrayList<>();
        for (Container container : system.containers()) {
            List<EnvVar> added = new ArrayList<>();
            Map<String, Object> env = new LinkedHashMap<>();
            container.env().forEach(variable -> env.put(variable.name(), variable.value()));
            for (Map.Entry<String, String> entry : secret.entrySet()) {
                String value = renderer.engine().renderString(entry.getValue(),
                        "Secret " + system.appId() + "-env, key " + entry.getKey(), env);
                added.add(new EnvVar(entry.getKey(), value));
                env.put(entry.getKey(), value);
            }
            containers.add(container.withEnvAppended(added));
        }
        return system.withContainers(containers);
    }

    /** D11: the API server rejects a pod that mounts two volumes at one path; say so before creating anything. */
    private static void requireDistinctMountPaths(TychoSystem system) {
        for (Container container : system.containers()) {
            Set<String> paths = new HashSet<>();
            for (Volume volume : system.volumes()) {
                if (volume.containerName().equals(container.name()) && !paths.add(volume.mountPath())) {
                    throw new StartException(system.identifier(), "app " + system.appId() + ": container "
                            + container.name() + " mounts two volumes at " + volume.mountPath() + "; give each volume"
                            + " of the spec its own mount path");
                }
            }
        }
    }

    private Deployment deployment(TychoSystem system, SystemRenderer.StartRendering rendering) {
        Map<String, Object> pod = single(rendering.pod(), SystemRenderer.POD, "Pod", system);
        ObjectMeta metadata = manifests.convert(pod.getOrDefault("metadata", Map.of()), ObjectMeta.class,
                SystemRenderer.POD, system);
        PodSpec spec = manifests.convert(pod.getOrDefault("spec", Map.of()), PodSpec.class, SystemRenderer.POD, system);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.GUID, system.identifier());
        labels.put(Labels.EXECUTOR, Labels.TYCHO);
        labels.put(Labels.USERNAME, system.username());
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.GUID, system.identifier());
        selector.put(Labels.USERNAME, system.username());
        // Built from its parts: a DeploymentBuilder would deep-copy the converted pod spec.
        ObjectMeta deploymentMetadata = new ObjectMeta();
        deploymentMetadata.setName(system.name());
        deploymentMetadata.setLabels(labels);
        DeploymentSpec deploymentSpec = new DeploymentSpec();
        deploymentSpec.setReplicas(1);
        deploymentSpec.setSelector(new LabelSelector(null, selector));
        deploymentSpec.setTemplate(new PodTemplateSpec(metadata, spec));
        Deployment deployment = new Deployment();
        deployment.setMetadata(deploymentMetadata);
        deployment.setSpec(deploymentSpec);
        return deployment;
    }

    private static Map<String, Object> single(List<Map<String, Object>> documents, String template, String kind,
                                              TychoSystem system) {
        if (documents.size() != 1) {
            throw new StartException(system.identifier(), "app " + system.appId() + ": template " + template
                    + " must render exactly one " + kind + ", rendered " + documents.size() + " documents");
        }
        Map<String, Object> document = documents.get(0);
        Object renderedKind = document.get("kind");
        if (renderedKind != null && !kind.equals(renderedKind)) {
            throw new StartException(system.identifier(), "app " + system.appId() + ": template " + template
                    + " must render a " + kind + ", rendered a " + renderedKind);
        }
        return document;
    }
}
