package org.helxplatform.tycho.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {

    private static final String ID = "70ad3bc3735333ccba203588e90ef550";

    @Test
    void principalNeverShowsTokens() {
        Principal principal = new Principal("alice", "secret-access", "secret-refresh");

        assertThat(principal.toString()).contains("alice").doesNotContain("secret");
    }

    @Test
    void principalRejectsNamesThatCannotBeLabels() {
        assertThatThrownBy(() -> Principal.of("alice\nevil: true"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("principal.username");
        assertThatThrownBy(() -> Principal.of(" ")).hasMessageContaining("must not be blank");
    }

    @Test
    void systemsAndRequestsNeverShowEnvironmentValues() {
        Container web = Container.builder("web", "nginx").env("DB_PASSWORD", "hunter2-env").build();
        TychoSystem system = TychoSystem.builder("web", ID, new Principal("alice", "secret-access", null))
                .container(web).extraContainerEnv(Map.of("API_KEY", "hunter2-extra")).build();
        StartRequest request = new StartRequest(system.principal(), "web", ResourceRequest.of("1", "1G"), "",
                Map.of("API_KEY", "hunter2-extra"));

        assertThat(system.toString()).contains("web-" + ID, "API_KEY").doesNotContain("hunter2", "secret");
        assertThat(request.toString()).contains("API_KEY").doesNotContain("hunter2", "secret");
        assertThat(web.toString()).contains("DB_PASSWORD").doesNotContain("hunter2");
    }

    @Test
    void envVarsSplitAtTheFirstEquals() {
        assertThat(EnvVar.parse("K=a=b")).isEqualTo(new EnvVar("K", "a=b"));
        assertThat(EnvVar.parse("K=")).isEqualTo(new EnvVar("K", ""));
        assertThat(EnvVar.parse("K")).isEqualTo(new EnvVar("K", ""));
        assertThat(new EnvVar("K", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void containersRejectMeaninglessValues() {
        assertThatThrownBy(() -> Container.builder("web", " ").build()).hasMessageContaining("image");
        assertThatThrownBy(() -> Container.builder("web", "nginx").port(0).build())
                .hasMessageContaining("container web: ports").hasMessageContaining("1-65535");
        assertThatThrownBy(() -> Container.builder("Web", "nginx").build()).hasMessageContaining("container.name");
    }

    @Test
    void resourceLimitsAreQuantities() {
        assertThat(new ResourceLimits("0.5", "2000M", "0", "").isEmpty()).isFalse();
        assertThat(ResourceLimits.NONE.isEmpty()).isTrue();
        assertThatThrownBy(() -> ResourceLimits.of("1\"\n  evil: x", "1G")).hasMessageContaining("resources.cpus");
        assertThatThrownBy(() -> new ResourceLimits(null, null, "1.5", null)).hasMessageContaining("gpus");
    }

    @Test
    void probesNeedWhatTheirKindNeeds() {
        assertThat(Probe.httpGet("/", "8080", Map.of()).withTimings(5, 10, 3).initialDelaySeconds()).isEqualTo(5);
        assertThat(Probe.tcpSocket("http").port()).isEqualTo("http");
        assertThatThrownBy(() -> Probe.exec(List.of())).hasMessageContaining("probe.cmd");
        assertThatThrownBy(() -> Probe.tcpSocket("70000")).hasMessageContaining("probe.port");
        assertThatThrownBy(() -> Probe.exec(List.of("true")).withTimings(-1, null, null))
                .hasMessageContaining("probe.delay");
    }

    @Test
    void serviceClientsAreNormalisedCidrs() {
        SystemService service = new SystemService("web", "8080",
                List.of("10.0.0.0/8", "192.168.1.7", "2001:DB8::/32", "::1"));

        assertThat(service.clients()).containsExactly("10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32", "::1/128");
    }

    @Test
    void serviceClientsWithHostBitsAreRejected() {
        assertThatThrownBy(() -> new SystemService("web", "8080", List.of("10.0.0.1/8")))
                .hasMessageContaining("host bits set");
        assertThatThrownBy(() -> new SystemService("web", "8080", List.of("example.org")))
                .hasMessageContaining("not a CIDR block");
        assertThatThrownBy(() -> SystemService.of("web", "http")).hasMessageContaining("port");
    }

    @Test
    void systemNamesAreCheckedTogether() {
        Container web = Container.builder("web", "nginx").build();

        TychoSystem system = TychoSystem.builder("web", ID, Principal.of("alice")).container(web).build();

        assertThat(system.name()).isEqualTo("web-" + ID);
        assertThatThrownBy(() -> TychoSystem.builder("an-app-id-that-is-far-too-long-x", ID, Principal.of("a"))
                .container(web).build()).hasMessageContaining("at most 30 characters");
        assertThatThrownBy(() -> TychoSystem.builder("web", "not-hex", Principal.of("a")).container(web).build())
                .hasMessageContaining("identifier");
        assertThatThrownBy(() -> TychoSystem.builder("web", ID, Principal.of("a")).container(web).container(web)
                .build()).hasMessageContaining("defined twice");
        assertThatThrownBy(() -> TychoSystem.builder("web", ID, Principal.of("a")).container(web)
                .volumes(List.of(new Volume("db", "claim", "", "/data", true))).build())
                .hasMessageContaining("not a container of the system");
        assertThatThrownBy(() -> TychoSystem.builder("web", ID, Principal.of("a")).container(web)
                .connString("a b").build()).hasMessageContaining("conn_string");
    }

    @Test
    void collectionsAreCopiedAndOrdered() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "1");
        env.put("A", "2");
        TychoSystem system = TychoSystem.builder("web", ID, Principal.of("alice"))
                .container(Container.builder("web", "nginx").build()).extraContainerEnv(env).build();
        env.put("B", "3");

        assertThat(system.extraContainerEnv().keySet()).containsExactly("Z", "A");
        assertThatThrownBy(() -> system.extraContainerEnv().put("X", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void statusFormatsTimesAndTotalsLikePythonTycho() {
        SystemStatus status = SystemStatus.builder("web", ID, "alice", SystemState.of(SystemPhase.READY, "Ready", ""))
                .creationTime(Instant.parse("2024-03-05T07:08:09Z"))
                .utilization(Map.of("web", Map.of("cpu", "500m", "memory", "2000M", "nvidia.com/gpu", "1"),
                        "side", Map.of("cpu", "0.25", "memory", "1Gi")))
                .build();

        assertThat(status.creationTimeText()).isEqualTo("3-5-2024 7:8:9");
        assertThat(status.name()).isEqualTo("web-" + ID);
        assertThat(status.ready()).isTrue();
        assertThat(status.ipAddress()).isNull();
        assertThat(status.port()).isNull();
        SystemStatus.Utilization total = status.totalUtilization("nvidia.com/gpu");
        assertThat(total.cpuMillicores()).isEqualTo(750);
        assertThat(total.gpuMillis()).isEqualTo(1000);
        assertThat(total.memoryGb()).isCloseTo(3.073741824, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void modifyRequestsValidateLabelsAndQuantities() {
        assertThat(new ModifyRequest(ID, Map.of("team", "a"), "2", null).changesSomething()).isTrue();
        assertThat(new ModifyRequest(ID, Map.of(), null, null).changesSomething()).isFalse();
        assertThatThrownBy(() -> new ModifyRequest(ID, Map.of("team", "a\nb: c"), null, null))
                .hasMessageContaining("labels.team");
        assertThatThrownBy(() -> new ModifyRequest(ID, Map.of(), "lots", null)).hasMessageContaining("cpu");
    }
}
