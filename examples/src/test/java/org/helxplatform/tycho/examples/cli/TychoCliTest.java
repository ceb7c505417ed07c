package org.helxplatform.tycho.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.examples.ClusterConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line, run in-process: every command of a test talks to one embedded API server. */
class TychoCliTest {

    private static final Map<String, String> ENVIRONMENT = Map.of("DEV_PHASE", "test");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MockKubernetes kubernetes;

    @TempDir
    Path directory;

    private Path spec;

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @BeforeEach
    void writeSpec() throws IOException {
        spec = write("docker-compose.yaml", """
                services:
                  web:
                    image: nginx:1.27-alpine
                    ports: ["8080:80"]
                    environment: [GREETING=hello]
                    deploy:
                      resources:
                        limits: {cpus: "0.5", memory: 256M}
                        reservations: {cpus: "0.25", memory: 128M}
                  cache:
                    image: redis:7
                    expose: [6379]
                """);
    }

    @Test
    void appsListsTheBuiltInRegistry() throws IOException {
        Run run = run("apps");

        assertThat(run.code()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("status").asText()).isEqualTo("success");
        assertThat(json.get("result").fieldNames()).toIterable()
                .containsExactly("jupyter-notebook", "filebrowser", "nginx");
        assertThat(json.at("/result/nginx/services/nginx").asText()).isEqualTo("80");
        assertThat(json.at("/result/nginx/count").asInt()).isEqualTo(-1);
    }

    @Test
    void appsOfARegistryDirectoryAsATable() throws IOException {
        Path registry = Files.createDirectories(directory.resolve("registry"));
        Files.writeString(registry.resolve("app-defaults.yaml"), "{}\n");
        Files.writeString(registry.resolve("app-registry.yaml"), """
                repositories: {local: {url: specs}}
                contexts:
                  lab:
                    apps:
                      whoami: {name: Who am I, description: Echoes requests., services: {whoami: 8000}, count: 2}
                """);

        Run run = run("apps", "--registry", registry.toString(), "--product", "lab", "-o", "table");

        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).containsExactly(
                "APP     NAME      SERVICES     INSTANCES  DESCRIPTION",
                "whoami  Who am I  whoami:8000  2          Echoes requests.");
    }

    @Test
    void appsCheckPrintsEveryProblemAndFails() throws IOException {
        Path registry = Files.createDirectories(directory.resolve("checked"));
        Files.writeString(registry.resolve("app-defaults.yaml"), "{}\n");
        Files.writeString(registry.resolve("app-registry.yaml"), """
                repositories: {local: {url: specs}}
                contexts:
                  lab:
                    apps:
                      web: {services: {web: 80}}
                      webby: {services: {webby: http}}
                      gone: {services: {gone: 80}}
                """);
        for (String app : List.of("web", "webby")) {
            Path dir = Files.createDirectories(registry.resolve("specs/" + app));
            Files.writeString(dir.resolve("docker-compose.yaml"), """
                    services:
                      %s:
                        image: nginx:1.27
                        ports: ["80"]
                        deploy:
                          resources:
                            limits: {cpus: "0.5", memory: 256M}
                            reservations: {cpus: "0.25", memory: 128M}
                    """.formatted(app));
        }

        Run run = run("apps", "--check", "--registry", registry.toString(), "--product", "lab", "-o", "table");

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.out().lines()).hasSize(4).element(0).asString().startsWith("APP ").contains(" CHECK ");
        assertThat(run.out().lines().skip(1)).satisfiesExactly(
                web -> assertThat(web).startsWith("web ").endsWith(" ok"),
                webby -> assertThat(webby).startsWith("webby ").endsWith(" cannot start"),
                gone -> assertThat(gone).startsWith("gone ").endsWith(" cannot start"));
        // every problem, one line each, on the error stream
        assertThat(run.err().lines()).hasSize(2).satisfiesExactly(
                webby -> assertThat(webby).startsWith("tycho: warning: ").contains("webby", "'http'",
                        "must be a port number"),
                gone -> assertThat(gone).startsWith("tycho: warning: ").contains("specs/gone/docker-compose.yaml"));
        // without --check, listing does not fetch specs and succeeds
        assertThat(run("apps", "--registry", registry.toString(), "--product", "lab").code()).isZero();
        Run fine = run("apps", "--check");
        assertThat(fine.code()).isZero();
        assertThat(fine.json().get("message").asText()).endsWith("; every app can start");
    }

    @Test
    void compilePrintsTheObjectsWithoutTouchingTheCluster() throws IOException {
        int requests = kubernetes.requestCount();

        Run run = run("compile", "-f", spec.toString(), "--user", "alice");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode objects = run.json().get("result");
        assertThat(objects).hasSize(2);
        assertThat(objects.get(0).get("kind").asText()).isEqualTo("Deployment");
        assertThat(objects.get(0).at("/metadata/labels/username").asText()).isEqualTo("alice");
        assertThat(objects.get(1).get("kind").asText()).isEqualTo("Service");
        assertThat(objects.get(1).at("/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(kubernetes.requestCount()).isEqualTo(requests);
    }

    @Test
    void compileAsYamlIsAStreamKubectlCanApply() {
        Run run = run("compile", "-f", spec.toString(), "-n", "web", "-o", "yaml");

        assertThat(run.code()).isZero();
        List<HasMetadata> objects = kubernetes.client()
                .load(new ByteArrayInputStream(run.out().getBytes(StandardCharsets.UTF_8))).items();
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Deployment", "Service");
        assertThat(objects.get(1).getMetadata().getOwnerReferences()).as("no uid before the Deployment exists")
                .isNullOrEmpty();
        Deployment deployment = (Deployment) objects.get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers())
                .extracting(container -> container.getName()).containsExactly("cache", "web");
    }

    @Test
    void upStatusModifyDownStatus() throws IOException {
        Run up = run("up", "-f", spec.toString(), "--user", "alice");
        assertThat(up.code()).isZero();
        assertThat(up.err()).contains("tycho: note: " + ClusterConnection.EMBEDDED_NOTICE);
        String sid = up.json().at("/result/sid").asText();
        assertThat(up.json().at("/result/name").asText()).isEqualTo("web-" + sid);

        Run status = run("status", sid);
        assertThat(status.code()).isZero();
        JsonNode entry = status.json().at("/result/0");
        assertThat(entry.get("app_id").asText()).isEqualTo("web");
        assertThat(entry.get("username").asText()).isEqualTo("alice");
        assertThat(entry.at("/utilization/web/cpu").asText()).isEqualTo("0.5");
        assertThat(run("status", "--user", "alice").json().get("result").findValuesAsText("sid")).contains(sid);
        assertThat(run("status", "--user", "bob").json().get("result")).isEmpty();

        Run modify = run("modify", sid, "--cpus", "2", "--memory", "3G", "--label", "tier=gold");
        assertThat(modify.code()).isZero();
        assertThat(modify.json().at("/result/sid").asText()).isEqualTo(sid);
        JsonNode modified = run("status", sid).json().at("/result/0/utilization");
        assertThat(modified.at("/web/cpu").asText()).isEqualTo("2");
        assertThat(modified.at("/cache/memory").asText()).isEqualTo("3G");
        assertThat(kubernetes.client().apps().deployments().inNamespace("default").withName("web-" + sid).get()
                .getSpec().getTemplate().getMetadata().getLabels()).containsEntry("tier", "gold");

        Run down = run("down", sid);
        assertThat(down.code()).isZero();
        assertThat(down.json().at("/result/deleted_objects").asInt()).isPositive();

        Run after = run("status", sid);
        assertThat(after.code()).isZero();
        assertThat(after.json().get("result")).isEmpty();
        assertThat(after.json().get("message").asText()).isEqualTo("Found 0 running systems");
    }

    @Test
    void upWaitShowsProgressAndEndsWithTheUrl() throws Exception {
        Future<?> kubelet = actAsKubelet("frank", (simulated, sid) -> {
            simulated.scheduled(sid);
            simulated.event(sid, "Normal", "Pulling", "Pulling image \"nginx:1.27-alpine\"", 1);
            simulated.loadBalancer(sid, "203.0.113.9");
            simulated.ready(sid);
        });

        Run up = run("up", "-f", spec.toString(), "--user", "frank", "--wait", "--timeout", "60");

        kubelet.get(60, TimeUnit.SECONDS);
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).contains(" PENDING Created: created Deployment web-", " STARTING Pulling: Pulling image",
                " READY ContainersReady", "tycho: ready: http://203.0.113.9:");
        assertThat(up.json().at("/result/url").asText()).startsWith("http://203.0.113.9:");
        run("down", up.json().at("/result/sid").asText());
    }

    @Test
    void upWaitEndsWithTheReasonWhenTheSystemCannotStart() throws Exception {
        Future<?> kubelet = actAsKubelet("grace", (simulated, sid) -> simulated.waiting(sid, "InvalidImageName",
                "couldn't parse image reference \"Nginx\": invalid reference format"));

        Run up = run("up", "-f", spec.toString(), "--user", "grace", "--wait", "--timeout", "60");

        kubelet.get(60, TimeUnit.SECONDS);
        assertThat(up.code()).isEqualTo(1);
        assertThat(up.err()).contains(" FAILED InvalidImageName").endsWith("did not become ready: FAILED"
                + " InvalidImageName (container cache: couldn't parse image reference \"Nginx\": invalid reference"
                + " format)\n");
    }

    /** Waits for the user's system to appear, then writes its pod status as a kubelet would, on another thread. */
    private static Future<?> actAsKubelet(String user, BiConsumer<SimulatedKubelet, String> script) {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<?> done = thread.submit(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                List<Deployment> deployments = kubernetes.client().apps().deployments().inNamespace("default")
                        .withLabel("username", user).list().getItems();
                if (!deployments.isEmpty()) {
                    String sid = deployments.get(0).getMetadata().getLabels().get("tycho-guid");
                    script.accept(new SimulatedKubelet(kubernetes.client(), "default", true), sid);
                    return null;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no system of " + user + " appeared");
        });
        thread.shutdown();
        return done;
    }

    @Test
    void tableAndYamlOutput() throws IOException {
        Run up = run("up", "-f", spec.toString(), "--user", "carol", "-o", "table");
        assertThat(up.code()).isZero();
        List<String> lines = up.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("IDENTIFIER +NAME +SERVICES +URL");
        String sid = lines.get(1).split(" +")[0];
        assertThat(lines.get(1)).matches(sid + " +web-" + sid + " +web *");

        Run table = run("status", "--user", "carol", "-o", "table");
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().toList().get(0)).contains("PHASE", "REASON", "URL");
        assertThat(table.out().lines().toList().get(1)).startsWith(sid).contains(" web ", " carol ", " 500m ",
                " PENDING ");

        Run yaml = run("status", sid, "--output", "YAML");
        Map<?, ?> envelope = kubernetes.client().getKubernetesSerialization().unmarshal(yaml.out(), Map.class);
        assertThat(envelope.get("status")).isEqualTo("success");
        assertThat((List<?>) envelope.get("result")).hasSize(1);

        assertThat(run("down", sid, "-o", "table").out()).matches("IDENTIFIER +DELETED OBJECTS\\R" + sid + " +\\d+\\R");
        assertThat(run("status", "--user", "carol", "-o", "table").out()).isEqualTo("Found 0 running systems\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "apps", "compile", "up", "status", "modify", "down"})
    void everyCommandHasHelp(String command) {
        Run run = command.isEmpty() ? run("--help") : run(command, "--help");

        assertThat(run.code()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Usage: tycho" + (command.isEmpty() ? "" : " " + command))
                .contains("Exit codes:", "Cluster:");
    }

    @Test
    void aMissingSpecFileIsAnError() {
        Run run = run("up", "-f", directory.resolve("missing.yaml").toString());

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorLine()).isEqualTo("tycho: spec file " + directory.resolve("missing.yaml")
                + " does not exist; pass a docker-compose file with -f");
    }

    @Test
    void aVolumeThatIsNotAClaimIsAnError() throws IOException {
        Path invalid = write("volume.yaml", """
                services:
                  web:
                    image: nginx
                    volumes: ["/srv/data:/data"]
                    deploy: {resources: {limits: {cpus: 1, memory: 1G}, reservations: {cpus: 1, memory: 1G}}}
                """);

        Run run = run("compile", "-f", invalid.toString());

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.errorLine()).startsWith("tycho: app web: services.web.volumes[0]: ")
                .contains("'/srv/data:/data'", "pvc://");
    }

    @Test
    void aPortThatIsNotANumberIsAnError() throws IOException {
        Path invalid = write("port.yaml", """
                services:
                  web:
                    image: nginx
                    ports: ["8080:http"]
                    deploy: {resources: {limits: {cpus: 1, memory: 1G}, reservations: {cpus: 1, memory: 1G}}}
                """);

        Run run = run("up", "-f", invalid.toString());

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.errorLine()).startsWith("tycho: app web: services.web.ports[0]: '8080:http'");
    }

    @Test
    void schemaViolationsAreReportedOnOneLine() throws IOException {
        Path invalid = write("schema.yaml", "services:\n  web: {ports: [80]}\n  db: {imag: postgres}\n");

        Run run = run("compile", "-f", invalid.toString());

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.errorLine()).contains("is not a valid Tycho app spec: ", "services.web", "services.db", "image");
    }

    @Test
    void modifyAndDownOfAnUnknownSystemAreErrors() {
        String unknown = "0123456789abcdef0123456789abcdef";

        Run modify = run("modify", unknown, "--cpus", "1");
        Run down = run("down", unknown);

        assertThat(modify.code()).isEqualTo(TychoCli.FAILED);
        assertThat(modify.errorLine()).startsWith("tycho: no system with identifier " + unknown + " is running");
        assertThat(down.code()).isEqualTo(TychoCli.FAILED);
        assertThat(down.errorLine()).startsWith("tycho: no system with identifier " + unknown + " is running");
    }

    @Test
    void anInvalidSidIsAnError() {
        Run run = run("down", "not-a-sid");

        assertThat(run.code()).isEqualTo(TychoCli.FAILED);
        assertThat(run.errorLine()).startsWith("tycho: IDENTIFIER: 'not-a-sid' is not a system identifier");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run run = run("launch", "-f", spec.toString());

        assertThat(run.code()).isEqualTo(TychoCli.USAGE);
        assertThat(run.errorLine()).isEqualTo("tycho: unknown command 'launch'; the commands are apps, compile, up,"
                + " status, modify, down; run 'tycho --help' for usage");
    }

    @Test
    void usageErrorsNameTheCommand() {
        assertThat(run("up").errorLine()).isEqualTo("tycho: Missing required option: '--file=FILE'; run 'tycho up"
                + " --help' for usage");
        assertThat(run("status", "0123456789abcdef0123456789abcdef", "--user", "alice").errorLine())
                .isEqualTo("tycho: give an IDENTIFIER or --user, not both; run 'tycho status --help' for usage");
        assertThat(run("modify", "0123456789abcdef0123456789abcdef").errorLine())
                .startsWith("tycho: nothing to modify");
        assertThat(run("status", "-o", "xml").errorLine()).startsWith("tycho: Invalid value for option '--output'");
        Run none = run();
        assertThat(none.code()).isEqualTo(TychoCli.USAGE);
        assertThat(none.errorLine()).startsWith("tycho: missing command: choose one of apps, compile, up");
    }

    @Test
    void aKubeconfigThatDoesNotExistIsAnError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TychoCli cli = new TychoCli(print(out), print(err), Map.of(),
                kubeconfig -> ClusterConnection.open(Map.of(), kubeconfig));

        int code = cli.execute("status", "--kubeconfig", directory.resolve("config").toString());

        assertThat(code).isEqualTo(TychoCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("tycho: kubeconfig " + directory.resolve("config")
                + " (from --kubeconfig) does not exist");
    }

    @Test
    void aKubeconfigInTheEnvironmentIsUsed() throws IOException {
        Path kubeconfig = write("kubeconfig", """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: {server: "%s"}}]
                users: [{name: test, user: {token: not-a-secret}}]
                contexts: [{name: test, context: {cluster: test, user: test, namespace: from-kubeconfig}}]
                current-context: test
                """.formatted(kubernetes.url()));
        Map<String, String> environment = Map.of("KUBECONFIG", kubeconfig.toString(), "DEV_PHASE", "test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TychoCli cli = new TychoCli(print(out), print(err), environment,
                option -> ClusterConnection.open(environment, option));

        int code = cli.execute("up", "-f", spec.toString(), "--user", "dave");

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).as("no embedded server").isEmpty();
        String sid = JSON.readTree(out.toString(StandardCharsets.UTF_8)).at("/result/sid").asText();
        assertThat(kubernetes.client().apps().deployments().inNamespace("from-kubeconfig").withName("web-" + sid)
                .get()).isNotNull();
        assertThat(cli.execute("down", sid)).isZero();
    }

    @Test
    void theManifestsBackendKeepsSystemsBetweenCommands() throws IOException {
        Path manifests = directory.resolve("manifests");
        Map<String, String> environment = Map.of("TYCHO_MANIFESTS_DIR", manifests.toString(), "DEV_PHASE", "test");
        int requests = kubernetes.requestCount();

        Run up = run(environment, "--backend", "manifests", "up", "-f", spec.toString(), "--user", "erin");
        String sid = up.json().at("/result/sid").asText();
        Run status = run(environment, "status", "--backend", "manifests", "--user", "erin");
        Run down = run(environment, "down", sid, "--backend", "manifests");

        assertThat(up.code()).isZero();
        assertThat(up.err()).isEmpty();
        assertThat(status.json().get("result").findValuesAsText("sid")).containsExactly(sid);
        assertThat(down.json().at("/result/deleted_objects").asInt()).isEqualTo(2);
        assertThat(manifests.resolve(sid)).doesNotExist();
        assertThat(kubernetes.requestCount()).isEqualTo(requests);
    }

    @Test
    void messagesAreJoinedOntoOneLine() {
        assertThat(TychoCli.oneLine("spec: is not valid:\n  a: missing\n  b: wrong\n"))
                .isEqualTo("spec: is not valid: a: missing; b: wrong");
        assertThat(TychoCli.oneLine("plain")).isEqualTo("plain");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private Run run(String... args) {
        return run(ENVIRONMENT, args);
    }

    private Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TychoCli.sharing(kubernetes.embedded(), print(out), print(err), environment).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    /** What a command did: its exit code and what it wrote. */
    private record Run(int code, String out, String err) {

        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        /** The error message: the one line on the error stream besides the note about the embedded server. */
        String errorLine() {
            List<String> lines = err.lines().filter(line -> !line.startsWith("tycho: note: ")).toList();
            assertThat(lines).as("error stream: " + err).hasSize(1);
            return lines.get(0);
        }
    }
}
