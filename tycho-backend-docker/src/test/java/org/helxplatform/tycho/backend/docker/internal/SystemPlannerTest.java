package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mapping of a system onto Docker containers, without an engine. */
class SystemPlannerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Path ROOT = Path.of("/srv/tycho/volumes");

    private static DockerSettings settings(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(DockerSettings.VOLUME_ROOT, ROOT.toString());
        all.putAll(values);
        return DockerSettings.from(BackendConfiguration.of(all), Path.of("/home/nobody"));
    }

    private static Container notebook() {
        return Container.builder("notebook", "quay.io/jupyter/minimal-notebook:2025-03-14")
                .command(List.of("start-notebook.py", "--ServerApp.base_url=$(NB_PREFIX)", "$$(NB_PREFIX)",
                        "$(UNDEFINED)"))
                .env("JUPYTER_PORT", "8888")
                .env("GREETING", "hello $(USER)")
                .limits(new ResourceLimits("1.5", "2G", "1", ""))
                .requests(ResourceLimits.of("0.5", "512Mi"))
                .port(8888)
                .expose(9999)
                .readinessProbe(Probe.tcpSocket("8888").withTimings(5, 2, 4))
                .build();
    }

    private static Container sidecar() {
        return Container.builder("sidecar", "busybox:1.36")
                .command(List.of("sh", "-c", "sleep infinity"))
                .limits(ResourceLimits.of("0.1", "64M"))
                .livenessProbe(Probe.exec(List.of("true")))
                .build();
    }

    private static TychoSystem system() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("EXTRA", "x");
        return TychoSystem.builder("notebook", ID, new Principal("alice", "secret-token", "refresh"))
                .host("apps.example.org")
                .extraContainerEnv(extra)
                .connString("conn")
                .securityContext(new SecurityContext("1000", "100", "2000"))
                .containers(List.of(notebook(), sidecar()))
                .service(SystemService.of("notebook", "8888"))
                .volumes(List.of(new Volume("notebook", "stdnfs", "home/alice", "/home/alice", true),
                        new Volume("notebook", "stdnfs", "shared", "home/shared", false),
                        new Volume("sidecar", "stdnfs", "home/alice", "/data", false)))
                .systemPort("8888")
                .build();
    }

    @Test
    void oneNetworkNamedAfterTheSystemLabelledLikeThePods() {
        SystemPlan plan = SystemPlanner.plan(system(), settings(Map.of()));

        assertThat(plan.networkName()).isEqualTo("notebook-" + ID);
        assertThat(plan.labels()).containsExactly(Map.entry("executor", "tycho"), Map.entry("username", "alice"),
                Map.entry("tycho-guid", ID), Map.entry("original-app-name", "notebook"),
                Map.entry("app-name", "notebook"), Map.entry("tycho-system-name", "notebook-" + ID),
                Map.entry("tycho-conn-string", "conn"));
        assertThat(plan.containers()).extracting(SystemPlan.ContainerPlan::name)
                .containsExactly("notebook-" + ID + "-notebook", "notebook-" + ID + "-sidecar");
        assertThat(plan.containers()).allSatisfy(c -> assertThat(c.labels()).containsAllEntriesOf(plan.labels()));
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void eachContainerAnswersToItsServiceName() {
        SystemPlan.ContainerPlan sidecar = SystemPlanner.plan(system(), settings(Map.of())).containers().get(1);

        assertThat(sidecar.service()).isEqualTo("sidecar");
        assertThat(sidecar.labels()).containsEntry("tycho-container", "sidecar");
    }

    @Test
    void environmentFollowsThePodTemplate() {
        List<SystemPlan.ContainerPlan> containers = SystemPlanner.plan(system(), settings(Map.of())).containers();

        assertThat(containers.get(0).env()).containsExactly("JUPYTER_PORT=8888", "GREETING=hello $(USER)",
                "GUID=" + ID, "USER_NAME=alice", "USER=alice", "ACCESS_TOKEN=secret-token", "EXTRA=x",
                "NB_PREFIX=/", "FB_BASEURL=/", "HOST=apps.example.org", "username=alice",
                "access_token=secret-token", "refresh_token=refresh", "host=apps.example.org");
        // A container without environment of its own gets neither the token nor the extra environment.
        assertThat(containers.get(1).env()).containsExactly("HOST=apps.example.org", "GUID=" + ID,
                "USER_NAME=alice", "USER=alice", "NB_PREFIX=/", "FB_BASEURL=/", "username=alice",
                "access_token=secret-token", "refresh_token=refresh", "host=apps.example.org");
    }

    @Test
    void theCommandIsTheEntrypointWithVariablesExpandedAsKubernetesDoes() {
        SystemPlan.ContainerPlan notebook = SystemPlanner.plan(system(), settings(Map.of())).containers().get(0);

        assertThat(notebook.entrypoint()).containsExactly("start-notebook.py", "--ServerApp.base_url=/",
                "$(NB_PREFIX)", "$(UNDEFINED)");
        TychoSystem imageCommand = system().toBuilder().containers(List.of(Container.builder("notebook", "nginx")
                .build())).volumes(List.of()).build();
        assertThat(SystemPlanner.plan(imageCommand, settings(Map.of())).containers().get(0).entrypoint()).isEmpty();
    }

    @Test
    void resourcesBecomeDockerLimitsAndGpusADeviceRequest() {
        List<SystemPlan.ContainerPlan> containers = SystemPlanner.plan(system(), settings(Map.of())).containers();

        assertThat(containers.get(0).resources())
                .isEqualTo(new SystemPlan.Resources(1_500_000_000L, 512, 2_000_000_000L, 536_870_912L, 1));
        assertThat(containers.get(0).labels()).containsEntry("tycho-cpu", "1.5").containsEntry("tycho-memory", "2G")
                .containsEntry("tycho-gpus", "1").containsEntry("tycho-gpu-resource", "nvidia.com/gpu");
        // Without a CPU request the limit is the request, as on Kubernetes.
        assertThat(containers.get(1).resources())
                .isEqualTo(new SystemPlan.Resources(100_000_000L, 102, 64_000_000L, null, 0));
    }

    @ParameterizedTest
    @CsvSource({"1, 1000000000", "0.5, 500000000", "250m, 250000000", "2.25, 2250000000", "1500000000n, 1500000000"})
    void cpusAreNanoCpus(String cpus, long nano) {
        assertThat(SystemPlan.Resources.nanoCpus("limits.cpus", cpus)).isEqualTo(nano);
    }

    @ParameterizedTest
    @CsvSource({"2G, 2000000000", "512Mi, 536870912", "1Gi, 1073741824", "64M, 64000000", "1e3, 1000"})
    void memoryIsBytes(String memory, long bytes) {
        assertThat(SystemPlan.Resources.bytes("limits.memory", memory)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"1, 1024", "0.5, 512", "1m, 2", "0.1, 102"})
    void cpuRequestsAreSharesOf1024PerCpu(String cpus, int shares) {
        assertThat(SystemPlan.Resources.cpuShares("reservations.cpus", cpus)).isEqualTo(shares);
    }

    @Test
    void zeroAndUnsetMeanNoLimitAndAMalformedQuantityIsNamed() {
        assertThat(SystemPlan.Resources.nanoCpus("cpus", null)).isNull();
        assertThat(SystemPlan.Resources.nanoCpus("cpus", "0")).isNull();
        assertThat(SystemPlan.Resources.bytes("memory", null)).isNull();
        assertThat(SystemPlan.Resources.bytes("memory", "")).isNull();
        assertThat(SystemPlan.Resources.cpuShares("cpus", null)).isNull();
        assertThatThrownBy(() -> SystemPlan.Resources.bytes("memory", "2 GB"))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("memory");
    }

    @Test
    void onlyTheServicePortIsPublishedAndEveryPortExposed() {
        List<SystemPlan.ContainerPlan> containers = SystemPlanner.plan(system(),
                settings(Map.of(DockerSettings.BIND_ADDRESS, "10.1.2.3"))).containers();

        assertThat(containers.get(0).publishedPort()).isEqualTo(8888);
        assertThat(containers.get(0).exposedPorts()).containsExactly(8888, 9999);
        assertThat(containers.get(0).labels()).containsEntry("tycho-service-port", "8888")
                .containsEntry("tycho-endpoint-address", "10.1.2.3");
        assertThat(containers.get(1).publishedPort()).isNull();
        assertThat(containers.get(1).labels()).doesNotContainKey("tycho-service-port");
    }

    @Test
    void claimsAreDirectoriesUnderTheRootOwnedByThePodsUserAndFsGroup() {
        SystemPlan plan = SystemPlanner.plan(system(), settings(Map.of()));

        assertThat(plan.containers().get(0).mounts()).containsExactly(
                new SystemPlan.Mount(ROOT.resolve("stdnfs/home/alice"), "/home/alice"),
                new SystemPlan.Mount(ROOT.resolve("stdnfs/shared"), "/home/shared"));
        assertThat(plan.containers().get(1).mounts()).containsExactly(
                new SystemPlan.Mount(ROOT.resolve("stdnfs/home/alice"), "/data"));
        assertThat(plan.directories()).containsExactly(
                new SystemPlan.ClaimDirectory(ROOT.resolve("stdnfs/home/alice"), ROOT.resolve("stdnfs"), ROOT, 1000, 2000, true),
                new SystemPlan.ClaimDirectory(ROOT.resolve("stdnfs/shared"), ROOT.resolve("stdnfs"), ROOT, 1000, 2000, true));
        assertThat(plan.containers().get(0).user()).isEqualTo("1000:100");
        assertThat(plan.containers().get(0).groups()).containsExactly("2000");
    }

    @Test
    void withoutAnFsGroupTheRunAsGroupOwnsTheDirectories() {
        TychoSystem system = system().toBuilder().securityContext(new SecurityContext("", "100", null)).build();

        SystemPlan plan = SystemPlanner.plan(system, settings(Map.of()));

        assertThat(plan.directories().get(0)).isEqualTo(
                new SystemPlan.ClaimDirectory(ROOT.resolve("stdnfs/home/alice"), ROOT.resolve("stdnfs"), ROOT, null, 100, false));
        assertThat(plan.containers().get(0).user()).isNull();
        assertThat(plan.containers().get(0).groups()).containsExactly("100");
    }

    @Test
    void aSubPathLeavingItsClaimIsRefusedBeforeAnythingIsCreated() {
        TychoSystem system = system().withVolumes(List.of(
                new Volume("notebook", "stdnfs", "../../../etc", "/etc-of-host", true)));

        assertThatThrownBy(() -> SystemPlanner.plan(system, settings(Map.of())))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("pvc://stdnfs/../../../etc")
                .hasMessageContaining("leaves its claim");
    }

    @Test
    void probesBecomeHealthChecksReadinessFirst() {
        List<SystemPlan.ContainerPlan> containers = SystemPlanner.plan(system(), settings(Map.of())).containers();

        SystemPlan.Health readiness = containers.get(0).health();
        assertThat(readiness.test()).containsExactly("CMD-SHELL", HealthChecks.listening(8888));
        assertThat(readiness).extracting(SystemPlan.Health::intervalSeconds, SystemPlan.Health::timeoutSeconds,
                SystemPlan.Health::retries, SystemPlan.Health::startPeriodSeconds, SystemPlan.Health::startInterval)
                .containsExactly(2, 2, 4, 7, 1);
        assertThat(containers.get(1).health().test()).containsExactly("CMD", "true");
    }

    @Test
    void aNamedProbePortIsRefusedNamingTheContainer() {
        Container named = notebook().toBuilder().readinessProbe(Probe.httpGet("/", "http", Map.of())).build();
        TychoSystem system = system().withContainers(List.of(named, sidecar()));

        assertThatThrownBy(() -> SystemPlanner.plan(system, settings(Map.of())))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("container notebook: readinessProbe: port 'http' is a name");
    }

    @Test
    void whatDockerCannotMountIsAWarning() {
        DeploymentOptions options = DeploymentOptions.DEFAULTS;
        TychoSystem system = system().toBuilder().giteaIntegration(true)
                .service(new SystemService("notebook", "8888", List.of("10.0.0.0/8")))
                .options(new DeploymentOptions(options.devPhase(), options.gpuResourceName(), options.initContainer(),
                        options.storage(), new DeploymentOptions.Irods(true, "nfs.example.org"), options.gitea(),
                        options.ambassador()))
                .build();

        assertThat(SystemPlanner.plan(system, settings(Map.of())).warnings()).hasSize(3)
                .anySatisfy(w -> assertThat(w).contains("IROD_HOST"))
                .anySatisfy(w -> assertThat(w).contains("gitea"))
                .anySatisfy(w -> assertThat(w).contains("service notebook admits only the clients [10.0.0.0/8]")
                        .contains("published on 127.0.0.1"));
    }

    private static TychoSystem secured(TychoSystem system, boolean hardened, boolean tokensInSecret,
                                       boolean requireClaims) {
        return system.toBuilder().options(DeploymentOptions.DEFAULTS.withSecurity(
                new DeploymentOptions.Security(hardened, tokensInSecret, requireClaims))).build();
    }

    @Test
    void hardenedContainersAreMarkedSoTheyDropCapabilitiesAndPrivilegeEscalation() {
        assertThat(SystemPlanner.plan(secured(system(), true, false, false), settings(Map.of())).containers())
                .hasSize(2).allSatisfy(container -> {
                    assertThat(container.hardened()).isTrue();
                    assertThat(container.user()).isEqualTo("1000:100");
                });
        assertThat(SystemPlanner.plan(system(), settings(Map.of())).containers())
                .noneSatisfy(container -> assertThat(container.hardened()).isTrue());
    }

    @Test
    void hardenedRefusesUserZeroBeforeAnythingIsCreated() {
        TychoSystem root = secured(system().toBuilder().securityContext(new SecurityContext("0", "0", null))
                .build(), true, false, false);

        assertThatThrownBy(() -> SystemPlanner.plan(root, settings(Map.of())))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("cannot start app notebook for alice on Docker: with TYCHO_APP_HARDENED=true")
                .hasMessageContaining("securityContext.runAsUser is 0")
                .hasMessageContaining("TYCHO_APP_RUN_AS_USER, to a non-root uid such as 1000");
        // Without the profile, user 0 runs as asked (Python Tycho's default).
        assertThat(SystemPlanner.plan(secured(root, false, false, false), settings(Map.of())).containers().get(0)
                .user()).isEqualTo("0:0");
    }

    @Test
    void hardenedWithoutAUserLeavesTheImagesUserToBeCheckedAtStart() {
        TychoSystem imageUser = secured(system().toBuilder().securityContext(SecurityContext.NONE).build(), true,
                false, false);

        SystemPlan.ContainerPlan container = SystemPlanner.plan(imageUser, settings(Map.of())).containers().get(0);

        assertThat(container.user()).isNull();
        assertThat(container.hardened()).isTrue();
    }

    @Test
    void tokensInSecretRefusesAStartCarryingTokensWithoutNamingThem() {
        TychoSystem system = secured(system(), false, true, false);

        assertThatThrownBy(() -> SystemPlanner.plan(system, settings(Map.of())))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("TYCHO_APP_TOKENS_IN_SECRET is not supported by the docker backend: Docker"
                        + " keeps environment values in the container's configuration, readable by anyone with"
                        + " access to the engine")
                .hasMessageContaining("TYCHO_APP_TOKENS_IN_SECRET=false")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token").doesNotContain("refresh"));
        TychoSystem refreshOnly = system.withPrincipal(new Principal("alice", null, "refresh"));
        assertThatThrownBy(() -> SystemPlanner.plan(refreshOnly, settings(Map.of())))
                .isInstanceOf(StartException.class);
    }

    @Test
    void tokensInSecretLetsAStartWithoutTokensGoAheadWithoutTokensInTheEnvironment() {
        TychoSystem system = secured(system(), false, true, false).withPrincipal(Principal.of("alice"));

        List<String> env = SystemPlanner.plan(system, settings(Map.of())).containers().get(0).env();

        assertThat(env).noneMatch(entry -> entry.startsWith("ACCESS_TOKEN=") || entry.startsWith("access_token=")
                || entry.startsWith("refresh_token="));
    }

    @Test
    void eachClaimIsListedOnceWithItsFirstMount() {
        TychoSystem system = system().withVolumes(List.of(
                new Volume("notebook", "stdnfs", "home/alice", "/home/alice", true),
                new Volume("notebook", "data", "", "data", false),
                new Volume("sidecar", "stdnfs", "shared", "/shared", false)));

        assertThat(SystemPlanner.plan(system, settings(Map.of())).claims()).containsExactly(
                new SystemPlan.Claim("stdnfs", ROOT.resolve("stdnfs"), "notebook", "/home/alice"),
                new SystemPlan.Claim("data", ROOT.resolve("data"), "notebook", "/data"));
    }

    @Test
    void theSameSystemGivesTheSamePlan() {
        assertThat(SystemPlanner.plan(system(), settings(Map.of())))
                .isEqualTo(SystemPlanner.plan(system(), settings(Map.of())));
    }
}
