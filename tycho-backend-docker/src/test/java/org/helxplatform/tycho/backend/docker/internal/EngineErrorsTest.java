package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** Engine failures in one line, and engine events as launch event reasons. */
class EngineErrorsTest {

    private static final URI HOST = URI.create("unix:///var/run/docker.sock");

    @Test
    void theEnginesMessageWithoutItsWrapping() {
        BadRequestException e = new BadRequestException("Status 400: {\"message\":\"Minimum memory limit allowed is"
                + " 6MB\"}\n");

        assertThat(EngineErrors.describe(e, HOST)).isEqualTo("the Docker engine answered 400: Minimum memory limit"
                + " allowed is 6MB");
    }

    @Test
    void anEngineThatCannotBeReachedSaysWhereAndWhatToDo() {
        RuntimeException e = new RuntimeException(new IOException("No such file or directory"));

        assertThat(EngineErrors.describe(e, HOST)).isEqualTo("cannot reach the Docker engine at"
                + " unix:///var/run/docker.sock (No such file or directory); start Docker, or set DOCKER_HOST to"
                + " where it listens");
    }

    @Test
    void portConflictsAreRecognised() {
        assertThat(EngineErrors.portTaken(new InternalServerErrorException("Status 500: {\"message\":\"driver failed"
                + " programming external connectivity: Bind for 127.0.0.1:30000 failed: port is already"
                + " allocated\"}"))).isTrue();
        assertThat(EngineErrors.portTaken(new InternalServerErrorException("Status 500: {\"message\":\"listen tcp4"
                + " 127.0.0.1:30000: bind: address already in use\"}"))).isTrue();
        assertThat(EngineErrors.portTaken(new InternalServerErrorException("Status 500: no such image"))).isFalse();
    }

    @Test
    void engineActionsBecomeReasonWords() {
        assertThat(DockerBackend.reason("die")).isEqualTo("Die");
        assertThat(DockerBackend.reason("health_status: healthy")).isEqualTo("HealthStatusHealthy");
        assertThat(DockerBackend.reason("oom")).isEqualTo("Oom");
        assertThat(DockerBackend.reason(": ")).isEqualTo("EngineEvent");
    }
}
