package org.helxplatform.tycho.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.docker.internal.DockerBackend;
import org.helxplatform.tycho.backend.docker.internal.DockerSettings;

/**
 * The {@code docker} backend provider (priority 50, below {@code kubernetes}): runs systems on one Docker engine as
 * docker-compose would, one network per system, services published on the host.
 *
 * <p>Settings, by name (see the module README):
 * <ul>
 *   <li>{@code DOCKER_HOST}: the engine, {@code unix:///var/run/docker.sock} by default, or {@code tcp://host:port};
 *       with {@code DOCKER_TLS_VERIFY=1} and {@code DOCKER_CERT_PATH} for TLS, as for the {@code docker}
 *       command;</li>
 *   <li>{@code TYCHO_DOCKER_BIND_ADDRESS}: the host address services are published on, {@code 127.0.0.1} by
 *       default;</li>
 *   <li>{@code TYCHO_DOCKER_HOST_PORTS}: a range of host ports such as {@code 30000-30999}; by default the engine
 *       chooses free ephemeral ports;</li>
 *   <li>{@code TYCHO_DOCKER_VOLUME_ROOT}: where claims are directories, {@code ~/.tycho/volumes} by default;</li>
 *   <li>{@code TYCHO_DOCKER_PULL_TIMEOUT}: seconds one image pull may take, 600 by default;</li>
 *   <li>{@code TYCHO_DOCKER_CRASH_RESTARTS}: restarts after which a container that is not ready makes its system
 *       {@code FAILED} ({@code CrashLoopBackOff}), 3 by default.</li>
 * </ul>
 * A {@link DockerClient} supplied with {@code with(DockerClient.class, client)} is used as it is (and not closed);
 * otherwise one is made for {@code DOCKER_HOST} with docker-java's dependency-free transport. A {@link Clock} may
 * be supplied for the time of Tycho's own launch events. Nothing is read from the environment behind the
 * configuration's back. Creating the backend does not contact the engine; the first operation does, and says so
 * clearly when no engine answers.
 */
public final class DockerBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = DockerBackend.NAME;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_CONNECTIONS = 50;

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public DockerBackendProvider() {
        // nothing to set up
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 50: chosen over development backends, but not over {@code kubernetes} when both are present */
    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        DockerSettings settings = DockerSettings.from(configuration, Path.of(System.getProperty("user.home")));
        DockerClient supplied = configuration.get(DockerClient.class).orElse(null);
        return new DockerBackend(supplied != null ? supplied : client(settings), supplied == null, settings,
                configuration.get(Clock.class).orElse(Clock.systemUTC()));
    }

    private static DockerClient client(DockerSettings settings) {
        try {
            DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                    .withDockerHost(settings.dockerHost().toString())
                    .withDockerTlsVerify(settings.tlsVerify())
                    .withDockerCertPath(settings.certPath())
                    .build();
            ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                    .dockerHost(config.getDockerHost())
                    .sslConfig(config.getSSLConfig())
                    .maxConnections(MAX_CONNECTIONS)
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .responseTimeout(RESPONSE_TIMEOUT)
                    .build();
            return DockerClientImpl.getInstance(config, http);
        } catch (RuntimeException e) {
            throw new BackendConfigurationException("cannot configure a Docker client for " + DockerSettings.DOCKER_HOST
                    + "=" + settings.dockerHost() + ": " + e.getMessage(), e);
        }
    }
}
