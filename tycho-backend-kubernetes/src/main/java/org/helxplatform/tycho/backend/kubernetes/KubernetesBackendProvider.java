package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.backend.kubernetes.internal.LaunchSettings;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.model.InvalidValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} backend provider (priority 100).
 *
 * <p>Configuration: a {@link KubernetesClient} supplied with {@code with(KubernetesClient.class, client)} is used as
 * it is (and not closed); otherwise one is created with fabric8's usual discovery (kubeconfig, in-cluster service
 * account). The namespace is the setting {@code NAMESPACE}, else the client's namespace (the kubeconfig context's,
 * or the in-cluster namespace file), else {@code default}. Template directories are searched before the defaults
 * shipped with this module; a {@link Clock} may be supplied for {@code now()} in templates.
 *
 * <p>A client this provider creates honours three settings, so that no call hangs on an unreachable or stalled API
 * server: {@value #CONNECT_TIMEOUT} and {@value #REQUEST_TIMEOUT} (seconds, e.g. {@code 10} or {@code 2.5}; fabric8's
 * defaults, 10 seconds each, when unset) and {@value #REQUEST_RETRIES} (how often a request that failed with a
 * connection error, 429 or a 5xx status is retried, with exponential back-off; fabric8's default 10 when unset). A
 * supplied client keeps its own configuration.
 */
public final class KubernetesBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = "kubernetes";

    /** Setting: seconds to wait for a connection to the API server. */
    public static final String CONNECT_TIMEOUT = "TYCHO_KUBERNETES_CONNECT_TIMEOUT";
    /** Setting: seconds to wait for the answer to one API request. */
    public static final String REQUEST_TIMEOUT = "TYCHO_KUBERNETES_REQUEST_TIMEOUT";
    /** Setting: how often a failed API request is retried. */
    public static final String REQUEST_RETRIES = "TYCHO_KUBERNETES_REQUEST_RETRIES";

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackendProvider.class);

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
        if (supplied != null && (millis(configuration, CONNECT_TIMEOUT).isPresent()
                || millis(configuration, REQUEST_TIMEOUT).isPresent() || retries(configuration).isPresent())) {
            LOG.info("{}, {} and {} apply to a client Tycho creates; the supplied client keeps its own configuration",
                    CONNECT_TIMEOUT, REQUEST_TIMEOUT, REQUEST_RETRIES);
        }
        KubernetesClient client;
        try {
            client = supplied != null ? supplied
                    : new KubernetesClientBuilder().withConfig(clientConfig(configuration, Config.autoConfigure(null)))
                    .build();
        } catch (KubernetesClientException e) {
            throw new BackendConfigurationException("cannot configure a Kubernetes client (kubeconfig or in-cluster"
                    + " service account): " + e.getMessage(), e);
        }
        String namespace = configuration.setting("NAMESPACE")
                .orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        LaunchSettings settings;
        try {
            settings = LaunchSettings.of(configuration);
        } catch (InvalidValueException e) {
            if (supplied == null) {
                client.close();
            }
            throw e;
        }
        // The supplied clock is for templates (now()); watching a cluster needs the real time.
        return new KubernetesBackend(client, supplied == null, namespace, renderer, settings, Clock.systemUTC());
    }

    /**
     * A client configuration with the timeouts and retries of the settings.
     *
     * @param configuration the backend configuration holding the settings
     * @param base          the configuration to start from (fabric8's discovery, or a test server's)
     * @return the configuration
     * @throws InvalidValueException naming the setting when a value is invalid
     */
    static Config clientConfig(BackendConfiguration configuration, Config base) {
        ConfigBuilder config = new ConfigBuilder(base);
        millis(configuration, CONNECT_TIMEOUT).ifPresent(config::withConnectionTimeout);
        millis(configuration, REQUEST_TIMEOUT).ifPresent(config::withRequestTimeout);
        retries(configuration).ifPresent(config::withRequestRetryBackoffLimit);
        return config.build();
    }

    /** A duration setting in seconds (decimals allowed), as milliseconds. */
    private static Optional<Integer> millis(BackendConfiguration configuration, String name) {
        Optional<String> value = configuration.setting(name).map(String::trim).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!value.get().matches("\\d{1,4}(\\.\\d{1,3})?") || new BigDecimal(value.get()).signum() == 0) {
            throw new InvalidValueException(name, value.get(), "must be a number of"
                    + " seconds above 0 and below 10000, such as 10 or 2.5");
        }
        return Optional.of(new BigDecimal(value.get()).movePointRight(3).intValueExact());
    }

    private static Optional<Integer> retries(BackendConfiguration configuration) {
        Optional<String> value = configuration.setting(REQUEST_RETRIES).map(String::trim)
                .filter(text -> !text.isEmpty());
        if (value.isPresent() && !value.get().matches("\\d{1,2}")) {
            throw new InvalidValueException(REQUEST_RETRIES, value.get(), "must be a"
                    + " whole number of retries from 0 to 99, such as 3");
        }
        return value.map(Integer::valueOf);
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
