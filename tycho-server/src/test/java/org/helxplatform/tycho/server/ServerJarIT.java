package org.helxplatform.tycho.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's two commands against the built jar: {@code java -jar tycho-server/target/tycho-server-<version>.jar}
 * with nothing configured (the built-in registry and the embedded Kubernetes API server), then the {@code curl}
 * command it prints. Only the port differs from the README (any free port, so that builds running side by side do
 * not collide). The server is then stopped with SIGTERM and must stop gracefully.
 */
class ServerJarIT {

    private static final Pattern TRY = Pattern.compile("Try: curl -H \"Authorization: Bearer ([0-9a-f]{64})\" (\\S+)");

    @Test
    void theReadmeCommandsWork() throws Exception {
        Path jar = Path.of(System.getProperty("tycho.server.jar", "target/missing.jar"));
        assertThat(jar).as("the jar built by mvn package").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("TYCHO_") || name.equals("KUBECONFIG")
                || name.equals("KUBERNETES_SERVICE_HOST"));
        builder.environment().put(ServerSettings.PORT, "0");
        Path errors = Files.createTempFile("tycho-server", ".log");
        builder.redirectError(errors.toFile());
        Process server = builder.start();
        BlockingQueue<String> out = lines(server);
        List<String> printed = new ArrayList<>();
        try {
            Matcher curl = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (curl == null && System.nanoTime() < deadline) {
                String line = out.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    printed.add(line);
                    Matcher matcher = TRY.matcher(line);
                    curl = matcher.find() ? matcher : null;
                }
                assertThat(server.isAlive()).as("the server runs; it printed: %s", printed).isTrue();
            }
            assertThat(curl).as("the server prints a curl command; it printed: %s", printed).isNotNull();
            assertThat(printed.get(0)).startsWith("Tycho server listening on http://127.0.0.1:")
                    .contains("embedded Kubernetes API server");
            String token = curl.group(1);
            URI apps = URI.create(curl.group(2));

            JsonNode answer = new ObjectMapper().readTree(fetch(token, apps));
            List<String> ids = new ArrayList<>();
            answer.path("apps").forEach(app -> ids.add(app.path("id").asText()));
            assertThat(ids).containsExactly("jupyter-notebook", "filebrowser", "nginx");

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> started = client.send(HttpRequest.newBuilder(apps.resolve("/v1/systems"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"app\": \"nginx\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            HttpResponse<String> listed = client.send(HttpRequest.newBuilder(apps.resolve("/v1/systems"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.body()).contains(new ObjectMapper().readTree(started.body()).path("identifier")
                    .asText());
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(apps.resolve("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        } finally {
            server.destroy(); // SIGTERM: the shutdown hook stops the server gracefully
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
        }
        String log = Files.readString(errors, StandardCharsets.UTF_8);
        Files.delete(errors);
        assertThat(log).contains("Tycho server stopped");
        assertThat(log).doesNotContain(printed.get(1).replaceAll(".*: ", ""));
        System.out.println("server jar: the README's commands answered as documented");
    }

    /** The README's curl command when curl is installed, else the same request from Java. */
    private static String fetch(String token, URI url) throws IOException, InterruptedException {
        if (onPath("curl")) {
            Process curl = new ProcessBuilder("curl", "-s", "-f", "-H", "Authorization: Bearer " + token,
                    url.toString()).redirectErrorStream(true).start();
            String body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor()).as("curl exits 0: %s", body).isZero();
            return body;
        }
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
