package org.helxplatform.tycho.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's settings: defaults, every value checked, errors naming the variable, no token in messages. */
class ServerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsStartAnEmbeddedServerOnLoopback() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.registry().baseUri()).isEqualTo(RegistrySource.BUILT_IN_BASE);
        assertThat(settings.product()).isEqualTo("common");
        assertThat(settings.backend()).isEqualTo("kubernetes");
        assertThat(settings.kubernetes()).isEqualTo(ServerSettings.KubernetesMode.AUTO);
        assertThat(settings.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(settings.corsOrigins()).isEmpty();
        assertThat(settings.hasConfiguredCredentials()).isFalse();
        assertThat(settings.jwtUserClaim()).isEqualTo("preferred_username");
        assertThat(settings.tychoSettings().devPhase()).isEqualTo("prod");
    }

    @Test
    void readsEverySetting() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.yaml"), "tokens: []\n");
        ServerSettings settings = ServerSettings.fromEnvironment(Map.ofEntries(
                Map.entry(ServerSettings.PORT, "9000"),
                Map.entry(ServerSettings.BIND_ADDRESS, "0.0.0.0"),
                Map.entry(ServerSettings.REGISTRY, dir.toString()),
                Map.entry(ServerSettings.PRODUCT, "helx"),
                Map.entry(ServerSettings.BACKEND, "memory"),
                Map.entry(ServerSettings.KUBERNETES, "Cluster"),
                Map.entry(ServerSettings.TOKENS_FILE, tokens.toString()),
                Map.entry(ServerSettings.ADMIN_TOKEN, "0123456789abcdef0123"),
                Map.entry(ServerSettings.JWKS_URL, "https://login.example.org/certs"),
                Map.entry(ServerSettings.JWT_USER_CLAIM, "sub"),
                Map.entry(ServerSettings.MAX_BODY_BYTES, "2048"),
                Map.entry(ServerSettings.CORS_ORIGINS, "https://a.example.org, http://b.example.org:8080"),
                Map.entry(ServerSettings.STOP_TIMEOUT_SECONDS, "5"),
                Map.entry("DEV_PHASE", "test")));
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(settings.registry().baseUri()).isEqualTo(dir.toUri());
        assertThat(settings.kubernetes()).isEqualTo(ServerSettings.KubernetesMode.CLUSTER);
        assertThat(settings.tokensFile()).contains(tokens);
        assertThat(settings.adminToken()).contains("0123456789abcdef0123");
        assertThat(settings.jwksUrl()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("login.example.org"));
        assertThat(settings.jwtUserClaim()).isEqualTo("sub");
        assertThat(settings.maxBodyBytes()).isEqualTo(2048);
        assertThat(settings.corsOrigins()).containsExactly("https://a.example.org", "http://b.example.org:8080");
        assertThat(settings.stopTimeoutSeconds()).isEqualTo(5);
        assertThat(settings.tychoSettings().devPhase()).isEqualTo("test");
        assertThat(settings.hasConfiguredCredentials()).isTrue();
        assertThat(settings.toString()).doesNotContain("0123456789abcdef0123").contains("adminToken=****");
    }

    @Test
    void badValuesNameTheVariableAndTheFix() {
        assertInvalid(Map.of(ServerSettings.PORT, "http"), "TYCHO_SERVER_PORT: 'http' must be a whole number");
        assertInvalid(Map.of(ServerSettings.PORT, "70000"), "TYCHO_SERVER_PORT");
        assertInvalid(Map.of(ServerSettings.MAX_BODY_BYTES, "0"), "TYCHO_SERVER_MAX_BODY_BYTES");
        assertInvalid(Map.of(ServerSettings.KUBERNETES, "minikube"), "auto, embedded or cluster");
        assertInvalid(Map.of(ServerSettings.REGISTRY, dir.resolve("none").toString()), "TYCHO_SERVER_REGISTRY");
        assertInvalid(Map.of(ServerSettings.TOKENS_FILE, dir.resolve("none.yaml").toString()),
                "TYCHO_SERVER_TOKENS_FILE");
        assertInvalid(Map.of(ServerSettings.CORS_ORIGINS, "*"), "wildcard");
        assertInvalid(Map.of(ServerSettings.CORS_ORIGINS, "https://*.example.org"), "wildcard");
        assertInvalid(Map.of(ServerSettings.CORS_ORIGINS, "https://a.example.org/path"), "not an origin");
        assertInvalid(Map.of(ServerSettings.JWKS_URL, "login.example.org/certs"), "TYCHO_SERVER_JWKS_URL");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(ServerSettings.ADMIN_TOKEN, "short-secret")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_SERVER_ADMIN_TOKEN").hasMessageContaining("openssl rand")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("CREATE_HOME_DIRS", "yes")))
                .isInstanceOf(TychoException.class).hasMessageContaining("CREATE_HOME_DIRS");
    }

    @Test
    void badTokensFilesAreRefusedNamingTheEntry() throws Exception {
        Path missingHash = Files.writeString(dir.resolve("a.yaml"), "tokens:\n  - user: alice\n");
        assertStartFails(missingHash, "tokens[0].sha256: is required");
        Path badUser = Files.writeString(dir.resolve("b.yaml"), "tokens:\n  - user: al ice\n    sha256: "
                + "a".repeat(64) + "\n");
        assertStartFails(badUser, "tokens[0].user");
        Path duplicate = Files.writeString(dir.resolve("c.yaml"), "tokens:\n  - user: a\n    sha256: " + "b".repeat(64)
                + "\n  - user: c\n    sha256: " + "B".repeat(64) + "\n");
        assertStartFails(duplicate, "tokens[1] has the same sha256");
        Path role = Files.writeString(dir.resolve("d.yaml"), "tokens:\n  - user: a\n    role: root\n    sha256: "
                + "c".repeat(64) + "\n");
        assertStartFails(role, "tokens[0].role");
        Path yaml = Files.writeString(dir.resolve("e.yaml"), "tokens: [\n");
        assertStartFails(yaml, "not valid YAML");
    }

    private void assertStartFails(Path tokens, String message) {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of(ServerSettings.TOKENS_FILE,
                tokens.toString(), ServerSettings.BACKEND, "memory", ServerSettings.PORT, "0"));
        assertThatThrownBy(() -> TychoServer.start(settings)).isInstanceOf(TychoException.class)
                .hasMessageContaining(tokens.toString()).hasMessageContaining(message);
    }

    private static void assertInvalid(Map<String, String> environment, String message) {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(environment))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining(message);
    }
}
