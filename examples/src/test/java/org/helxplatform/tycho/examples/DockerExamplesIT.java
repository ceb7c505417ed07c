package org.helxplatform.tycho.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.docker.BusyboxImage;
import org.helxplatform.tycho.examples.cli.TychoCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick start ({@code --backend docker}) and the command line on a real Docker engine: the app answers at the
 * URL Tycho reports, and nothing is left after delete. The built-in registry's nginx image cannot be pulled here,
 * so where the engine lacks it, the busybox test image (whose httpd serves port 80) stands in under its name for
 * the run. Skipped, saying why, when no engine answers.
 */
class DockerExamplesIT {

    private static final String NGINX = "docker.io/library/nginx:1.27-alpine";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DockerClient client;
    private static String host;
    private static boolean tagged;

    @TempDir
    Path directory;

    @BeforeAll
    static void openEngine() {
        String fromEnvironment = System.getenv().getOrDefault("DOCKER_HOST", "");
        host = fromEnvironment.isBlank() ? "unix:///var/run/docker.sock" : fromEnvironment;
        client = DockerClientImpl.getInstance(new DefaultDockerClientConfig.Builder().withDockerHost(host).build(),
                new ZerodepDockerHttpClient.Builder().dockerHost(URI.create(host))
                        .connectionTimeout(Duration.ofSeconds(5)).build());
        try {
            client.pingCmd().exec();
        } catch (RuntimeException e) {
            String message = "Docker ITs of the examples skipped: no Docker engine answers at " + host + " ("
                    + e.getMessage() + "); start one (as root: dockerd &) or set DOCKER_HOST";
            System.out.println(message);
            Assumptions.abort(message);
        }
        BusyboxImage.ensure(client);
        try {
            client.inspectImageCmd(NGINX).exec();
        } catch (NotFoundException missing) {
            client.tagImageCmd(BusyboxImage.IMAGE, "docker.io/library/nginx", "1.27-alpine").exec();
            tagged = true;
        }
    }

    @AfterAll
    static void closeEngine() throws IOException {
        if (client != null) {
            if (tagged) {
                client.removeImageCmd(NGINX).exec();
            }
            client.close();
        }
    }

    @Test
    void theQuickStartRunsAnAppThatAnswersAtItsUrl() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        QuickStart.onDocker(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                ExampleSettings.from(Map.of("DOCKER_HOST", host))).run();

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output.lines().filter(line -> line.matches("\\[\\d/6] .*")).toList()).hasSize(6);
        assertThat(output)
                .startsWith("Tycho quick start: nginx for alice on the Docker engine at " + host)
                .containsPattern("started nginx-([0-9a-f]{32}) \\(sid \\1\\), published at"
                        + " http://127\\.0\\.0\\.1:\\d+/")
                .containsPattern("ready after \\d+ ms \\(ContainersReady: ")
                .containsPattern("GET http://127\\.0\\.0\\.1:\\d+/: HTTP 200, " + BusyboxImage.PAGE.length()
                        + " characters")
                .contains("\"app_id\" : \"nginx\"", "container nginx: cpu 1, memory 512M")
                .contains("labels {tier=gold} not applied: Docker cannot change the labels")
                .contains("status of alice's systems: none")
                .endsWith("Done: started, opened, modified and deleted nginx.\n");
        assertThat(tychoContainers("alice")).isEmpty();
    }

    @Test
    void theCommandLineStartsListsAndStopsAComposeFile() throws Exception {
        Path spec = directory.resolve("hello.yaml");
        Files.writeString(spec, """
                services:
                  hello:
                    image: %s
                    entrypoint: ["httpd", "-f", "-p", "8080", "-h", "/www"]
                    ports: ["8080"]
                    deploy:
                      resources:
                        limits: {cpus: "0.5", memory: 64M}
                        reservations: {cpus: "0.1", memory: 32M}
                """.formatted(BusyboxImage.IMAGE), StandardCharsets.UTF_8);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DOCKER_HOST", host);

        Result up = run(environment, "up", "-f", spec.toString(), "--user", "bob", "--backend", "docker");
        assertThat(up.code()).as(up.err()).isZero();
        JsonNode started = JSON.readTree(up.out()).path("result");
        String sid = started.path("sid").asText();
        JsonNode endpoint = started.path("containers").path("hello");
        String url = "http://" + endpoint.path("ip_address").asText() + ":" + endpoint.path("port-1").asInt() + "/";
        assertThat(get(url)).isEqualTo(BusyboxImage.PAGE);

        Result status = run(environment, "status", "--user", "bob", "--backend", "docker", "-o", "table");
        assertThat(status.out()).contains(sid, "hello", "bob");

        Result down = run(environment, "down", sid, "--backend", "docker");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(tychoContainers("bob")).isEmpty();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TychoCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment,
                kubeconfig -> {
                    throw new AssertionError("the docker backend needs no cluster");
                }).execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String get(String url) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " did not answer: " + last);
    }

    private static List<?> tychoContainers(String user) {
        return client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("executor", "tycho", "username", user)).exec();
    }
}
