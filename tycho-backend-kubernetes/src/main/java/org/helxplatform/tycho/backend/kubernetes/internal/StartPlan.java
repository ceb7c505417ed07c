package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * The objects a start creates, in order: the Deployment, the Secret holding the user's tokens when they are kept
 * out of the Deployment ({@code TYCHO_APP_TOKENS_IN_SECRET}), the NetworkPolicy when one is required, and the
 * Services. The Secret's and the Services' owner references point at the Deployment by name; its uid is filled in
 * when it has been created.
 *
 * @param system        the system as it will run: claims that do not exist left out, the env secret added
 * @param deployment    the Deployment wrapping the rendered pod
 * @param tokenSecret   the Secret holding the tokens, or {@code null}
 * @param networkPolicy the NetworkPolicy, or {@code null}
 * @param services      one Service per registry service that names a container, in container order
 * @param warnings      what the start does differently from what the app asked for (claims left out), each
 *                      naming the app
 */
public record StartPlan(TychoSystem system, Deployment deployment, Secret tokenSecret, NetworkPolicy networkPolicy,
                        List<ServicePlan> services, List<String> warnings) {

    // Copies.
    public StartPlan {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(deployment, "deployment");
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    /** @return every object, in creation order */
    public List<HasMetadata> objects() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(deployment);
        if (tokenSecret != null) {
            objects.add(tokenSecret);
        }
        if (networkPolicy != null) {
            objects.add(networkPolicy);
        }
        services.forEach(service -> objects.add(service.service()));
        return objects;
    }

    /**
     * A Service of the plan.
     *
     * @param container the container it serves
     * @param service   the Service
     */
    public record ServicePlan(String container, Service service) {
    }

    /** @return the kinds and names of the objects; never their content, which holds tokens and env values */
    @Override
    public String toString() {
        return "StartPlan" + objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
