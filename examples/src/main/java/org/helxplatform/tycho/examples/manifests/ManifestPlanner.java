package org.helxplatform.tycho.examples.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.KubernetesBackendProvider;
import org.helxplatform.tycho.backend.kubernetes.internal.ClusterFacts;
import org.helxplatform.tycho.backend.kubernetes.internal.StartPlanner;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/**
 * The Kubernetes objects of a system, computed without a cluster: the Kubernetes backend's own {@link StartPlanner}
 * and templates (a deployer's template directories first), with every claim assumed to exist.
 *
 * <p>The objects are what {@code kubectl apply} accepts: the owner references of the Services, which need the uid
 * the API server gives the Deployment when it creates it, are left out (the objects of a system all carry the label
 * {@code tycho-guid=<identifier>}, which is how Tycho deletes them). Thread-safe.
 */
public final class ManifestPlanner {

    private final SystemRenderer renderer;
    private final StartPlanner planner;

    /**
     * Creates a planner.
     *
     * @param renderer renders systems through the templates
     */
    public ManifestPlanner(SystemRenderer renderer) {
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.planner = new StartPlanner(renderer, new KubernetesSerialization());
    }

    /**
     * A planner with the templates of a backend configuration, as the Kubernetes backend would use them.
     *
     * @param configuration template directories and settings ({@code TYCHO_TEMPLATE_PATHS})
     * @return the planner
     */
    public static ManifestPlanner of(BackendConfiguration configuration) {
        return new ManifestPlanner(new SystemRenderer(KubernetesBackendProvider.engine(configuration)));
    }

    /** @return the renderer of the templates, e.g. to render the patch of a modify request */
    public SystemRenderer renderer() {
        return renderer;
    }

    /**
     * Plans the objects of a system.
     *
     * @param system the compiled system
     * @return the Deployment, the NetworkPolicy if one is required, and the Services, in creation order
     * @throws org.helxplatform.tycho.backend.StartException when the system cannot run as planned
     */
    public List<HasMetadata> objects(TychoSystem system) {
        Set<String> claims = new LinkedHashSet<>();
        system.volumes().stream().map(Volume::claimName).forEach(claims::add);
        List<HasMetadata> objects = planner.plan(system, ClusterFacts.assumingClaimsExist(claims)).objects();
        for (HasMetadata object : objects) {
            List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
            if (owners != null) {
                owners.removeIf(owner -> owner.getUid() == null || owner.getUid().isBlank());
            }
        }
        return objects;
    }
}
