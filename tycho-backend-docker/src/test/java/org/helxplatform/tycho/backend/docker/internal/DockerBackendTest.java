package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the backend asks the engine for, without an engine. */
class DockerBackendTest {

    private static SystemPlan.ContainerPlan container(boolean hardened) {
        return new SystemPlan.ContainerPlan("web-0123-web", "web", "busybox", List.of(), List.of(), Map.of(),
                "1000:1000", List.of("2000"), List.of(8080), 8080,
                List.of(new SystemPlan.Mount(Path.of("/srv/volumes/stdnfs/home"), "/home")),
                new SystemPlan.Resources(500_000_000L, 512, 64_000_000L, null, 0), null, hardened);
    }

    @Test
    void aHardenedContainerDropsAllCapabilitiesAndCannotGainPrivileges() {
        HostConfig host = DockerBackend.hostConfig("web-0123", container(true), null, "127.0.0.1");

        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNull();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getReadonlyRootfs()).as("Pod Security restricted does not ask for it").isNull();
        assertThat(host.getPrivileged()).isNull();
        assertThat(host.getGroupAdd()).containsExactly("2000");
    }

    @Test
    void otherContainersKeepTheEnginesDefaults() {
        HostConfig host = DockerBackend.hostConfig("web-0123", container(false), 30000, "127.0.0.1");

        assertThat(host.getCapDrop()).isNull();
        assertThat(host.getSecurityOpts()).isNull();
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getMemory()).isEqualTo(64_000_000L);
        assertThat(host.getMemorySwap()).isEqualTo(64_000_000L);
        assertThat(host.getPortBindings().getBindings().values().iterator().next()[0].getHostPortSpec())
                .isEqualTo("30000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1000", "1000:100", "65534", "4294967294:0"})
    void anImageUserIdOtherThanZeroIsNonRoot(String imageUser) {
        assertThat(DockerBackend.rootUserProblem(imageUser)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|which is root: the image sets no user",
        "0|which is root (0)",
        "00:1000|which is root (00:1000)",
        "root|which is root (root)",
        "root:staff|which is root (root:staff)",
        "jovyan|which is the user name jovyan: only a user id can be checked to be non-root",
        "nobody:nogroup|which is the user name nobody: only a user id can be checked to be non-root"})
    void anImageRunningAsRootOrByNameIsRefusedUnderTheHardenedProfile(String imageUser, String problem) {
        assertThat(DockerBackend.rootUserProblem(imageUser)).isEqualTo(problem);
    }
}
