package org.helxplatform.tycho.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.server.internal.Routes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives servers over HTTP with a real client: Python Tycho's four endpoints, the /v1 API, authentication with
 * static tokens and JWTs, the body limit, CORS, health, readiness, metrics, the OpenAPI document and Swagger UI,
 * concurrent requests and a graceful stop. The servers run the in-memory backend and the built-in registry, on a
 * random loopback port. Prints {@code server: N requests, N answered as specified, 0 other}.
 */
class ServerHttpTest {

    static final String ALICE = "alice-token-0123456789";
    static final String BOB = "bob-token-0123456789ab";
    static final String OPS = "ops-token-0123456789abc";
    static final String ORIGIN = "https://apps.example.org";
    static final long MAX_BODY = 64 * 1024;
    static final Set<String> PYTHON_STATUS_KEYS = new TreeSet<>(List.of("name", "app_id", "sid", "ip_address",
            "port", "creation_time", "username", "utilization", "workspace_name", "is_ready"));

    @TempDir
    static Path dir;

    static TychoServer server;
    static Wire wire;
    static PrintStream originalErr;
    static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    /** Every JWT the tests made, none of which may appear in the log. */
    static final List<String> ISSUED = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws IOException {
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "tokens:\n"
                + "  - user: alice\n    sha256: " + sha256(ALICE) + "\n"
                + "  - user: bob\n    role: user\n    sha256: " + sha256(BOB).toUpperCase() + "\n"
                + "  - user: ops\n    role: admin\n    sha256: " + sha256(OPS) + "\n");
        server = TychoServer.start(ServerSettings.fromEnvironment(settings(Map.of(
                ServerSettings.TOKENS_FILE, tokens.toString(),
                ServerSettings.CORS_ORIGINS, ORIGIN))));
        wire = new Wire(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
        System.setErr(originalErr);
        String log = LOG.toString(StandardCharsets.UTF_8);
        List<String> secrets = new ArrayList<>(List.of(ALICE, BOB, OPS, "secret-access-token"));
        secrets.addAll(ISSUED);
        for (String token : secrets) {
            assertThat(log).as("the server log").doesNotContain(token);
        }
        assertThat(log).contains("route=/system/start").contains("route=/v1/systems/{identifier}").contains("status=401");
        System.out.println(Wire.summary());
        assertThat(Wire.REQUESTS.get()).isEqualTo(Wire.AS_SPECIFIED.get());
    }

    static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ServerSettings.PORT, "0");
        settings.put(ServerSettings.BACKEND, "memory");
        settings.put(ServerSettings.MAX_BODY_BYTES, String.valueOf(MAX_BODY));
        settings.put(ServerSettings.STOP_TIMEOUT_SECONDS, "10");
        settings.putAll(extra);
        return settings;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A start request exactly as Python Tycho's client sends it (TychoClient.up). */
    static Map<String, Object> pythonStart(String name, Object principal) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("cpus", "0.25");
        limits.put("memory", "128M");
        Map<String, Object> reservations = new LinkedHashMap<>();
        reservations.put("cpus", "0.1");
        reservations.put("memory", "64M");
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("image", "nginx:1.27-alpine");
        service.put("ports", List.of("80"));
        service.put("deploy", Map.of("resources", Map.of("limits", limits, "reservations", reservations)));
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("version", "3.8");
        system.put("services", Map.of(name, service));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        if (principal != null) {
            request.put("principal", principal);
        }
        request.put("serviceaccount", "default");
        request.put("env", Map.of("GREETING", "hello"));
        request.put("system", system);
        request.put("services", Map.of(name, Map.of("port", 80)));
        return request;
    }

    /** Starts a system through the Python API and returns its sid. */
    static String startPython(String token, String user) {
        String[] sid = new String[1];
        wire.post("/system/start").token(token).json(pythonStart("web", "{\"username\": \"" + user + "\"}"))
                .send().expect(200, r -> {
                    assertThat(r.json().path("status").asText()).as(r.body()).isEqualTo("success");
                    sid[0] = r.json().path("result").path("sid").asText();
                });
        return sid[0];
    }

    /** Starts nginx through the /v1 API and returns its identifier. */
    static String startV1(String token) {
        String[] sid = new String[1];
        wire.post("/v1/systems").token(token).json(Map.of("app", "nginx")).send().expect(201,
                r -> sid[0] = r.json().path("identifier").asText());
        return sid[0];
    }

    /**
     * Alice asks for Bob's system, then for a system that does not exist: the same answer (a 404 problem), byte for
     * byte but for the identifier.
     */
    static void sameAnswerAsForAMissingSystem(String others, String missing,
                                              java.util.function.Function<String, Wire.Call> request) {
        sameAnswerAsForAMissingSystem(others, missing, 404, request);
    }

    /** As above, for an answer with another status (a request that is wrong whoever's the system is). */
    static void sameAnswerAsForAMissingSystem(String others, String missing, int status,
                                              java.util.function.Function<String, Wire.Call> request) {
        String[] missingBody = new String[1];
        request.apply(missing).token(ALICE).send().expect(status, r -> {
            assertProblem(r, status, null);
            missingBody[0] = r.body();
        });
        request.apply(others).token(ALICE).send().expect(status, r ->
                assertThat(r.body().replace(others, missing)).isEqualTo(missingBody[0]));
    }

    static void assertEnvelopeError(Wire.Reply reply, String... fragments) {
        JsonNode json = reply.json();
        assertThat(json.path("status").asText()).isEqualTo("error");
        assertThat(json.path("result").path("error").asText()).isEqualTo(json.path("message").asText());
        for (String fragment : fragments) {
            assertThat(json.path("message").asText()).contains(fragment);
        }
    }

    static void assertProblem(Wire.Reply reply, int status, String field) {
        assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("application/problem+json"));
        JsonNode json = reply.json();
        assertThat(json.path("status").asInt()).isEqualTo(status);
        assertThat(json.path("type").asText()).isEqualTo("about:blank");
        assertThat(json.path("title").asText()).isNotBlank();
        assertThat(json.path("detail").asText()).isNotBlank();
        if (field != null) {
            List<String> fields = new ArrayList<>();
            json.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            assertThat(fields).as(reply.body()).contains(field);
        }
    }

    static List<String> keys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Nested
    class PythonApi {

        @Test
        void startAsPythonsClientSendsItAndReadTheResultAsItReadsIt() {
            wire.post("/system/start").token(ALICE).json(pythonStart("web", "{\"username\": \"alice\"}")).send()
                    .expect(200, r -> {
                        JsonNode json = r.json();
                        assertThat(keys(json)).containsExactly("status", "result", "message");
                        assertThat(json.path("status").asText()).isEqualTo("success");
                        JsonNode result = json.path("result");
                        assertThat(keys(result)).containsExactly("name", "sid", "containers", "conn_string");
                        assertThat(result.path("sid").asText()).matches("[0-9a-f]{32}");
                        assertThat(result.path("name").asText()).isEqualTo("web-" + result.path("sid").asText());
                        JsonNode web = result.path("containers").path("web");
                        assertThat(web.has("ip_address")).isTrue();
                        assertThat(web.has("port-1")).as("result.containers[c]['port-1']").isTrue();
                        assertThat(result.path("conn_string").asText()).isEmpty();
                        assertThat(json.path("message").asText()).isEqualTo("Started system "
                                + result.path("name").asText());
                    });
        }

        @Test
        void principalAsAnObjectOrLeftOut() {
            wire.post("/system/start").token(BOB).json(pythonStart("web", Map.of("username", "bob",
                    "access_token", "secret-access-token"))).send().expect(200, r ->
                    assertThat(r.json().path("status").asText()).isEqualTo("success"));
            String[] sid = new String[1];
            wire.post("/system/start").token(BOB).json(pythonStart("web", null)).send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                sid[0] = r.json().path("result").path("sid").asText();
            });
            wire.post("/system/status").token(BOB).json(Map.of("name", sid[0])).send().expect(200, r ->
                    assertThat(r.json().path("result").get(0).path("username").asText()).isEqualTo("bob"));
        }

        @Test
        void aUserStartsOnlyForThemselvesAnAdministratorForAnyone() {
            wire.post("/system/start").token(ALICE).json(pythonStart("web", "{\"username\": \"bob\"}")).send()
                    .expect(200, r -> assertEnvelopeError(r, "principal.username", "'bob'"));
            wire.post("/system/start").token(OPS).json(pythonStart("web", "{\"username\": \"bob\"}")).send()
                    .expect(200, r -> assertThat(r.json().path("status").asText()).isEqualTo("success"));
        }

        @Test
        void startErrorsNameTheField() {
            wire.post("/system/start").token(ALICE).json("{\"name\": \"web\", ").send()
                    .expect(200, r -> assertEnvelopeError(r, "body", "not valid JSON"));
            wire.post("/system/start").token(ALICE).json("").send()
                    .expect(200, r -> assertEnvelopeError(r, "body", "empty"));
            wire.post("/system/start").token(ALICE).json("{\"name\": \"a\", \"name\": \"b\", \"system\": {}}").send()
                    .expect(200, r -> assertEnvelopeError(r, "body", "Duplicate field"));
            Map<String, Object> noSystem = pythonStart("web", null);
            noSystem.remove("system");
            wire.post("/system/start").token(ALICE).json(noSystem).send()
                    .expect(200, r -> assertEnvelopeError(r, "system: is required"));
            Map<String, Object> extra = pythonStart("web", null);
            extra.put("colour", "blue");
            wire.post("/system/start").token(ALICE).json(extra).send()
                    .expect(200, r -> assertEnvelopeError(r, "colour: is not a field"));
            Map<String, Object> env = pythonStart("web", null);
            env.put("env", Map.of("PORT", 8080));
            wire.post("/system/start").token(ALICE).json(env).send()
                    .expect(200, r -> assertEnvelopeError(r, "env.PORT"));
            Map<String, Object> port = pythonStart("web", null);
            port.put("services", Map.of("web", Map.of("port", "eighty")));
            wire.post("/system/start").token(ALICE).json(port).send()
                    .expect(200, r -> assertEnvelopeError(r, "services.web.port"));
            Map<String, Object> clients = pythonStart("web", null);
            clients.put("services", Map.of("web", Map.of("port", 80, "clients", List.of("10.0.0.0/8"))));
            wire.post("/system/start").token(ALICE).json(clients).send()
                    .expect(200, r -> assertEnvelopeError(r, "services.web.clients"));
            wire.post("/system/start").token(ALICE).json(pythonStart("web", "{\"username\": ")).send()
                    .expect(200, r -> assertEnvelopeError(r, "principal", "not a JSON object"));
            wire.post("/system/start").token(ALICE).json(pythonStart("web", Map.of("user", "alice"))).send()
                    .expect(200, r -> assertEnvelopeError(r, "principal.username: is required"));
            wire.post("/system/start").token(ALICE).json(pythonStart("web", Map.of("username", "al ice"))).send()
                    .expect(200, r -> assertEnvelopeError(r, "principal.username"));
        }

        @Test
        void anInvalidSpecIsAnErrorNamingItsPath() {
            Map<String, Object> request = pythonStart("web", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> system = (Map<String, Object>) request.get("system");
            system.put("services", Map.of("web", Map.of("image", "nginx", "ports", List.of(Map.of("a", 1)))));
            wire.post("/system/start").token(ALICE).json(request).send()
                    .expect(200, r -> assertEnvelopeError(r, "system", "services.web"));
            Map<String, Object> other = pythonStart("web", null);
            other.put("name", "api");
            wire.post("/system/start").token(ALICE).json(other).send()
                    .expect(200, r -> assertEnvelopeError(r, "no service named 'api'"));
        }

        @Test
        void statusListsOnlyTheCallersSystemsWithPythonsFields() {
            String mine = startPython(ALICE, "alice");
            String bobs = startPython(BOB, "bob");
            wire.post("/system/status").token(ALICE).json("{}").send().expect(200, r -> {
                JsonNode result = r.json().path("result");
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                List<String> sids = new ArrayList<>();
                for (JsonNode entry : result) {
                    sids.add(entry.path("sid").asText());
                    assertThat(new TreeSet<>(keys(entry))).isEqualTo(PYTHON_STATUS_KEYS);
                    assertThat(entry.path("username").asText()).isEqualTo("alice");
                    assertThat(entry.path("creation_time").asText())
                            .matches("[1-9][0-9]?-[1-9][0-9]?-[0-9]{4} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}");
                    assertThat(entry.path("port").isTextual()).isTrue();
                    assertThat(entry.path("ip_address").isTextual()).isTrue();
                    assertThat(entry.path("is_ready").isBoolean()).isTrue();
                    assertThat(entry.path("utilization").size()).isPositive();
                }
                assertThat(sids).contains(mine).doesNotContain(bobs);
            });
            wire.post("/system/status").token(ALICE).json(Map.of("username", "bob")).send().expect(200, r ->
                    assertThat(r.json().path("result")).isEmpty());
            String[] missingBody = new String[1];
            wire.post("/system/status").token(ALICE).json(Map.of("name", "22222222222222222222222222222222")).send()
                    .expect(200, r -> missingBody[0] = r.body());
            wire.post("/system/status").token(ALICE).json(Map.of("name", bobs)).send().expect(200, r -> {
                assertThat(r.json().path("result")).isEmpty();
                assertThat(r.body()).isEqualTo(missingBody[0]);
            });
            wire.post("/system/status").token(ALICE).json(Map.of("name", mine)).send().expect(200, r ->
                    assertThat(r.json().path("result").get(0).path("sid").asText()).isEqualTo(mine));
            wire.post("/system/status").token(OPS).json(Map.of("username", "bob")).send().expect(200, r -> {
                List<String> sids = new ArrayList<>();
                r.json().path("result").forEach(entry -> sids.add(entry.path("sid").asText()));
                assertThat(sids).contains(bobs).doesNotContain(mine);
            });
            wire.post("/system/status").token(OPS).json("{}").send().expect(200, r -> {
                List<String> sids = new ArrayList<>();
                r.json().path("result").forEach(entry -> sids.add(entry.path("sid").asText()));
                assertThat(sids).contains(bobs, mine);
            });
            wire.post("/system/status").token(ALICE).json(Map.of("name", "web-1")).send()
                    .expect(200, r -> assertEnvelopeError(r, "name"));
        }

        @Test
        void modifyChangesOnlyTheCallersSystems() {
            String mine = startPython(ALICE, "alice");
            String bobs = startPython(BOB, "bob");
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("tycho-guid", mine);
            change.put("labels", Map.of("team", "blue"));
            change.put("cpu", "2");
            change.put("memory", "4G");
            wire.post("/system/modify").token(ALICE).json(change).send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                assertThat(keys(r.json().path("result"))).containsExactly("patches");
                assertThat(r.json().path("result").path("patches")).isNotEmpty();
            });
            wire.post("/system/status").token(ALICE).json(Map.of("name", mine)).send().expect(200, r -> {
                JsonNode web = r.json().path("result").get(0).path("utilization").path("web");
                assertThat(web.path("cpu").asText()).isEqualTo("2");
                assertThat(web.path("memory").asText()).isEqualTo("4G");
            });
            wire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", mine, "resources",
                    Map.of("cpu", 1))).send().expect(200, r ->
                    assertThat(r.json().path("status").asText()).isEqualTo("success"));

            String missing = "0123456789abcdef0123456789abcdef";
            String[] missingMessage = new String[1];
            wire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", missing, "cpu", "1")).send()
                    .expect(200, r -> {
                        assertEnvelopeError(r, missing);
                        missingMessage[0] = r.json().path("message").asText();
                    });
            wire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", bobs, "cpu", "1")).send()
                    .expect(200, r -> {
                        assertEnvelopeError(r);
                        assertThat(r.json().path("message").asText())
                                .isEqualTo(missingMessage[0].replace(missing, bobs));
                    });
            wire.post("/system/status").token(OPS).json(Map.of("name", bobs)).send().expect(200, r ->
                    assertThat(r.json().path("result").get(0).path("utilization").path("web").path("cpu").asText())
                            .isEqualTo("0.25"));
            wire.post("/system/modify").token(OPS).json(Map.of("tycho-guid", bobs, "cpu", "1")).send()
                    .expect(200, r -> assertThat(r.json().path("status").asText()).isEqualTo("success"));
            wire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", mine, "labels",
                    Map.of("team", "blue green"))).send().expect(200, r -> assertEnvelopeError(r, "labels.team"));
            wire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", mine)).send()
                    .expect(200, r -> assertEnvelopeError(r, "nothing to modify"));
            wire.post("/system/modify").token(ALICE).json(Map.of("labels", Map.of("a", "b"))).send()
                    .expect(200, r -> assertEnvelopeError(r, "tycho-guid: is required"));
        }

        @Test
        void deleteOfAnotherUsersSystemAnswersAsForAMissingOne() {
            String mine = startPython(ALICE, "alice");
            String bobs = startPython(BOB, "bob");
            String missing = "fedcba9876543210fedcba9876543210";
            String[] missingBody = new String[1];
            wire.post("/system/delete").token(ALICE).json(Map.of("name", missing)).send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                assertThat(r.json().path("result").asInt()).isZero();
                assertThat(r.json().path("message").asText()).isEqualTo("Deleted system " + missing);
                missingBody[0] = r.body();
            });
            wire.post("/system/delete").token(ALICE).json(Map.of("name", bobs)).send().expect(200, r ->
                    assertThat(r.body()).isEqualTo(missingBody[0].replace(missing, bobs)));
            wire.post("/system/status").token(BOB).json(Map.of("name", bobs)).send().expect(200, r ->
                    assertThat(r.json().path("result")).hasSize(1));
            wire.post("/system/delete").token(ALICE).json(Map.of("name", mine)).send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).isEqualTo("success");
                assertThat(r.json().path("result").asInt()).isPositive();
                assertThat(r.json().path("message").asText()).isEqualTo("Deleted system " + mine);
            });
            wire.post("/system/status").token(ALICE).json(Map.of("name", mine)).send().expect(200, r ->
                    assertThat(r.json().path("result")).isEmpty());
            wire.post("/system/delete").token(OPS).json(Map.of("name", bobs)).send().expect(200, r ->
                    assertThat(r.json().path("result").asInt()).isPositive());
            wire.post("/system/delete").token(ALICE).json(Map.of("name", "web-" + mine)).send()
                    .expect(200, r -> assertEnvelopeError(r, "name"));
            wire.post("/system/delete").token(ALICE).json("[]").send()
                    .expect(200, r -> assertEnvelopeError(r, "body"));
        }
    }

    @Nested
    class V1Api {

        @Test
        void listsTheProductsApps() {
            wire.get("/v1/apps").token(ALICE).send().expect(200, r -> {
                assertThat(r.json().path("product").asText()).isEqualTo("common");
                List<String> ids = new ArrayList<>();
                r.json().path("apps").forEach(app -> ids.add(app.path("id").asText()));
                assertThat(ids).containsExactly("jupyter-notebook", "filebrowser", "nginx");
                assertThat(r.json().path("apps").get(2).path("services").path("nginx").asText()).isEqualTo("80");
            });
            wire.get("/v1/apps/filebrowser").token(ALICE).send().expect(200, r ->
                    assertThat(r.json().path("name").asText()).isEqualTo("File Browser"));
            wire.get("/v1/apps/nope").token(ALICE).send().expect(404, r -> assertProblem(r, 404, null));
        }

        @Test
        void startsListsGetsModifiesAndDeletesTheCallersSystems() {
            String[] sid = new String[1];
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx", "resources",
                    Map.of("cpus", "0.5", "memory", "256M"), "env", Map.of("TZ", "UTC"))).send().expect(201, r -> {
                        sid[0] = r.json().path("identifier").asText();
                        assertThat(sid[0]).matches("[0-9a-f]{32}");
                        assertThat(keys(r.json())).containsExactly("identifier", "name", "app", "user", "connString",
                                "url", "services");
                        assertThat(r.header("Location")).hasValue("/v1/systems/" + sid[0]);
                        assertThat(r.json().path("app").asText()).isEqualTo("nginx");
                        assertThat(r.json().path("user").asText()).isEqualTo("alice");
                        assertThat(r.json().path("services").has("nginx")).isTrue();
                    });
            wire.get("/v1/systems/" + sid[0]).token(ALICE).send().expect(200, r -> {
                assertThat(keys(r.json())).startsWith("identifier").doesNotContain("sid");
                assertThat(r.json().path("identifier").asText()).isEqualTo(sid[0]);
                assertThat(r.json().path("user").asText()).isEqualTo("alice");
                assertThat(r.json().path("ready").asBoolean()).isTrue();
                assertThat(r.json().path("state").path("phase").asText()).isEqualTo("READY");
                assertThat(r.json().path("state").path("reason").asText()).isNotBlank();
                assertThat(r.json().has("url")).isTrue();
                assertThat(r.json().path("services").path("nginx").path("port").asInt()).isEqualTo(80);
                assertThat(r.json().path("created").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
                assertThat(r.json().path("utilization").path("nginx").path("cpu").asText()).isEqualTo("0.5");
            });
            wire.get("/v1/systems").token(ALICE).send().expect(200, r -> {
                List<String> users = new ArrayList<>();
                r.json().path("systems").forEach(s -> users.add(s.path("user").asText()));
                assertThat(users).isNotEmpty().containsOnly("alice");
            });
            wire.call("PATCH", "/v1/systems/" + sid[0]).token(ALICE).json(Map.of("cpus", 1, "labels",
                    Map.of("team", "red"))).send().expect(200, r -> {
                        assertThat(r.json().path("identifier").asText()).isEqualTo(sid[0]);
                        assertThat(r.json().path("patches")).isNotEmpty();
                    });
            wire.get("/v1/systems/" + sid[0]).token(ALICE).send().expect(200, r ->
                    assertThat(r.json().path("utilization").path("nginx").path("cpu").asText()).isEqualTo("1"));
            wire.call("DELETE", "/v1/systems/" + sid[0]).token(ALICE).send().expect(204, r ->
                    assertThat(r.body()).isEmpty());
            wire.call("DELETE", "/v1/systems/" + sid[0]).token(ALICE).send().expect(404, r ->
                    assertProblem(r, 404, null));
            wire.get("/v1/systems/" + sid[0]).token(ALICE).send().expect(404, r -> assertProblem(r, 404, null));
        }

        @Test
        void launchEventsAsServerSentEvents() {
            String sid = startV1(ALICE);
            java.net.http.HttpResponse<java.util.stream.Stream<String>> stream = wire.get("/v1/systems/" + sid
                    + "/events").token(ALICE).header("Accept", "text/event-stream").stream();
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("text/event-stream"));
            List<String> lines = new ArrayList<>();
            Thread deleter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                wire.call("DELETE", "/v1/systems/" + sid).token(ALICE).send().expect(204);
            });
            deleter.start();
            Iterator<String> read = stream.body().iterator();
            while (read.hasNext()) {
                String line = read.next();
                lines.add(line);
                if (line.equals("event: end")) {
                    break;
                }
            }
            List<JsonNode> events = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("data: ") && lines.indexOf(line) > 0
                        && !lines.get(lines.indexOf(line) - 1).startsWith("event:")) {
                    try {
                        events.add(Wire.JSON.readTree(line.substring(6)));
                    } catch (IOException e) {
                        throw new AssertionError(line, e);
                    }
                }
                if (line.startsWith("id: ")) {
                    ids.add(line.substring(4));
                }
            }
            assertThat(lines).as(String.join("\n", lines)).contains("event: end");
            assertThat(events).hasSizeGreaterThanOrEqualTo(2);
            assertThat(events.get(0).path("identifier").asText()).isEqualTo(sid);
            assertThat(events).allMatch(event -> !event.has("sid"));
            assertThat(events.get(0).path("reason").asText()).isEqualTo("Created");
            assertThat(events.get(events.size() - 1).path("reason").asText()).isEqualTo("Deleted");
            assertThat(ids).containsExactly(events.stream().map(e -> e.path("sequence").asText()).toArray(String[]::new));
            Wire.answeredAsSpecified();
            try {
                deleter.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            wire.get("/v1/systems/" + sid + "/events").token(ALICE).header("Accept", "text/event-stream").send()
                    .expect(404, r -> assertProblem(r, 404, null));
            String bobs = startV1(BOB);
            wire.get("/v1/systems/" + bobs + "/events").token(ALICE).header("Accept", "text/event-stream").send()
                    .expect(404, r -> assertProblem(r, 404, null));
            wire.get("/v1/systems/" + bobs + "/events").token(BOB).header("Accept", "application/json").send()
                    .expect(406, r -> assertProblem(r, 406, null));
            wire.get("/v1/systems/" + bobs + "/events").token(BOB).header("Last-Event-ID", "x").send()
                    .expect(400, r -> assertProblem(r, 400, "Last-Event-ID"));
            java.net.http.HttpResponse<java.util.stream.Stream<String>> resumed = wire.get("/v1/systems/" + bobs
                    + "/events").token(BOB).header("Last-Event-ID", "1").stream();
            assertThat(resumed.statusCode()).isEqualTo(200);
            wire.call("DELETE", "/v1/systems/" + bobs).token(BOB).send().expect(204);
            List<String> rest = new ArrayList<>();
            Iterator<String> more = resumed.body().iterator();
            while (more.hasNext()) {
                String line = more.next();
                rest.add(line);
                if (line.equals("event: end")) {
                    break;
                }
            }
            assertThat(rest).as("events after the first only").noneMatch(line -> line.equals("id: 1"))
                    .contains("event: end").anyMatch(line -> line.contains("\"reason\":\"Deleted\""));
            Wire.answeredAsSpecified();
        }

        @Test
        void logsOfTheCallersSystems() {
            String mine = startV1(ALICE);
            wire.get("/v1/systems/" + mine + "/logs").token(ALICE).send().expect(200, r -> {
                assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                        .startsWith("text/plain").contains("utf-8"));
                assertThat(r.body()).contains("container nginx of app nginx");
            });
            wire.get("/v1/systems/" + mine + "/logs?container=nginx&tail=10000").token(ALICE).send().expect(200, r ->
                    assertThat(r.body()).contains("container nginx of app nginx"));

            Map<String, Object> pair = pythonStart("web", null);
            @SuppressWarnings("unchecked")
            Map<String, Object> system = (Map<String, Object>) pair.get("system");
            @SuppressWarnings("unchecked")
            Map<String, Object> services = new LinkedHashMap<>((Map<String, Object>) system.get("services"));
            services.put("helper", Map.of("image", "busybox:1.36"));
            system.put("services", services);
            String[] two = new String[1];
            wire.post("/system/start").token(ALICE).json(pair).send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).as(r.body()).isEqualTo("success");
                two[0] = r.json().path("result").path("sid").asText();
            });
            wire.get("/v1/systems/" + two[0] + "/logs?tail=5").token(ALICE).send().expect(200, r ->
                    assertThat(r.body()).as("the main container, named like the app").contains("container web of"));
            wire.get("/v1/systems/" + two[0] + "/logs?container=helper").token(ALICE).send().expect(200, r ->
                    assertThat(r.body()).contains("container helper of app web"));
            wire.get("/v1/systems/" + two[0] + "/logs?container=nope").token(ALICE).send().expect(400, r -> {
                assertProblem(r, 400, "container");
                assertThat(r.json().path("detail").asText()).contains("'nope'").contains("helper").contains("web");
            });

            for (String tail : List.of("0", "10001", "-1", "abc", "1.5", "999999999999", "")) {
                wire.get("/v1/systems/" + mine + "/logs?tail=" + tail).token(ALICE).send().expect(400, r -> {
                    assertProblem(r, 400, "tail");
                    assertThat(r.json().path("detail").asText()).contains("1 to 10000");
                });
            }
            wire.get("/v1/systems/" + mine + "/logs?container=Web_1").token(ALICE).send().expect(400, r ->
                    assertProblem(r, 400, "container"));
            wire.get("/v1/systems/not-a-system/logs").token(ALICE).send().expect(400, r ->
                    assertProblem(r, 400, "identifier"));

            String bobs = startV1(BOB);
            String missing = "33333333333333333333333333333333";
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.get("/v1/systems/" + id + "/logs"));
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.get("/v1/systems/" + id
                    + "/logs?container=nginx&tail=3"));
            sameAnswerAsForAMissingSystem(bobs, missing, 400, id -> wire.get("/v1/systems/" + id + "/logs?tail=0"));
            wire.get("/v1/systems/" + bobs + "/logs").token(BOB).send().expect(200, r ->
                    assertThat(r.body()).contains("container nginx of app nginx"));
            wire.get("/v1/systems/" + bobs + "/logs").token(OPS).send().expect(200, r ->
                    assertThat(r.body()).contains("container nginx of app nginx"));
            wire.get("/v1/systems/" + bobs + "/logs").send().expect(401);
            wire.get("/metrics").token(OPS).send().expect(200, r -> assertThat(r.body())
                    .containsPattern("tycho_operations_seconds_count\\{api=\"v1\",operation=\"logs\","
                            + "outcome=\"success\"} [1-9]")
                    .containsPattern("http_server_requests_seconds_count\\{method=\"GET\","
                            + "route=\"/v1/systems/\\{identifier}/logs\",status=\"200\"} [1-9]"));
        }

        @Test
        void anotherUsersSystemIsNotFound() {
            String bobs = startV1(BOB);
            String missing = "11111111111111111111111111111111";
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.get("/v1/systems/" + id));
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.call("PATCH", "/v1/systems/" + id)
                    .json(Map.of("cpus", "2")));
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.call("DELETE", "/v1/systems/" + id));
            sameAnswerAsForAMissingSystem(bobs, missing, id -> wire.get("/v1/systems/" + id + "/events")
                    .header("Accept", "text/event-stream"));
            wire.get("/v1/systems/" + bobs).token(BOB).send().expect(200, r ->
                    assertThat(r.json().path("utilization").path("nginx").path("cpu").asText()).isEqualTo("0.25"));
            wire.get("/v1/systems?user=bob").token(ALICE).send().expect(200, r ->
                    assertThat(r.json().path("systems")).isEmpty());
            wire.get("/v1/systems?user=bob").token(OPS).send().expect(200, r -> {
                List<String> sids = new ArrayList<>();
                r.json().path("systems").forEach(s -> sids.add(s.path("identifier").asText()));
                assertThat(sids).contains(bobs);
            });
            wire.get("/v1/systems/" + bobs).token(OPS).send().expect(200);
            wire.call("DELETE", "/v1/systems/" + bobs).token(OPS).send().expect(204);
        }

        @Test
        void anAdministratorStartsForOthersAUserDoesNot() {
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx", "user", "bob")).send()
                    .expect(403, r -> assertProblem(r, 403, null));
            wire.post("/v1/systems").token(OPS).json(Map.of("app", "nginx", "user", "bob")).send()
                    .expect(201, r -> assertThat(r.json().path("user").asText()).isEqualTo("bob"));
        }

        @Test
        void invalidRequestsAreProblemsNamingTheField() {
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nope")).send()
                    .expect(400, r -> assertProblem(r, 400, "app"));
            wire.post("/v1/systems").token(ALICE).json(Map.of("application", "nginx")).send().expect(400, r -> {
                assertProblem(r, 400, "app");
                assertProblem(r, 400, "application");
            });
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx", "resources", Map.of("cpus", "lots")))
                    .send().expect(400, r -> assertProblem(r, 400, "resources.cpus"));
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx", "env", Map.of("1BAD", "x")))
                    .send().expect(400, r -> assertProblem(r, 400, null));
            wire.post("/v1/systems").token(ALICE).json("{\"app\": ").send()
                    .expect(400, r -> assertProblem(r, 400, "body"));
            wire.get("/v1/systems/not-a-sid").token(ALICE).send().expect(400, r -> assertProblem(r, 400, "identifier"));
            wire.get("/v1/systems?user=a%20b").token(ALICE).send().expect(400, r -> assertProblem(r, 400, "user"));
            String mine = startV1(ALICE);
            wire.call("PATCH", "/v1/systems/" + mine).token(ALICE).json("{}").send()
                    .expect(400, r -> assertProblem(r, 400, null));
            wire.call("PATCH", "/v1/systems/" + mine).token(ALICE).json(Map.of("labels", Map.of("team", "a b")))
                    .send().expect(400, r -> assertProblem(r, 400, "labels.team"));
            wire.call("PATCH", "/v1/systems/" + mine).token(ALICE).json(Map.of("memory", 4)).send()
                    .expect(400, r -> assertProblem(r, 400, "memory"));
            wire.call("PATCH", "/v1/systems/" + mine).token(ALICE).json(Map.of("cpu", "2")).send()
                    .expect(400, r -> assertProblem(r, 400, "cpu")); // /v1 says cpus, as a start's resources do
            wire.call("PATCH", "/v1/systems/" + mine).token(ALICE).json(Map.of("cpus", "lots")).send()
                    .expect(400, r -> assertProblem(r, 400, "cpus"));
            wire.get("/v1/nothing-here").token(ALICE).send().expect(404, r -> assertProblem(r, 404, null));
        }
    }

    @Nested
    class Security {

        @Test
        void everyEndpointButHealthNeedsAToken() {
            for (Routes.Route route : Routes.ALL) {
                String path = route.template().replace("{identifier}", "0123456789abcdef0123456789abcdef")
                        .replace("{app}", "nginx").replace("{file}", "swagger-ui.css");
                Wire.Call call = wire.call(route.method(), path);
                if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
                    call.json("{}");
                }
                if (route.open()) {
                    call.send().expect(200);
                    continue;
                }
                call.send().expect(401, r -> {
                    assertThat(r.header("WWW-Authenticate")).isPresent();
                    if (Routes.isPython(path)) {
                        assertEnvelopeError(r, "Authorization: Bearer");
                    } else {
                        assertProblem(r, 401, null);
                    }
                });
            }
            wire.get("/no/such/path").send().expect(401);
        }

        @Test
        void wrongOrMalformedTokensAreRefused() {
            wire.get("/v1/apps").token("not-a-token-of-this-server").send().expect(401, r -> {
                assertProblem(r, 401, null);
                assertThat(r.body()).doesNotContain("not-a-token-of-this-server");
                assertThat(r.header("WWW-Authenticate")).hasValue("Bearer realm=\"tycho\"");
            });
            wire.get("/v1/apps").header("Authorization", "Bearer").send().expect(401);
            wire.get("/v1/apps").header("Authorization", "Token " + ALICE).send().expect(401);
            wire.get("/v1/apps").header("Authorization", "Basic !!!").send().expect(401);
            wire.get("/v1/apps").token(ALICE.substring(0, ALICE.length() - 1)).send().expect(401);
            wire.post("/system/status").token("wrong").json("{}").send().expect(401, r ->
                    assertEnvelopeError(r, "not valid"));
        }

        @Test
        void basicAuthenticationCarriesTheTokenAsPassword() {
            String basic = Base64.getEncoder().encodeToString(("anyone:" + ALICE).getBytes(StandardCharsets.UTF_8));
            wire.post("/system/status").header("Authorization", "Basic " + basic).json("{}").send()
                    .expect(200, r -> assertThat(r.json().path("status").asText()).isEqualTo("success"));
            wire.get("/apidocs").send().expect(401, r -> assertThat(r.header("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic")));
        }

        @Test
        void oversizeBodiesAre413() {
            String big = "{\"name\": \"" + "x".repeat((int) MAX_BODY) + "\"}";
            wire.post("/system/start").token(ALICE).json(big).send().expect(413, r ->
                    assertEnvelopeError(r, "larger than " + MAX_BODY));
            wire.post("/v1/systems").token(ALICE).json(big).send().expect(413, r -> assertProblem(r, 413, null));
            byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
            wire.post("/v1/systems").token(ALICE).body(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes))).send().expect(413, r ->
                    assertProblem(r, 413, null));
            wire.post("/v1/systems").token(ALICE).json("{\"app\": \"nginx\", \"host\": \"" + "h/".repeat(1000)
                    + "\"}").send().expect(400, r -> assertProblem(r, 400, "host"));
        }

        @Test
        void corsOnlyForTheConfiguredOrigins() {
            wire.call("OPTIONS", "/v1/apps").header("Origin", ORIGIN)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").send().expect(200, r ->
                            assertThat(r.header("Access-Control-Allow-Origin")).hasValue(ORIGIN));
            wire.get("/v1/apps").token(ALICE).header("Origin", ORIGIN).send().expect(200, r ->
                    assertThat(r.header("Access-Control-Allow-Origin")).hasValue(ORIGIN));
            wire.get("/v1/apps").token(ALICE).header("Origin", "https://evil.example.com").send().expect(200, r ->
                    assertThat(r.header("Access-Control-Allow-Origin")).isEmpty());
        }
    }

    @Nested
    class Operations {

        @Test
        void healthAndReadiness() {
            wire.get("/healthz").send().expect(200, r -> assertThat(r.json().path("status").asText())
                    .isEqualTo("ok"));
            wire.get("/readyz").send().expect(200, r -> {
                assertThat(r.json().path("status").asText()).isEqualTo("ready");
                assertThat(r.json().path("registry").asText()).isEqualTo("loaded");
                assertThat(r.json().path("backend").asText()).isEqualTo("ok");
            });
        }

        @Test
        void prometheusMetricsWithoutUsersOrSystemIds() {
            String sid = startV1(ALICE);
            wire.post("/v1/systems").token(ALICE).json(Map.of("app", "nope")).send().expect(400);
            wire.get("/v1/apps").token("wrong-token").send().expect(401);
            Map<String, Object> misnamed = pythonStart("web", null);
            misnamed.put("name", "api"); // the spec has no service named api: the compile fails in the operation
            wire.post("/system/start").token(ALICE).json(misnamed).send().expect(200, r -> assertEnvelopeError(r));
            wire.get("/metrics").token(OPS).send().expect(200, r -> {
                assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
                String text = r.body();
                assertThat(text).contains("tycho_operations_seconds_bucket{")
                        .containsPattern("tycho_operations_seconds_count\\{api=\"v1\",operation=\"start\","
                                + "outcome=\"success\"} [1-9]")
                        .containsPattern("tycho_systems_started_total\\{api=\"v1\"} [1-9]")
                        .containsPattern("tycho_failures_total\\{reason=\"invalid_request\",route=\"/v1/systems\"} [1-9]")
                        .containsPattern("tycho_failures_total\\{reason=\"unauthorized\",route=\"/v1/apps\"} [1-9]")
                        .containsPattern("tycho_operations_seconds_count\\{api=\"python\",operation=\"start\","
                                + "outcome=\"failure\"} [1-9]")
                        .containsPattern("tycho_failures_total\\{reason=\"invalid_spec\",route=\"/system/start\"} [1-9]")
                        .containsPattern("tycho_systems\\{phase=\"ready\"} [1-9]")
                        .containsPattern("tycho_systems\\{phase=\"failed\"} 0")
                        .containsPattern("http_server_requests_seconds_count\\{method=\"POST\",route=\"/v1/systems\","
                                + "status=\"201\"} [1-9]")
                        .contains("jvm_memory_used_bytes");
                assertThat(text).doesNotContain(sid).doesNotContain("alice").doesNotContain("\"bob\"");
            });
        }

        @Test
        void openApiDescribesEveryRoute() {
            wire.get("/openapi.json").token(ALICE).send().expect(200, r -> {
                JsonNode doc = r.json();
                assertThat(doc.path("openapi").asText()).startsWith("3.");
                Set<String> documented = new HashSet<>();
                for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                    path.getValue().fieldNames().forEachRemaining(method -> {
                        if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                            documented.add(method.toUpperCase() + " " + path.getKey());
                            assertThat(path.getValue().path(method).path("responses").size())
                                    .as(method + " " + path.getKey()).isPositive();
                        }
                    });
                }
                Set<String> routes = new HashSet<>();
                Routes.ALL.forEach(route -> routes.add(route.method() + " " + route.template()));
                assertThat(documented).isEqualTo(routes);
                assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                        .isEqualTo("bearer");
            });
        }

        @Test
        void swaggerUiIsServedFromTheJar() {
            wire.get("/apidocs").token(ALICE).send().expect(200, r -> {
                assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
                assertThat(r.body()).contains("/apidocs/swagger-ui-bundle.js").doesNotContain("https://");
            });
            for (String file : List.of("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js",
                    "apidocs.js")) {
                wire.get("/apidocs/" + file).token(ALICE).send().expect(200, r ->
                        assertThat(r.body()).hasSizeGreaterThan(100));
            }
            wire.get("/apidocs/index.html").token(ALICE).send().expect(404);
            wire.get("/apidocs/..%2Fopenapi.json").token(ALICE).send().expect(404);
        }
    }

    @Nested
    class Concurrency {

        @Test
        void concurrentStartsStatusesAndDeletes() {
            int count = 32;
            List<CompletableFuture<Wire.Reply>> starts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String token = i % 2 == 0 ? ALICE : BOB;
                Wire.Call call = i % 4 < 2
                        // nginx: the registry lets a user run any number of it (count -1)
                        ? wire.post("/v1/systems").token(token).json(Map.of("app", "nginx"))
                        : wire.post("/system/start").token(token).json(pythonStart("files", null));
                starts.add(call.sendAsync());
            }
            Set<String> sids = new HashSet<>();
            for (CompletableFuture<Wire.Reply> start : starts) {
                Wire.Reply reply = start.join();
                reply.expect(reply.status() == 201 ? 201 : 200, r -> sids.add(r.status() == 201
                        ? r.json().path("identifier").asText() : r.json().path("result").path("sid").asText()));
            }
            assertThat(sids).hasSize(count).allMatch(s -> s.matches("[0-9a-f]{32}"));
            List<CompletableFuture<Wire.Reply>> reads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                reads.add(wire.get("/v1/systems").token(i % 2 == 0 ? ALICE : BOB).sendAsync());
            }
            for (int i = 0; i < count; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                reads.get(i).join().expect(200, r -> r.json().path("systems").forEach(s ->
                        assertThat(s.path("user").asText()).isEqualTo(user)));
            }
            List<CompletableFuture<Wire.Reply>> deletes = new ArrayList<>();
            for (String sid : sids) {
                deletes.add(wire.call("DELETE", "/v1/systems/" + sid).token(OPS).sendAsync());
            }
            deletes.forEach(delete -> delete.join().expect(204));
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void anUnreachableRegistryMakesTheServerNotReadyNotDead() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            try (TychoServer lonely = TychoServer.start(ServerSettings.fromEnvironment(settings(Map.of(
                    ServerSettings.REGISTRY, "http://127.0.0.1:" + closedPort + "/registry/",
                    ServerSettings.ADMIN_TOKEN, OPS))))) {
                Wire other = new Wire(lonely.url());
                other.get("/healthz").send().expect(200);
                other.get("/readyz").send().expect(503, r -> {
                    assertThat(r.json().path("status").asText()).isEqualTo("not ready");
                    assertThat(r.json().path("registry").asText()).contains("127.0.0.1:" + closedPort);
                });
                other.get("/v1/apps").token(OPS).send().expect(503, r -> assertProblem(r, 503, null));
                other.post("/system/status").token(OPS).json("{}").send().expect(503, r ->
                        assertEnvelopeError(r, "not ready"));
            }
        }

        @Test
        void theStartupMessageShowsAWorkingCurlCommand() {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            TychoServer started = Main.start(settings(Map.of()), new PrintStream(printed, true,
                    StandardCharsets.UTF_8));
            try {
                String text = printed.toString(StandardCharsets.UTF_8);
                assertThat(text).contains("Tycho server listening on " + started.url());
                String token = started.generatedAdminToken().orElseThrow();
                assertThat(token).matches("[0-9a-f]{64}");
                java.util.regex.Matcher curl = java.util.regex.Pattern
                        .compile("curl -H \"Authorization: Bearer ([0-9a-f]+)\" (\\S+)").matcher(text);
                assertThat(curl.find()).as(text).isTrue();
                assertThat(curl.group(1)).isEqualTo(token);
                Wire other = new Wire(started.url());
                other.get(java.net.URI.create(curl.group(2)).getPath()).token(curl.group(1)).send().expect(200, r ->
                        assertThat(r.json().path("apps")).hasSize(3));
                other.get("/v1/apps").token(ALICE).send().expect(401);
            } finally {
                started.close();
            }
        }

        @Test
        void aStopLetsRequestsInFlightFinish() throws Exception {
            TychoServer stopping = TychoServer.start(ServerSettings.fromEnvironment(settings(Map.of(
                    ServerSettings.ADMIN_TOKEN, OPS))));
            Wire other = new Wire(stopping.url());
            CountDownLatch bodyStarted = new CountDownLatch(1);
            CountDownLatch finishBody = new CountDownLatch(1);
            CompletableFuture<Wire.Reply> slow = other.post("/v1/systems").token(OPS)
                    .body(new SlowBody("{\"app\": ", "\"nginx\"}", bodyStarted, finishBody)).sendAsync();
            assertThat(bodyStarted.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200); // the request has reached the server and is waiting for the rest of its body
            Thread stopper = new Thread(stopping::close);
            stopper.start();
            Thread.sleep(300); // the stop has begun and waits for the request in flight
            assertThat(stopper.isAlive()).as("the stop waits for the request in flight").isTrue();
            finishBody.countDown();
            slow.get(20, TimeUnit.SECONDS).expect(201, r -> assertThat(r.json().path("app").asText())
                    .isEqualTo("nginx"));
            stopper.join(20_000);
            assertThat(stopper.isAlive()).isFalse();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Jwt {

        private static final String ISSUER = "https://login.example.org/realms/helx";
        private com.sun.net.httpserver.HttpServer jwks;
        private TychoServer jwtServer;
        private Wire jwtWire;
        private com.nimbusds.jose.jwk.RSAKey key;
        private com.nimbusds.jose.jwk.RSAKey stranger;

        @BeforeAll
        void start() throws Exception {
            key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
            stranger = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("k1").generate();
            byte[] set = new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString()
                    .getBytes(StandardCharsets.UTF_8);
            jwks = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            jwks.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, set.length);
                exchange.getResponseBody().write(set);
                exchange.close();
            });
            jwks.start();
            jwtServer = TychoServer.start(ServerSettings.fromEnvironment(settings(Map.of(
                    ServerSettings.JWKS_URL, "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                    ServerSettings.JWT_ISSUER, ISSUER,
                    ServerSettings.JWT_AUDIENCE, "tycho",
                    ServerSettings.JWT_ADMIN_GROUP, "tycho-admins"))));
            jwtWire = new Wire(jwtServer.url());
        }

        @org.junit.jupiter.api.AfterAll
        void stop() {
            jwtServer.close();
            jwks.stop(0);
        }

        private String token(com.nimbusds.jose.jwk.RSAKey signer, Map<String, Object> claims, long expiresIn)
                throws Exception {
            com.nimbusds.jwt.JWTClaimsSet.Builder builder = new com.nimbusds.jwt.JWTClaimsSet.Builder()
                    .issuer(ISSUER).audience("tycho").subject("0b7f")
                    .expirationTime(new java.util.Date(System.currentTimeMillis() + expiresIn * 1000));
            claims.forEach(builder::claim);
            com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                    new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                            .keyID(signer.getKeyID()).build(), builder.build());
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(signer));
            String text = jwt.serialize();
            ISSUED.add(text);
            return text;
        }

        @Test
        void aValidJwtNamesTheUser() throws Exception {
            String carol = token(key, Map.of("preferred_username", "carol"), 300);
            String[] sid = new String[1];
            jwtWire.post("/v1/systems").token(carol).json(Map.of("app", "nginx")).send().expect(201, r -> {
                assertThat(r.json().path("user").asText()).isEqualTo("carol");
                sid[0] = r.json().path("identifier").asText();
            });
            jwtWire.post("/system/status").token(carol).json("{}").send().expect(200, r ->
                    assertThat(r.json().path("result").get(0).path("username").asText()).isEqualTo("carol"));
            String dave = token(key, Map.of("preferred_username", "dave"), 300);
            jwtWire.get("/v1/systems/" + sid[0]).token(dave).send().expect(404);
            String admin = token(key, Map.of("preferred_username", "erin", "groups", List.of("staff",
                    "tycho-admins")), 300);
            jwtWire.get("/v1/systems/" + sid[0]).token(admin).send().expect(200, r ->
                    assertThat(r.json().path("user").asText()).isEqualTo("carol"));
        }

        @Test
        void invalidJwtsAreRefused() throws Exception {
            jwtWire.get("/v1/apps").token(token(key, Map.of("preferred_username", "carol"), -120)).send()
                    .expect(401, r -> assertThat(r.json().path("detail").asText()).contains("xpired"));
            jwtWire.get("/v1/apps").token(token(stranger, Map.of("preferred_username", "carol"), 300)).send()
                    .expect(401, r -> assertProblem(r, 401, null));
            com.nimbusds.jwt.JWTClaimsSet otherIssuer = new com.nimbusds.jwt.JWTClaimsSet.Builder()
                    .issuer("https://elsewhere.example.org").audience("tycho").claim("preferred_username", "carol")
                    .expirationTime(new java.util.Date(System.currentTimeMillis() + 300_000)).build();
            com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(
                    new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("k1").build(),
                    otherIssuer);
            forged.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
            ISSUED.add(forged.serialize());
            jwtWire.get("/v1/apps").token(forged.serialize()).send().expect(401);
            com.nimbusds.jwt.PlainJWT unsigned = new com.nimbusds.jwt.PlainJWT(new com.nimbusds.jwt.JWTClaimsSet
                    .Builder().issuer(ISSUER).audience("tycho").claim("preferred_username", "carol")
                    .expirationTime(new java.util.Date(System.currentTimeMillis() + 300_000)).build());
            jwtWire.get("/v1/apps").token(unsigned.serialize()).send().expect(401);
            jwtWire.get("/v1/apps").token(token(key, Map.of("name", "carol"), 300)).send().expect(401);
            jwtWire.get("/v1/apps").token(token(key, Map.of("preferred_username", "carol@example.org"), 300))
                    .send().expect(403, r -> assertThat(r.json().path("detail").asText())
                            .contains("preferred_username"));
            jwtWire.get("/v1/apps").token("a.b.c").send().expect(401);
        }
    }

    /** A server with resource bounds: refusals of the resource policy, on both APIs, and their metrics. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Limits {

        private TychoServer bounded;
        private Wire boundedWire;

        @BeforeAll
        void start() {
            bounded = TychoServer.start(ServerSettings.fromEnvironment(settings(Map.of(
                    ServerSettings.TOKENS_FILE, dir.resolve("tokens.yaml").toString(),
                    "TYCHO_APP_MAX_CPUS", "2",
                    "TYCHO_USER_MAX_SYSTEMS", "2"))));
            boundedWire = new Wire(bounded.url());
        }

        @AfterAll
        void stop() {
            bounded.close();
        }

        private void assertLimitProblem(Wire.Reply reply, String limit, String bound, String value) {
            assertThat(reply.header("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("application/problem+json"));
            JsonNode json = reply.json();
            assertThat(keys(json)).containsExactly("type", "title", "status", "detail", "limit", "bound", "value");
            assertThat(json.path("type").asText()).isEqualTo("tag:helxplatform.org,2025:tycho/problems/limit-exceeded");
            assertThat(json.path("title").asText()).isEqualTo("Limit exceeded");
            assertThat(json.path("status").asInt()).isEqualTo(403);
            assertThat(json.path("limit").asText()).isEqualTo(limit);
            assertThat(json.path("bound").asText()).isEqualTo(bound);
            assertThat(json.path("value").asText()).isEqualTo(value);
            assertThat(json.path("detail").asText()).contains(limit.startsWith("TYCHO_") ? limit : "count");
        }

        @Test
        void refusalsOfTheResourcePolicyAre403ProblemsOrErrorEnvelopes() {
            boundedWire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx", "resources",
                    Map.of("cpus", "4", "memory", "256M"))).send().expect(403, r ->
                    assertLimitProblem(r, "TYCHO_APP_MAX_CPUS", "2", "4"));
            String[] first = new String[1];
            boundedWire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx")).send().expect(201, r ->
                    first[0] = r.json().path("identifier").asText());
            boundedWire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx")).send().expect(201);
            boundedWire.post("/v1/systems").token(ALICE).json(Map.of("app", "nginx")).send().expect(403, r -> {
                assertLimitProblem(r, "TYCHO_USER_MAX_SYSTEMS", "2", "3");
                assertThat(r.json().path("detail").asText()).isEqualTo("user alice runs 2 systems, and"
                        + " TYCHO_USER_MAX_SYSTEMS=2 allows no more; delete one before starting another");
            });
            boundedWire.post("/system/start").token(ALICE).json(pythonStart("web", null)).send().expect(200, r ->
                    assertEnvelopeError(r, "TYCHO_USER_MAX_SYSTEMS=2", "delete one"));
            boundedWire.call("PATCH", "/v1/systems/" + first[0]).token(ALICE).json(Map.of("cpus", "3")).send()
                    .expect(403, r -> assertLimitProblem(r, "TYCHO_APP_MAX_CPUS", "2", "3"));
            boundedWire.post("/system/modify").token(ALICE).json(Map.of("tycho-guid", first[0], "cpu", "3")).send()
                    .expect(200, r -> assertEnvelopeError(r, "TYCHO_APP_MAX_CPUS=2"));
            boundedWire.get("/v1/systems/" + first[0]).token(ALICE).send().expect(200, r ->
                    assertThat(r.json().path("utilization").path("nginx").path("cpu").asText()).isEqualTo("0.25"));
            boundedWire.get("/v1/systems").token(ALICE).send().expect(200, r ->
                    assertThat(r.json().path("systems")).as("nothing was created by a refused start").hasSize(2));
            boundedWire.post("/v1/systems").token(BOB).json(Map.of("app", "filebrowser")).send().expect(201);
            boundedWire.post("/v1/systems").token(BOB).json(Map.of("app", "filebrowser")).send().expect(403, r ->
                    assertLimitProblem(r, "count of app filebrowser", "1", "2"));
            boundedWire.post("/v1/systems").token(OPS).json(Map.of("app", "filebrowser", "user", "bob")).send()
                    .expect(403, r -> assertLimitProblem(r, "count of app filebrowser", "1", "2"));

            boundedWire.get("/metrics").token(OPS).send().expect(200, r -> {
                String text = r.body();
                assertThat(text)
                        .containsPattern("tycho_failures_total\\{reason=\"limit_exceeded\",route=\"/v1/systems\"} 4")
                        .containsPattern("tycho_failures_total\\{reason=\"limit_exceeded\","
                                + "route=\"/v1/systems/\\{identifier}\"} 1")
                        .containsPattern("tycho_failures_total\\{reason=\"limit_exceeded\",route=\"/system/start\"} 1")
                        .containsPattern("tycho_failures_total\\{reason=\"limit_exceeded\",route=\"/system/modify\"} 1");
                List<String> failureLines = text.lines().filter(line -> line.startsWith("tycho_failures_total{"))
                        .toList();
                assertThat(failureLines).as("one series per route and reason; no limit name, app, user or value")
                        .allMatch(line -> line.matches("tycho_failures_total\\{reason=\"[a-z_]+\",route=\"[^\"]+\"} "
                                + "[0-9.]+"))
                        .noneMatch(line -> line.contains("TYCHO_") || line.contains("filebrowser")
                                || line.contains("alice") || line.contains("bob"));
            });
        }
    }

    /** A request body sent in two parts: the first at once, the second when the test says so. */
    static final class SlowBody implements HttpRequest.BodyPublisher {
        private final byte[] first;
        private final byte[] second;
        private final CountDownLatch firstSent;
        private final CountDownLatch sendSecond;

        SlowBody(String first, String second, CountDownLatch firstSent, CountDownLatch sendSecond) {
            this.first = first.getBytes(StandardCharsets.UTF_8);
            this.second = second.getBytes(StandardCharsets.UTF_8);
            this.firstSent = firstSent;
            this.sendSecond = sendSecond;
        }

        @Override
        public long contentLength() {
            return first.length + second.length;
        }

        @Override
        public void subscribe(java.util.concurrent.Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
            subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                private int sent;

                @Override
                public synchronized void request(long n) {
                    if (sent == 0) {
                        sent = 1;
                        subscriber.onNext(java.nio.ByteBuffer.wrap(first));
                        firstSent.countDown();
                        return;
                    }
                    if (sent == 1) {
                        sent = 2;
                        CompletableFuture.runAsync(() -> {
                            try {
                                sendSecond.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            subscriber.onNext(java.nio.ByteBuffer.wrap(second));
                            subscriber.onComplete();
                        });
                    }
                }

                @Override
                public void cancel() {
                    sent = 2;
                }
            });
        }
    }

    /** Copies what the server logs to stderr, so the test can check that no token is ever logged. */
    static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
