package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
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
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a start: from a system and a few cluster facts, the exact objects to create (the Deployment, its env Secret, its Services and NetworkPolicy). Pure: it
 * talks to no cluster, so what a start would create can be computed and tested anywhere. Thread-safe.
 *
 * <p>The system's opt-in security measures ({@link DeploymentOptions.Security}) shape the plan: with
 * {@code TYCHO_APP_REQUIRE_CLAIMS} a claim that does not exist fails the plan (otherwise it is left out with a
 * warning); with {@code TYCHO_APP_TOKENS_IN_SECRET} the tokens go into a Secret ({@link TokenSecret}); with
 * {@code TYCHO_APP_HARDENED} the pod is hardened ({@link PodHardening}).
 */
public final class StartPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartPlanner.class);

    /** The claim Python Tycho always mounts, whether it exists or not. */
    public static final String ALWAYS_MOUNTED_CLAIM = "stdnfs";

    private final SystemRenderer renderer;
    private final KubernetesSerialization serialization;
    private final Manifests manifests;

    /**
     * Creates a planner.
     *
     * @param renderer      renders the system through the templates
     * @param serialization converts rendered documents into fabric8 objects
     */
    public StartPlanner(SystemRenderer renderer, KubernetesSerialization serialization) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.serialization = Objects.requireNonNull(serialization, "serialization");
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
        DeploymentOptions.Security security = system.options().security();
        List<String> warnings = new ArrayList<>();
        TychoSystem running = withEnvSecret(withExistingClaims(system, facts, security.requireClaims(), warnings),
                facts.envSecret());
        requireDistinctMountPaths(running);
        TokenSecret tokens = security.tokensInSecret() ? TokenSecret.of(running) : null;
        TychoSystem rendered = tokens == null ? running : tokens.systemToRender();
        SystemRenderer.StartRendering rendering = renderer.start(rendered, facts.ambassador());
        Deployment deployment = deployment(rendered, rendering);
        Secret secret = null;
        if (tokens != null) {
            tokens.moveTokensOutOf(deployment, serialization);
            secret = tokens.secret();
        }
        if (security.hardened()) {
            PodHardening.apply(deployment.getSpec().getTemplate().getSpec(), running);
        }
        NetworkPolicy policy = null;
        if (running.requiresNetworkPolicy()) {
            policy = manifests.convert(single(rendering.networkPolicy(), SystemRenderer.NETWORK_POLICY,
                    "NetworkPolicy", running), NetworkPolicy.class, SystemRenderer.NETWORK_POLICY, running);
            if (tokens != null) {
                tokens.requireNoToken(policy, "the NetworkPolicy (template " + SystemRenderer.NETWORK_POLICY + ")",
                        serialization);
            }
        }
        List<StartPlan.ServicePlan> services = new ArrayList<>();
        for (Container container : running.containers()) {
            SystemService service = running.services().get(container.name());
            if (service != null) {
                Map<String, Object> document = single(rendering.service(service, running.name(), ""),
                        SystemRenderer.SERVICE, "Service", running);
                Service converted = manifests.convert(document, Service.class, SystemRenderer.SERVICE, running);
                if (tokens != null) {
                    tokens.requireNoToken(converted, "the Service of " + service.name() + " (template "
                            + SystemRenderer.SERVICE + ")", serialization);
                }
                services.add(new StartPlan.ServicePlan(container.name(), converted));
            }
        }
        warnings.forEach(LOG::warn);
        return new StartPlan(running, deployment, secret, policy, services, warnings);
    }

    /**
     * Claims that do not exist are left out of the pod, except {@value #ALWAYS_MOUNTED_CLAIM} (§5), each with a
     * warning naming the claim and the app; or, when claims are required, the first one fails the start.
     */
    private static TychoSystem withExistingClaims(TychoSystem system, ClusterFacts facts, boolean required,
                                                  List<String> warnings) {
        List<Volume> volumes = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (Volume volume : system.volumes()) {
            String claim = volume.claimName();
            if (claim.equals(ALWAYS_MOUNTED_CLAIM) || facts.existingClaims().contains(claim)) {
                volumes.add(volume);
                continue;
            }
            if (required) {
                throw new StartException(system.identifier(), "app " + system.appId() + ": claim " + claim
                        + " (mounted at " + volume.mountPath() + " in container " + volume.containerName()
                        + ") does not exist; create the PersistentVolumeClaim " + claim + ", or set "
                        + TychoSettings.REQUIRE_CLAIMS + "=false to start without it");
            }
            if (reported.add(claim)) {
                warnings.add("app " + system.appId() + ": claim " + claim + " does not exist, so its volume (mounted"
                        + " at " + volume.mountPath() + " in container " + volume.containerName() + ") was left out"
                        + " and what the app writes there is not kept; create the PersistentVolumeClaim " + claim
                        + ", or set " + TychoSettings.REQUIRE_CLAIMS + "=true to refuse such starts");
            }
        }
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
