package org.helxplatform.tycho.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.StatusQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider: found by name, configured by settings, and clear when no engine answers. */
class DockerBackendProviderTest {

    @TempDir
    Path temp;

    @Test
    void isFoundByNameWithAPriorityBelowKubernetes() {
        assertThat(Backends.provider("docker")).isInstanceOf(DockerBackendProvider.class);
        assertThat(new DockerBackendProvider().priority()).isPositive().isLessThan(100);
    }

    @Test
    void anUnusableSettingFailsWhenTheBackendIsCreated() {
        assertThatThrownBy(() -> Backends.create("docker",
                BackendConfiguration.of(Map.of("TYCHO_DOCKER_BIND_ADDRESS", "everywhere"))))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_DOCKER_BIND_ADDRESS: 'everywhere' is not an IP address");
    }

    @Test
    void withoutAnEngineTheFirstOperationSaysWhereItLookedAndWhatToDo() {
        String socket = "unix://" + temp.resolve("no-docker.sock");
        try (Backend backend = Backends.create("docker", BackendConfiguration.of(Map.of("DOCKER_HOST", socket)))) {
            assertThat(backend.name()).isEqualTo("docker");
            assertThatThrownBy(() -> backend.status(StatusQuery.all()))
                    .isInstanceOf(StatusException.class)
                    .hasMessageContaining("cannot reach the Docker engine at " + socket)
                    .hasMessageContaining("start Docker, or set DOCKER_HOST");
        }
    }
}
