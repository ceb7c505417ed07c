package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.model.Probe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Probes as Docker health checks; the shell scripts run here, with this machine's /bin/sh and /proc. */
class HealthChecksTest {

    @Test
    void timingsFollowTheProbeElseKubernetesDefaults() {
        SystemPlan.Health defaults = HealthChecks.of(Probe.exec(List.of("true")), "c");
        SystemPlan.Health timed = HealthChecks.of(Probe.exec(List.of("true")).withTimings(30, 60, 7), "c");

        assertThat(defaults).isEqualTo(new SystemPlan.Health(List.of("CMD", "true"), 10, 10, 3, 10, 1));
        assertThat(timed).isEqualTo(new SystemPlan.Health(List.of("CMD", "true"), 60, 10, 7, 90, 1));
    }

    @Test
    void theTcpCheckSucceedsWhileSomethingListensOnThePort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
            assertThat(run(HealthChecks.of(Probe.tcpSocket(String.valueOf(port)), "c"))).isZero();
        }
        assertThat(run(HealthChecks.of(Probe.tcpSocket(String.valueOf(port)), "c"))).isEqualTo(1);
    }

    @Test
    void theHttpCheckFetchesThePathWithItsHeaders() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            boolean ok = exchange.getRequestURI().getPath().equals("/health")
                    && "it's \"fine\"".equals(exchange.getRequestHeaders().getFirst("X-Check"));
            exchange.sendResponseHeaders(ok ? 200 : 404, -1);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Check", "it's \"fine\"");
            assertThat(run(HealthChecks.of(Probe.httpGet("/health", String.valueOf(port), headers), "c"))).isZero();
            assertThat(run(HealthChecks.of(Probe.httpGet("/missing", String.valueOf(port), headers), "c")))
                    .isNotZero();
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "it's", "'; touch /tmp/tycho-pwned; '", "$(id) `id` \"$HOME\"", "a\nb", ""})
    void quotedValuesReachTheCommandAsTheyAre(String value) throws Exception {
        Path out = Files.createTempFile("quoted", ".txt");
        try {
            int code = shell("printf %s " + HealthChecks.quote(value) + " > " + HealthChecks.quote(out.toString()));
            assertThat(code).isZero();
            assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(value);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aNamedPortIsRefused() {
        assertThatThrownBy(() -> HealthChecks.of(Probe.tcpSocket("http"), "container web: readinessProbe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("container web: readinessProbe: port 'http' is a name, and containers on Docker have no"
                        + " named ports; give the port number");
    }

    private static int run(SystemPlan.Health health) throws Exception {
        assertThat(health.test().get(0)).isEqualTo("CMD-SHELL");
        return shell(health.test().get(1));
    }

    private static int shell(String script) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")) && Files.isReadable(Path.of("/proc/net/tcp")),
                "needs /bin/sh and /proc/net/tcp (Linux)");
        Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
