package org.helxplatform.tycho.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.helxplatform.tycho.examples.ClusterConnection;
import org.helxplatform.tycho.server.ServerSettings;
import org.helxplatform.tycho.server.TychoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with {@code --server}: every command goes to a Tycho server (in this process, on the in-memory
 * backend) over Python Tycho's HTTP API, and prints what it prints without a server.
 */
class TychoCliServerTest {

    private static final String TOKEN = "cli-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TychoServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() {
        server = TychoServer.start(ServerSettings.fromEnvironment(Map.of(ServerSettings.PORT, "0",
                ServerSettings.BACKEND, "memory", ServerSettings.ADMIN_TOKEN, TOKEN)));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void upStatusModifyDownAndAppsThroughAServer() throws IOException {
        Path spec = Files.writeString(directory.resolve("docker-compose.yaml"), """
                services:
                  web:
                    image: nginx:1.27-alpine
                    ports: ["8080:80"]
                    deploy:
                      resources:
                        limits: {cpus: "0.5", memory: 256M}
                        reservations: {cpus: "0.25", memory: 128M}
                """);
        Run apps = run(TOKEN, "apps");
        assertThat(apps.code()).as(apps.err()).isZero();
        assertThat(apps.json().get("result").fieldNames()).toIterable()
                .containsExactly("jupyter-notebook", "filebrowser", "nginx");

        Run up = run(TOKEN, "up", "-f", spec.toString(), "--user", "alice");
        assertThat(up.code()).as(up.err()).isZero();
        String sid = up.json().at("/result/sid").asText();
        assertThat(sid).matches("[0-9a-f]{32}");
        assertThat(up.json().at("/result/containers/web").has("port-1")).isTrue();
        assertThat(up.err()).doesNotContain(ClusterConnection.EMBEDDED_NOTICE);

        Run status = run(TOKEN, "status", "--user", "alice", "-o", "table");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).contains(sid).contains("alice").contains("500m").contains("0.256G");

        Run modify = run(TOKEN, "modify", sid, "--cpus", "1", "--label", "tier=gold");
        assertThat(modify.code()).as(modify.err()).isZero();
        assertThat(modify.json().at("/result/patches").size()).isPositive();
        assertThat(run(TOKEN, "status", sid).json().at("/result/0/utilization/web/cpu").asText()).isEqualTo("1");

        Run down = run(TOKEN, "down", sid, "-o", "table");
        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains(sid);
        Run again = run(TOKEN, "down", sid);
        assertThat(again.code()).isEqualTo(TychoCli.FAILED);
        assertThat(again.err()).contains("nothing was deleted");
    }

    @Test
    void errorsOfTheServerAreTheCommandsErrors() {
        Run wrong = run("not-the-token", "apps");
        assertThat(wrong.code()).isEqualTo(TychoCli.FAILED);
        assertThat(wrong.err()).contains("refused the token of TYCHO_TOKEN").doesNotContain("not-the-token");

        Run none = run(null, "status");
        assertThat(none.code()).isEqualTo(TychoCli.FAILED);
        assertThat(none.err()).contains("set TYCHO_TOKEN");

        Run missing = run(TOKEN, "modify", "0123456789abcdef0123456789abcdef", "--cpus", "1");
        assertThat(missing.code()).isEqualTo(TychoCli.FAILED);
        assertThat(missing.err()).contains("answered: no system with identifier 0123456789abcdef0123456789abcdef");
    }

    private Run run(String token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> environment = token == null ? Map.of("DEV_PHASE", "test")
                : Map.of("DEV_PHASE", "test", "TYCHO_TOKEN", token);
        String[] all = new String[args.length + 2];
        all[0] = "--server";
        all[1] = server.url().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = new TychoCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, kubeconfig -> {
                    throw new AssertionError("a command with --server opened a cluster");
                }).execute(all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }
    }
}
