package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.backend.kubernetes.internal.LaunchSettings;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.compiler.template.TemplateEngine;

/**
 * The {@code kubernetes} backend provider (priority 100).
 *
 * <p>Configuration: a {@link KubernetesClient} supplied with {@code with(KubernetesClient.class, client)} is used as
 * it is (and not closed); otherwise one is created with fabric8's usual discovery (kubeconfig, in-cluster service
 * account). The namespace is the setting {@code NAMESPACE}, else the client's namespace (the kubeconfig context's,
 * or the in-cluster namespace file), else {@code default}. Template directories are searched before the defaults
 * shipped with this module; a {@link Clock} may be supplied for {@code now()} in templates.
 */
public final class KubernetesBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = "kubernetes";

    /** Where the default templates are on the class path. */
    public static final String TEMPLATES = "org/helxplatform/tycho/backend/kubernetes/templates/";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        SystemRenderer renderer = new SystemRenderer(engine(configuration));
        KubernetesClient supplied = configuration.get(KubernetesClient.class).orElse(null);
        KubernetesClient client;
        try {
            client = supplied != null ? supplied : new KubernetesClientBuilder().build();
        } catch (KubernetesClientException e) {
            throw new BackendConfigurationException("cannot configure a Kubernetes client (kubeconfig or in-cluster"
                    + " service account): " + e.getMessage(), e);
        }
        String namespace = configuration.setting("NAMESPACE")
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        LaunchSettings settings;
        try {
            settings = LaunchSettings.of(configuration);
        } catch (BackendConfigurationException e) {
            if (supplied == null) {
                client.close();
            }
            throw e;
        }
        // The supplied clock is for templates (now()); watching a cluster needs the real time.
        return new KubernetesBackend(client, supplied == null, namespace, renderer, settings, Clock.systemUTC());
    }

    /**
     * The template engine of a configuration: its template directories and {@code TYCHO_TEMPLATE_PATHS} first,
     * then this module's defaults.
     *
     * @param configuration the configuration
     * @return the engine
     */
    public static TemplateEngine engine(BackendConfiguration configuration) {
        return TemplateEngine.builder()
                .templateDirectories(TychoSettings.of(configuration.settings())
                        .templatePathsAfter(configuration.templateDirectories()))
                .classpathRoot(KubernetesBackendProvider.class.getClassLoader(), TEMPLATES)
                .clock(configuration.get(Clock.class).orElse(Clock.systemUTC()))
                .build();
    }
}
