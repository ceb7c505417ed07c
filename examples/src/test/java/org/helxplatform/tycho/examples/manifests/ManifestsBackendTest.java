package org.helxplatform.tycho.examples.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.backend.testkit.ContractSystems;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the manifests backend writes, beyond the contract: its files, its patches, its failures. */
class ManifestsBackendTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TempDir
    Path root;

    @Test
    void startWritesOneAppliableFilePerObjectInTheSystemsFolder() throws IOException {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");

        backend.start(system);

        Path folder = root.resolve(system.identifier());
        assertThat(files(folder)).containsExactly("deployment-notebook-" + system.identifier() + ".yaml",
                "service-notebook-" + system.identifier() + ".yaml");
        assertThat(files(root)).as("no staging or temporary files").containsExactly(system.identifier());
        Deployment deployment = read(folder, "deployment", system, Deployment.class);
        assertThat(deployment.getMetadata().getCreationTimestamp()).isEqualTo(NOW.toString());
        assertThat(deployment.getMetadata().getLabels()).containsEntry("tycho-guid", system.identifier());
        Service service = read(folder, "service", system, Service.class);
        assertThat(service.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8888);
    }

    @Test
    void statusReadsTheFiles() {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        SystemStatus status = backend.status(StatusQuery.all()).get(0);

        assertThat(status.name()).isEqualTo(system.name());
        assertThat(status.creationTime()).isEqualTo(NOW);
        assertThat(status.ready()).as("nothing runs").isFalse();
        assertThat(status.utilization()).containsOnlyKeys("notebook", "sidecar");
        assertThat(status.utilization().get("sidecar")).containsEntry("cpu", "0.1").containsEntry("memory", "64M");
    }

    @Test
    void modifyRewritesCpuMemoryAndPodLabelsWithTheKubernetesPatchTemplate() {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        backend.modify(new ModifyRequest(system.identifier(), Map.of("tier", "gold"), "250m", null));

        Deployment deployment = read(root.resolve(system.identifier()), "deployment", system, Deployment.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("tier", "gold").containsEntry("tycho-guid", system.identifier());
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(container -> {
            assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("250m");
            assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
        });
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits()
                .get("memory").toString()).as("memory kept").isEqualTo("1G");
    }

    @Test
    void aFailedWriteNamesTheFolderAndLeavesNothing() throws IOException {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");
        Files.createDirectories(root.resolve("." + system.identifier() + ".staging")
                .resolve(ManifestsBackend.fileName("Service", system.name())).resolve("obstacle"));

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageStartingWith("cannot write the manifests of app notebook for alice to "
                        + root.resolve(system.identifier()));
        assertThat(files(root)).isEmpty();
    }

    @Test
    void startingAnIdentifierTwiceIsAnError() {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("already holds a system with identifier " + system.identifier());
    }

    @Test
    void aDamagedManifestIsAnErrorNamingTheFile() throws IOException {
        ManifestsBackend backend = backendIn(root);
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);
        Path file = root.resolve(system.identifier()).resolve(ManifestsBackend.fileName("Deployment", system.name()));
        Files.writeString(file, "kind: [");

        assertThatThrownBy(() -> backend.status(StatusQuery.user("alice")))
                .isInstanceOf(StatusException.class)
                .hasMessageContaining(file + " is not a Deployment manifest");
        assertThatThrownBy(() -> backend.modify(new ModifyRequest(system.identifier(), Map.of(), "1", null)))
                .isInstanceOf(ModifyException.class)
                .hasMessageContaining(file + " is not a Deployment manifest");
    }

    @Test
    void aHostChoosesTheBackendByNameAndItsDirectoryBySetting() {
        try (TychoContext tycho = TychoContext.builder()
                .backend(ManifestsBackendProvider.NAME)
                .settings(Map.of(ManifestsBackendProvider.DIRECTORY, root.toString(), "DEV_PHASE", "test"))
                .build()) {
            StartResult started = tycho.start(new StartRequest(Principal.of("bob"), "nginx",
                    ResourceRequest.of("0.5", "256M"), "",
                    Map.of()));

            assertThat(tycho.backend()).isInstanceOf(ManifestsBackend.class);
            assertThat(root.resolve(started.identifier()).resolve("deployment-" + started.name() + ".yaml"))
                    .isRegularFile();
            assertThat(tycho.status(StatusQuery.user("bob"))).extracting(SystemStatus::appId).containsExactly("nginx");
        }
    }

    @Test
    void theDefaultDirectoryIsInTheTemporaryDirectory() {
        ManifestsBackend created = (ManifestsBackend) new ManifestsBackendProvider()
                .create(BackendConfiguration.builder().build());

        Path expected = Path.of(System.getProperty("java.io.tmpdir"), "tycho-manifests").toAbsolutePath().normalize();
        assertThat(created.root()).isEqualTo(expected);
        String identifier = "0123456789abcdef0123456789abcdef";
        assertThat(created.directory(identifier)).isEqualTo(expected.resolve(identifier));
        assertThatThrownBy(() -> created.directory("../elsewhere")).hasMessageContaining("identifier");
    }

    private static ManifestsBackend backendIn(Path root) {
        return new ManifestsBackend(root, ManifestPlanner.of(BackendConfiguration.builder().build()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static <T> T read(Path folder, String kind, TychoSystem system, Class<T> type) {
        try {
            return YAML.unmarshal(Files.readString(folder.resolve(kind + "-" + system.name() + ".yaml")), type);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
