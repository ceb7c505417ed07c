package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoader;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Failures of loading and resolving surfaced through the context: a registry URL answering 500 or 404, an unknown
 * product, an unknown app; and the test registry served over real HTTP by a local server.
 */
class ContextErrorsTest {

    private HttpServer server;
    private URI base;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** /broken/ answers 500, /gone/ 404, /ok/ serves the test registry directory. */
    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.startsWith("/broken/")) {
            reply(exchange, 500, "internal error");
        } else if (path.startsWith("/ok/")) {
            Path file = Fixtures.directory().resolve(path.substring("/ok/".length())).normalize();
            if (file.startsWith(Fixtures.directory()) && Files.isRegularFile(file)) {
                reply(exchange, 200, Files.readString(file));
            } else {
                reply(exchange, 404, "not found");
            }
        } else {
            reply(exchange, 404, "not found");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void aRegistryUrlAnswering500FailsTheBuildNamingTheUrlAndStatus() {
        URI registry = base.resolve("broken/app-registry.yaml");
        assertThatThrownBy(() -> TychoContext.builder().registry(RegistrySource.url(base.resolve("broken")))
                .backend("memory").build())
                .isInstanceOf(LoadException.class)
                .hasMessage("cannot load " + registry + ": HTTP status 500")
                .satisfies(e -> {
                    assertThat(((LoadException) e).location()).isEqualTo(registry);
                    assertThat(((LoadException) e).status()).hasValue(500);
                });
        assertThat(hits.get("/broken/app-registry.yaml")).hasValue(1);
    }

    @Test
    void aRegistryUrlAnswering404FailsTheBuildNamingTheUrl() {
        assertThatThrownBy(() -> TychoContext.builder().registry(RegistrySource.url(base.resolve("gone/")))
                .backend("memory").build())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining(base.resolve("gone/app-registry.yaml").toString())
                .hasMessageContaining("not found");
    }

    @Test
    void theTestRegistryServedOverHttpStartsAnAppAndFetchesEachFileOnce() {
        try (TychoContext tycho = TychoContext.builder().registry(RegistrySource.url(base.resolve("ok/")))
                .settings(Fixtures.TEST_PHASE).backend("memory").build()) {
            for (String user : List.of("alice", "bob", "carol")) {
                tycho.start(new StartRequest(Principal.of(user), "full", ResourceRequest.of("1", "1G"), "", Map.of()));
            }
            tycho.start(new StartRequest(Principal.of("alice"), "plain", ResourceRequest.of("1", "1G"), "", Map.of()));
            assertThat(tycho.status(StatusQuery.all())).hasSize(4);
            assertThat(tycho.app("full").spec()).isEqualTo(base.resolve("ok/app-specs/full/docker-compose.yaml"));
            assertThat(tycho.appSettings("full")).containsEntry("SHARED", "registry-wins");
        }
        assertThat(hits.get("/ok/app-registry.yaml")).hasValue(1);
        assertThat(hits.get("/ok/app-defaults.yaml")).hasValue(1);
        assertThat(hits.get("/ok/app-specs/full/docker-compose.yaml")).hasValue(1);
        assertThat(hits.get("/ok/app-specs/full/.env")).hasValue(1);
        assertThat(hits.get("/ok/app-specs/plain/.env")).hasValue(1);
    }

    @Test
    void aSpecUrlAnswering500IsAnErrorNamingTheAppTheUrlAndTheStatus() {
        try (TychoContext tycho = Fixtures.context(location -> {
            if (location.toString().endsWith("plain/docker-compose.yaml")) {
                throw new LoadException(location, 500);
            }
            return Fixtures.loader().load(location);
        }).build()) {
            assertThatThrownBy(() -> tycho.start(new StartRequest(Principal.of("alice"), "plain",
                    ResourceRequest.of("1", "1G"), "",
                    Map.of())))
                    .isInstanceOf(SpecException.class)
                    .hasMessage("app plain (" + Fixtures.spec("plain") + "): the spec cannot be fetched: cannot load "
                            + Fixtures.spec("plain") + ": HTTP status 500")
                    .hasCauseInstanceOf(LoadException.class);
        }
    }

    @Test
    void anUnknownProductListsTheProducts() {
        assertThatThrownBy(() -> Fixtures.context().product("nope").build())
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("undefined product 'nope'")
                .hasMessageContaining("common, other");
    }

    @Test
    void theProductSelectsTheApps() {
        try (TychoContext other = Fixtures.context().product("other").build()) {
            assertThat(other.product()).isEqualTo("other");
            assertThat(other.apps()).containsOnlyKeys("plain");
            assertThat(other.app("plain").name()).isEqualTo("Plain elsewhere");
        }
        try (TychoContext common = Fixtures.context().build()) {
            assertThat(common.product()).isEqualTo("common");
            assertThat(common.apps().keySet()).containsExactly("full", "plain", "nulls", "rewrite", "nomain",
                    "noresources", "badyaml", "missing", "alpha", "beta", "gamma", "delta");
        }
    }

    @Test
    void anUnknownAppIsAnErrorNamingItEverywhere() {
        try (TychoContext tycho = Fixtures.context().product("other").build()) {
            StartRequest request = new StartRequest(Principal.of("alice"), "full", ResourceRequest.of("1", "1G"), "",
                    Map.of());
            for (Runnable call : List.<Runnable>of(() -> tycho.app("full"), () -> tycho.definition("full"),
                    () -> tycho.appSettings("full"), () -> tycho.compile(request), () -> tycho.start(request))) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(RegistryException.class)
                        .hasMessage("product 'other' has no app 'full'; it offers: plain");
            }
            assertThat(tycho.status(StatusQuery.all())).isEmpty();
        }
    }

    @Test
    void recursiveAliasesInARegistryOrASpecAreErrorsNamingTheFile() {
        assertThatThrownBy(() -> Fixtures.context(location -> location.toString().endsWith("app-registry.yaml")
                ? Optional.of("contexts: &c {common: *c}") : Fixtures.loader().load(location)).build())
                .isInstanceOf(org.helxplatform.tycho.model.TychoException.class)
                .hasMessageContaining("app-registry.yaml")
                .hasMessageContaining("contexts.common refers to itself");
        try (TychoContext tycho = Fixtures.context(location -> location.toString().endsWith("plain/docker-compose.yaml")
                ? Optional.of("services: &s {plain: *s}") : Fixtures.loader().load(location)).build()) {
            assertThatThrownBy(() -> tycho.definition("plain"))
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("app plain")
                    .hasMessageContaining("services.plain refers to itself");
        }
    }

    @Test
    void anIdentifierGeneratorGivingSomethingElseThanAnIdentifierFailsBeforeTheBackendIsCalled() {
        try (TychoContext tycho = Fixtures.context().identifiers(() -> "../x").build()) {
            assertThatThrownBy(() -> tycho.start(new StartRequest(Principal.of("alice"), "plain",
                    ResourceRequest.of("1", "1G"), "",
                    Map.of())))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("identifier (from the context's identifier generator)")
                    .hasMessageContaining("'../x'");
            assertThat(tycho.status(StatusQuery.all())).isEmpty();
        }
    }

    @Test
    void aRemoteRegistryCannotNameLocalFilesAsSpecs(@TempDir Path dir) throws Exception {
        Path secret = Files.createDirectories(dir.resolve("secret"));
        Files.writeString(secret.resolve("docker-compose.yaml"), "services: {web: {image: x}}");
        String registry = "contexts:\n  common:\n    apps:\n      web:\n        spec: " + secret.toUri()
                + "docker-compose.yaml\n        services: {web: 80}\n";
        URI base = URI.create("https://registry.example.org/raw/main/");
        ResourceLoader loader = location -> location.toString().startsWith(base.toString())
                ? Optional.of(location.toString().endsWith("app-registry.yaml") ? registry : "{}")
                : ResourceLoaders.standard().load(location);
        try (TychoContext tycho = TychoContext.builder().registry(RegistrySource.of(base, loader))
                .backend("memory").build()) {
            assertThatThrownBy(() -> tycho.definition("web"))
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("may only name specs at http(s) URLs or under its own location")
                    .hasMessageContaining(secret.toUri().toString());
            assertThatThrownBy(() -> tycho.appSettings("web")).isInstanceOf(SpecException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2e%2e/secret/docker-compose.yaml", "%2E%2E/secret/docker-compose.yaml",
        "../reg-other/docker-compose.yaml", "apps/../../secret/docker-compose.yaml"})
    void aDirectoryRegistryCannotNameFilesOutsideItself(String spec, @TempDir Path dir) throws Exception {
        Path registryDir = Files.createDirectories(dir.resolve("reg"));
        for (String outside : List.of("secret", "reg-other")) {
            Files.writeString(Files.createDirectories(dir.resolve(outside)).resolve("docker-compose.yaml"),
                    "services: {web: {image: x}}");
        }
        Files.writeString(registryDir.resolve("app-defaults.yaml"), "{}");
        Files.writeString(registryDir.resolve("app-registry.yaml"), "contexts:\n  common:\n    apps:\n      web:\n"
                + "        spec: " + registryDir.toUri() + spec + "\n        services: {web: 80}\n");
        try (TychoContext tycho = TychoContext.builder().registry(RegistrySource.directory(registryDir))
                .backend("memory").build()) {
            assertThatThrownBy(() -> tycho.definition("web"))
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("may only name specs at http(s) URLs or under its own location");
        }
    }

    @Test
    void aDirectoryRegistryMayNameFilesInsideItself(@TempDir Path dir) throws Exception {
        Path registryDir = Files.createDirectories(dir.resolve("reg"));
        Files.writeString(Files.createDirectories(registryDir.resolve("apps/web")).resolve("docker-compose.yaml"),
                "services: {web: {image: nginx}}");
        Files.writeString(registryDir.resolve("app-defaults.yaml"), "{}");
        Files.writeString(registryDir.resolve("app-registry.yaml"), "contexts:\n  common:\n    apps:\n      web:\n"
                + "        spec: " + registryDir.toUri() + "apps/./web/%2e%2e/web/docker-compose.yaml\n"
                + "        services: {web: 80}\n");
        try (TychoContext tycho = TychoContext.builder().registry(RegistrySource.directory(registryDir))
                .backend("memory").build()) {
            assertThat(tycho.definition("web").serviceNames()).containsExactly("web");
        }
    }
}
