package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.model.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backend's settings: defaults, and clear errors for unusable values. */
class DockerSettingsTest {

    private static final Path HOME = Path.of("/home/alice");

    private static DockerSettings read(Map<String, String> values) {
        return DockerSettings.from(BackendConfiguration.of(values), HOME);
    }

    @Test
    void defaults() {
        DockerSettings settings = read(Map.of());

        assertThat(settings).isEqualTo(new DockerSettings(URI.create("unix:///var/run/docker.sock"), false, null,
                "127.0.0.1", "127.0.0.1", Path.of("/home/alice/.tycho/volumes"), null, Duration.ofSeconds(600), 3));
    }

    @Test
    void everySettingByName() {
        DockerSettings settings = read(Map.of("DOCKER_HOST", "tcp://docker.example.org:2376",
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs", "TYCHO_DOCKER_BIND_ADDRESS", "0.0.0.0",
                "TYCHO_DOCKER_VOLUME_ROOT", "/srv/tycho/../tycho/volumes", "TYCHO_DOCKER_HOST_PORTS", "30000-30099",
                "TYCHO_DOCKER_PULL_TIMEOUT", "60", "TYCHO_DOCKER_CRASH_RESTARTS", "5"));

        assertThat(settings).isEqualTo(new DockerSettings(URI.create("tcp://docker.example.org:2376"), true, "/certs",
                "0.0.0.0", "docker.example.org", Path.of("/srv/tycho/volumes"),
                new DockerSettings.PortRange(30000, 30099), Duration.ofSeconds(60), 5));
    }

    @Test
    void aWildcardBindAddressOnALocalEngineIsReportedAsLoopback() {
        assertThat(read(Map.of("TYCHO_DOCKER_BIND_ADDRESS", "::")).endpointAddress()).isEqualTo("127.0.0.1");
        assertThat(read(Map.of("TYCHO_DOCKER_BIND_ADDRESS", "::1")).endpointAddress()).isEqualTo("::1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DOCKER_HOST|http://localhost:2375|is not a Docker engine address",
        "DOCKER_HOST|tcp://localhost|is not a Docker engine address",
        "DOCKER_TLS_VERIFY|yes|must be 1 or 0",
        "TYCHO_DOCKER_BIND_ADDRESS|localhost|is not an IP address",
        "TYCHO_DOCKER_BIND_ADDRESS|256.0.0.1|is not an IP address",
        "TYCHO_DOCKER_VOLUME_ROOT|volumes|must be an absolute path",
        "TYCHO_DOCKER_HOST_PORTS|30000|is not a port range",
        "TYCHO_DOCKER_HOST_PORTS|30010-30000|is not a port range",
        "TYCHO_DOCKER_HOST_PORTS|0-10|is not a port range",
        "TYCHO_DOCKER_PULL_TIMEOUT|0|must be a positive number of seconds",
        "TYCHO_DOCKER_PULL_TIMEOUT|ten|must be a positive number of seconds",
        "TYCHO_DOCKER_CRASH_RESTARTS|0|must be a whole number of restarts, 1 or more"})
    void anUnusableValueFailsNamingTheSettingAndTheValue(String name, String value, String why) {
        assertThatThrownBy(() -> read(Map.of(name, value)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(name))
                .hasMessageStartingWith(name + ": '" + value + "' ")
                .hasMessageContaining(why);
    }

    @Test
    void tlsNeedsCertificatesAndATcpEngine() {
        assertThatThrownBy(() -> read(Map.of("DOCKER_HOST", "tcp://h:2376", "DOCKER_TLS_VERIFY", "1")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("DOCKER_CERT_PATH: null is unset but DOCKER_TLS_VERIFY=1");
        assertThatThrownBy(() -> read(Map.of("DOCKER_TLS_VERIFY", "true", "DOCKER_CERT_PATH", "/certs")))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("is not a tcp:// engine");
    }
}
