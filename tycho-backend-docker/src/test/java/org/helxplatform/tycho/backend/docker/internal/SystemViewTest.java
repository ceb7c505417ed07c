package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status, phase and reason from what the engine says about a system's containers. */
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
        labels.put("tycho-conn-string", "lab");
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

    private static ContainerView running(String service, String health, Instant created, long nanoCpus,
                                         Integer hostPort) {
        return new ContainerView("id-" + service, labels(service, hostPort != null), "running", health, "", null,
                false, "", 0, created, nanoCpus, 2_000_000_000L, hostPort);
    }

    private static ContainerView container(String status, String health, Integer exit, boolean oom, String error,
                                           int restarts) {
        return new ContainerView("id", labels("web", false), status, health, "connection refused", exit, oom, error,
                restarts, T0, 0, 64_000_000L, null);
    }

    @Test
    void statusAddsUpTheContainers() {
        SystemView view = new SystemView(List.of(running("sidecar", null, T0.plusSeconds(1), 100_000_000L, null),
                running("notebook", "healthy", T0, 500_000_000L, 32768)), 3);

        SystemStatus status = view.status();

        ServiceEndpoint endpoint = new ServiceEndpoint("port-1", 8888, "notebook:8888", "127.0.0.1", 32768, null);
        assertThat(status).isEqualTo(new SystemStatus("notebook-" + ID, "notebook", ID, "alice", T0,
                Map.of("notebook", Map.of("cpu", "0.5", "memory", "2000M", "nvidia.com/gpu", "0"),
                        "sidecar", Map.of("cpu", "100m", "memory", "2000M", "nvidia.com/gpu", "0")),
                "notebook", SystemState.of(SystemPhase.READY, "ContainersReady",
                        "all 2 containers run and answer their health checks"),
                "http://127.0.0.1:32768/lab", Map.of("notebook", endpoint)));
        assertThat(status.utilization().keySet()).containsExactly("notebook", "sidecar");
        assertThat(status.ipAddress()).isEqualTo("127.0.0.1");
        assertThat(status.port()).isEqualTo(32768);
    }

    @Test
    void aSystemIsInTheWorstPhaseOfItsContainers() {
        SystemView starting = new SystemView(List.of(running("notebook", "starting", T0, 0, 32768),
                running("sidecar", null, T0, 0, null)), 3);
        SystemView failing = new SystemView(List.of(running("notebook", "starting", T0, 0, 32768),
                new ContainerView("id", labels("sidecar", false), "restarting", null, "", 1, false, "", 3, T0, 0, 0,
                        null)), 3);

        assertThat(starting.state()).isEqualTo(SystemState.of(SystemPhase.STARTING, "HealthStarting",
                "container notebook runs; its health check has not passed yet"));
        assertThat(starting.status().ready()).isFalse();
        assertThat(starting.status().utilization().get("sidecar")).doesNotContainKey("cpu");
        assertThat(failing.state()).isEqualTo(SystemState.of(SystemPhase.FAILED, "CrashLoopBackOff",
                "container sidecar exited with code 1 and was restarted 3 times"));
    }

    @Test
    void withoutARunningServiceThereIsNoUrl() {
        SystemView view = new SystemView(List.of(new ContainerView("id", labels("notebook", true), "created", null,
                "", null, false, "", 0, T0, 0, 0, null)), 3);

        assertThat(view.url()).isNull();
        assertThat(view.state().phase()).isEqualTo(SystemPhase.PENDING);
    }

    private static ContainerView limited(String cpu, long nanoCpus, String memory, long bytes) {
        Map<String, String> labels = labels("web", false);
        labels.remove("tycho-cpu");
        labels.remove("tycho-memory");
        if (cpu != null) {
            labels.put("tycho-cpu", cpu);
        }
        if (memory != null) {
            labels.put("tycho-memory", memory);
        }
        return new ContainerView("id", labels, "running", null, "", null, false, "", 0, T0, nanoCpus, bytes, null);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 500000000, 0.5", "500m, 500000000, 500m", "0.5, 2000000000, 2", "1, 1500000000, 1500m",
        ", 3000000000, 3", ", 1000000, 1m", ", 1500, 1500n", "not-a-quantity, 1000000000, 1"})
    void cpuIsReportedAsGivenWhileEnforcedElseCanonical(String given, long nano, String text) {
        assertThat(limited(given, nano, null, 0).cpuLimit()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"2000M, 2000000000, 2000M", "1G, 3000000000, 3G", ", 3221225472, 3Gi", ", 536870912, 512Mi",
        ", 1024000000, 1024M", ", 2048, 2Ki", ", 1234567, 1234567", ", 64000000, 64M"})
    void memoryIsReportedAsGivenWhileEnforcedElseWithTheShortestSuffix(String given, long bytes, String text) {
        assertThat(limited(null, 0, given, bytes).memoryLimit()).isEqualTo(text);
    }

    @Test
    void withoutALimitNoneIsReported() {
        ContainerView unlimited = limited("0.5", 0, "64M", 0);

        assertThat(unlimited.cpuLimit()).isNull();
        assertThat(unlimited.memoryLimit()).isNull();
        assertThat(new SystemView(List.of(unlimited), 3).status().utilization().get("web"))
                .doesNotContainKeys("cpu", "memory");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "created|||false||0|PENDING|ContainerCreating|container web is created, not started yet",
        "running|||false||0|READY|ContainerRunning|container web runs",
        "running|healthy||false||0|READY|ContainerHealthy|container web answers its health check",
        "running|starting||false||0|STARTING|HealthStarting|container web runs; its health check has not passed yet",
        "running|unhealthy||false||0|STARTING|Unhealthy|container web's health check fails: connection refused",
        "restarting||1|false||1|STARTING|ContainerRestarting|container web exited with code 1 and is being"
                + " restarted (restart 2)",
        "restarting||1|false||3|FAILED|CrashLoopBackOff|container web exited with code 1 and was restarted 3 times",
        "running|starting||false||3|FAILED|CrashLoopBackOff|container web exited and was restarted 3 times",
        "running|healthy||false||5|READY|ContainerHealthy|container web answers its health check",
        "exited||137|true||0|FAILED|OOMKilled|container web used more than its memory limit (64M) and was killed",
        "restarting||137|true||1|FAILED|OOMKilled|container web used more than its memory limit (64M) and was killed",
        "exited||2|false||0|FAILED|ContainerExited|container web is exited with code 2 and is not being restarted",
        "created|||false|exec: \"x\": not found|0|FAILED|ContainerCannotRun|container web: exec: \"x\": not found",
        "removing|||false||0|TERMINATING|Removing|container web is being removed",
        "paused|||false||0|PENDING|ContainerPaused|container web is paused"})
    void phasesAndReasonsComeFromTheInspectState(String status, String health, Integer exit, boolean oom,
                                                 String error, int restarts, SystemPhase phase, String reason,
                                                 String message) {
        assertThat(container(status, health, exit, oom, error, restarts).state(3))
                .isEqualTo(SystemState.of(phase, reason, message));
    }
}
