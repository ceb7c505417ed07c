package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status from what the engine says about a system's containers. */
class SystemViewTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Map<String, String> labels(String service, boolean published) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("executor", "tycho");
        labels.put("username", "alice");
        labels.put("tycho-guid", ID);
        labels.put("original-app-name", "notebook");
        labels.put("app-name", "notebook");
        labels.put("tycho-system-name", "notebook-" + ID);
        labels.put("tycho-container", service);
        labels.put("tycho-cpu", "0.5");
        labels.put("tycho-memory", "2000M");
        labels.put("tycho-gpus", "0");
        labels.put("tycho-gpu-resource", "nvidia.com/gpu");
        if (published) {
            labels.put("tycho-service-port", "8888");
            labels.put("tycho-endpoint-address", "127.0.0.1");
        }
        return labels;
    }

    private static ContainerView container(String service, String status, String health, Instant created,
                                           long nanoCpus, Integer hostPort) {
        return new ContainerView("id-" + service, labels(service, hostPort != null), status, health, null, false, "",
                created, nanoCpus, 2_000_000_000L, hostPort == null ? null : "127.0.0.1", hostPort);
    }

    @Test
    void statusAddsUpTheContainers() {
        SystemView view = new SystemView(java.util.List.of(
                container("sidecar", "running", null, T0.plusSeconds(1), 100_000_000L, null),
                container("notebook", "running", "healthy", T0, 500_000_000L, 32768)));

        SystemStatus status = view.status();

        assertThat(status).isEqualTo(new SystemStatus("notebook-" + ID, "notebook", ID, "alice", T0,
                Map.of("notebook", Map.of("cpu", "0.5", "memory", "2000M", "nvidia.com/gpu", "0"),
                        "sidecar", Map.of("cpu", "100m", "memory", "2000M", "nvidia.com/gpu", "0")),
                "notebook", true, "127.0.0.1", "32768"));
        assertThat(status.utilization().keySet()).containsExactly("notebook", "sidecar");
        assertThat(view.endpoints()).containsExactly(Map.entry("notebook",
                new ServiceEndpoint("127.0.0.1", "port-1", 32768)));
    }

    @Test
    void aSystemIsReadyOnlyWhenEveryContainerIs() {
        SystemView starting = new SystemView(java.util.List.of(
                container("notebook", "running", "starting", T0, 0, 32768),
                container("sidecar", "running", null, T0, 0, null)));

        assertThat(starting.ready()).isFalse();
        assertThat(starting.status().ready()).isFalse();
        assertThat(starting.status().utilization().get("sidecar")).doesNotContainKey("cpu");
    }

    @ParameterizedTest
    @CsvSource({
        "created, , , false, , CREATED, created",
        "running, , , false, , READY, running",
        "running, healthy, , false, , READY, healthy",
        "running, starting, , false, , STARTING, health: starting",
        "running, unhealthy, , false, , UNHEALTHY, unhealthy",
        "restarting, , 1, false, , RESTARTING, restarting (exited with code 1)",
        "exited, , 137, true, , STOPPED, OOMKilled",
        "exited, , 2, false, , STOPPED, exited (code 2)",
        "created, , , false, 'exec: \"x\": not found', CREATED, 'exec: \"x\": not found'"})
    void conditionsAndReasonsComeFromTheInspectState(String status, String health, Integer exit, boolean oom,
                                                     String error, ContainerView.Condition condition, String reason) {
        ContainerView view = new ContainerView("id", labels("web", false), status, health, exit, oom, error, T0, 0,
                0, null, null);

        assertThat(view.condition()).isEqualTo(condition);
        assertThat(view.reason()).isEqualTo(reason);
    }
}
