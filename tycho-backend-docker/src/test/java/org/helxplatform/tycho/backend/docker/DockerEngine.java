package org.helxplatform.tycho.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.docker.internal.DockerSettings;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine the integration tests run against: the one of {@code DOCKER_HOST}, else the local socket. A
 * test class opens it in {@code @BeforeAll}; when no engine answers, its tests are skipped, saying why.
 */
final class DockerEngine implements AutoCloseable {

    private final URI host;
    private final DockerClient client;

    private DockerEngine(URI host, DockerClient client) {
        this.host = host;
        this.client = client;
    }

    /**
     * Connects to the engine and makes sure it has the test image; skips the calling tests when there is no
     * engine or no busybox to build the image from.
     *
     * @return the engine
     */
    static DockerEngine open() {
        String host = System.getenv().getOrDefault(DockerSettings.DOCKER_HOST, "");
        URI uri = URI.create(host.isBlank() ? DockerSettings.DEFAULT_DOCKER_HOST : host);
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(uri.toString()).withDockerTlsVerify(false).build();
        DockerClient client = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(uri).connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofMinutes(2))
                .build());
        DockerEngine engine = new DockerEngine(uri, client);
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            engine.close();
            String message = "Docker ITs skipped: no Docker engine answers at " + uri + " (" + e.getMessage()
                    + "); start one (as root: dockerd &) or set DOCKER_HOST";
            System.out.println(message);
            Assumptions.abort(message);
        }
        try {
            BusyboxImage.ensure(client);
        } catch (RuntimeException | Error e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** @return the client */
    DockerClient client() {
        return client;
    }

    /** @return where the engine is */
    URI host() {
        return host;
    }

    /**
     * A {@code docker} backend on this engine, with its own client.
     *
     * @param volumeRoot where claims go
     * @param settings   more settings
     * @return the backend
     */
    Backend backend(Path volumeRoot, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(DockerSettings.DOCKER_HOST, host.toString());
        all.put(DockerSettings.VOLUME_ROOT, volumeRoot.toString());
        all.putAll(settings);
        return Backends.create("docker", BackendConfiguration.of(all));
    }

    /**
     * Counts what the engine still holds of a system: containers (running or not) and networks.
     *
     * @param identifier the system identifier
     * @return how many
     */
    long leftovers(String identifier) {
        String label = "tycho-guid=" + identifier;
        return client.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec().size()
                + client.listNetworksCmd().withFilter("label", List.of(label)).exec().size();
    }

    /**
     * Waits until status says a system is ready.
     *
     * @param backend    the backend
     * @param identifier the system
     * @param timeout    how long to wait
     * @return the last status
     * @throws InterruptedException when interrupted
     */
    static SystemStatus awaitReady(Backend backend, String identifier, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SystemStatus last = null;
        while (System.nanoTime() < deadline) {
            List<SystemStatus> status = backend.status(StatusQuery.identifier(identifier));
            last = status.isEmpty() ? null : status.get(0);
            if (last != null && last.ready()) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("system " + identifier + " not ready after " + timeout + ": " + last);
    }

    /**
     * Fetches a page, retrying while the app comes up.
     *
     * @param endpoint where the service is published
     * @param path     the path
     * @param timeout  how long to keep trying
     * @return the body of the first 200 answer
     * @throws InterruptedException when interrupted
     */
    static String get(ServiceEndpoint endpoint, String path, Duration timeout) throws InterruptedException {
        URI uri = URI.create("http://" + endpoint.ipAddress() + ":" + endpoint.externalPort() + path);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(uri + " did not answer within " + timeout + ": " + last);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot close the Docker client: " + e, e);
        }
    }
}
