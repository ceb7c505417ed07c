package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Test;

/**
 * The development mode through the facade: start, status (by user, identifier, all) with the fields of
 * the status of running systems, modify, delete, on the in-memory backend chosen by name and supplied as an instance.
 */
class InMemoryLifecycleTest {

    private static final Clock CREATED = Clock.fixed(Instant.parse("2024-11-09T08:07:06Z"), ZoneOffset.UTC);
    private static final ResourceRequest TWO_CPUS = ResourceRequest.of(new ResourceLimits("2", "4G", "1", ""));

    private static TychoContext byName() {
        return TychoContext.builder()
                .registry(Fixtures.registry())
                .settings(Fixtures.TEST_PHASE)
                .backend("memory")
                .identifiers(Fixtures.sequentialIdentifiers())
                .clock(CREATED)
                .build();
    }

    private static TychoContext withInstance(InMemoryBackend backend) {
        return TychoContext.builder()
                .registry(Fixtures.registry())
                .settings(Fixtures.TEST_PHASE)
                .backend(backend)
                .identifiers(Fixtures.sequentialIdentifiers())
                .build();
    }

    @Test
    void memoryBackendByNameRunsTheWholeLifecycle() {
        try (TychoContext tycho = byName()) {
            assertThat(tycho.backend()).isInstanceOf(InMemoryBackend.class);
            assertThat(tycho.backend().name()).isEqualTo("memory");
            lifecycle(tycho);
        }
    }

    @Test
    void suppliedMemoryBackendRunsTheWholeLifecycle() {
        try (TychoContext tycho = withInstance(new InMemoryBackend(CREATED))) {
            lifecycle(tycho);
        }
    }

    private static void lifecycle(TychoContext tycho) {
        StartResult alices = tycho.start(new StartRequest(Principal.of("alice", "a-token"), "full", TWO_CPUS,
                "helx.example.org",
                Map.of()));
        StartResult bobs = tycho.start(new StartRequest(Principal.of("bob.smith"), "plain", ResourceRequest.of("1",
                "1G"), "", Map.of()));

        assertThat(alices.identifier()).isEqualTo(String.format("%032x", 1)).isNotEqualTo(bobs.identifier());
        assertThat(alices.name()).isEqualTo("full-" + alices.identifier());
        assertThat(alices.connString()).isEqualTo("SASStudio");
        assertThat(alices.services()).containsOnlyKeys("full", "helper");

        // status by identifier: every field of §6
        List<SystemStatus> byId = tycho.status(StatusQuery.identifier(alices.identifier()));
        assertThat(byId).hasSize(1);
        SystemStatus alice = byId.get(0);
        assertThat(alice.name()).isEqualTo("full-" + alices.identifier());
        assertThat(alice.appId()).isEqualTo("full");
        assertThat(alice.identifier()).isEqualTo(alices.identifier());
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.creationTime()).isEqualTo(Instant.parse("2024-11-09T08:07:06Z"));
        assertThat(alice.creationTimeText()).isEqualTo("11-9-2024 8:7:6");
        assertThat(alice.workspaceName()).isEqualTo("full");
        assertThat(alice.ready()).isTrue();
        assertThat(alice.utilization()).containsOnlyKeys("full", "helper");
        assertThat(alice.utilization().get("full")).containsExactly(Map.entry("cpu", "2"), Map.entry("memory", "4G"),
                Map.entry("nvidia.com/gpu", "1"), Map.entry("ephemeral-storage", "2Gi"));
        assertThat(alice.utilization().get("helper")).containsExactly(Map.entry("cpu", "0.5"),
                Map.entry("memory", "256M"));
        SystemStatus.Utilization total = alice.totalUtilization("nvidia.com/gpu");
        assertThat(total.cpuMillicores()).isEqualTo(2500);
        assertThat(total.gpuMillis()).isEqualTo(1000);
        assertThat(total.memoryGb()).isEqualTo(4.256, org.assertj.core.data.Offset.offset(1e-9));

        // status by user and all
        assertThat(tycho.status(StatusQuery.user("alice"))).extracting(SystemStatus::identifier)
                .containsExactly(alices.identifier());
        assertThat(tycho.status(StatusQuery.user("bob.smith"))).extracting(SystemStatus::identifier)
                .containsExactly(bobs.identifier());
        assertThat(tycho.status(StatusQuery.user("carol"))).isEmpty();
        assertThat(tycho.status(StatusQuery.all())).extracting(SystemStatus::name)
                .containsExactly("full-" + alices.identifier(), "plain-" + bobs.identifier());

        // update: cpu, memory and labels, consistently in the patch and in status
        ModifyResult modified = tycho.modify(new ModifyRequest(alices.identifier(), Map.of("team", "blue"), "3",
                "6G"));
        assertThat(modified.identifier()).isEqualTo(alices.identifier());
        assertThat(modified.patches()).hasSize(1);
        assertThat(modified.patches().get(0)).isEqualTo(Map.of("spec", Map.of("template", Map.of(
                "metadata", Map.of("labels", Map.of("team", "blue")),
                "spec", Map.of("containers", List.of(
                        Map.of("name", "full", "image", "images.example.org/full:1.0", "resources",
                                Map.of("limits", Map.of("cpu", "3", "memory", "6G"),
                                        "requests", Map.of("cpu", "3", "memory", "6G"))),
                        Map.of("name", "helper", "image", "images.example.org/helper:2.0", "resources",
                                Map.of("limits", Map.of("cpu", "3", "memory", "6G"),
                                        "requests", Map.of("cpu", "3", "memory", "6G")))))))));
        SystemStatus after = tycho.status(StatusQuery.identifier(alices.identifier())).get(0);
        assertThat(after.utilization().get("full")).containsEntry("cpu", "3").containsEntry("memory", "6G")
                .containsEntry("nvidia.com/gpu", "1").containsEntry("ephemeral-storage", "2Gi");
        assertThat(after.utilization().get("helper")).containsEntry("cpu", "3").containsEntry("memory", "6G");
        assertThat(after.creationTime()).isEqualTo(alice.creationTime());
        // bob's system is untouched
        assertThat(tycho.status(StatusQuery.identifier(bobs.identifier())).get(0).utilization().get("plain"))
                .containsEntry("cpu", "1").containsEntry("memory", "1G");

        // an update of memory only keeps the cpu
        tycho.modify(new ModifyRequest(alices.identifier(), Map.of(), null, "8G"));
        assertThat(tycho.status(StatusQuery.identifier(alices.identifier())).get(0).utilization().get("full"))
                .containsEntry("cpu", "3").containsEntry("memory", "8G");

        // delete, twice
        DeleteResult deleted = tycho.delete(alices.identifier());
        assertThat(deleted.identifier()).isEqualTo(alices.identifier());
        assertThat(deleted.deletedObjects()).isEqualTo(1);
        assertThat(tycho.status(StatusQuery.identifier(alices.identifier()))).isEmpty();
        assertThat(tycho.status(StatusQuery.user("alice"))).isEmpty();
        assertThat(tycho.delete(alices.identifier()).deletedObjects()).isZero();
        assertThat(tycho.status(StatusQuery.all())).extracting(SystemStatus::identifier)
                .containsExactly(bobs.identifier());

        // an update of a deleted system is an error naming it
        assertThatThrownBy(() -> tycho.modify(new ModifyRequest(alices.identifier(), Map.of(), "1", null)))
                .isInstanceOf(UnknownSystemException.class)
                .hasMessageContaining(alices.identifier());

        tycho.delete(bobs.identifier());
        assertThat(tycho.status(StatusQuery.all())).isEmpty();
    }

    @Test
    void modifyOfAnUnknownIdentifierIsAnErrorNamingIt() {
        try (TychoContext tycho = byName()) {
            String unknown = "ffffffffffffffffffffffffffffffff";
            assertThatThrownBy(() -> tycho.modify(new ModifyRequest(unknown, Map.of("a", "b"), null, null)))
                    .isInstanceOf(UnknownSystemException.class)
                    .hasMessageContaining(unknown)
                    .satisfies(e -> assertThat(((UnknownSystemException) e).identifier()).isEqualTo(unknown));
            assertThat(tycho.status(StatusQuery.identifier(unknown))).isEmpty();
            assertThat(tycho.delete(unknown).deletedObjects()).isZero();
        }
    }

    @Test
    void creationTimeComesFromTheContextClockWhenTheBackendIsCreatedByName() {
        Clock later = Clock.fixed(Instant.parse("2025-01-02T13:04:05Z"), ZoneOffset.UTC);
        try (TychoContext tycho = TychoContext.builder().registry(Fixtures.registry()).settings(Fixtures.TEST_PHASE)
                .backend("memory").clock(later).build()) {
            StartResult started = tycho.start(new StartRequest(Principal.of("alice"), "plain",
                    ResourceRequest.of("1", "1G"), "",
                    Map.of()));
            SystemStatus status = tycho.status(StatusQuery.identifier(started.identifier())).get(0);
            assertThat(status.creationTime()).isEqualTo(Instant.parse("2025-01-02T13:04:05Z"));
            assertThat(status.creationTimeText()).isEqualTo("1-2-2025 13:4:5");
            // the default identifiers: 32 lower-case hex digits, new for each start
            assertThat(started.identifier()).matches("[0-9a-f]{32}");
            assertThat(tycho.start(new StartRequest(Principal.of("bob"), "plain", ResourceRequest.of("1", "1G"), "",
                    Map.of()))
                    .identifier()).isNotEqualTo(started.identifier());
        }
    }

    @Test
    void theSameUserMayRunSeveralSystemsAndStatusByUserListsThemAll() {
        try (TychoContext tycho = byName()) {
            String first = tycho.start(new StartRequest(Principal.of("alice"), "plain", ResourceRequest.of("1",
                    "1G"), "", Map.of()))
                    .identifier();
            String second = tycho.start(new StartRequest(Principal.of("alice"), "rewrite", ResourceRequest.of("1",
                    "1G"), "",
                    Map.of())).identifier();
            assertThat(tycho.status(StatusQuery.user("alice"))).extracting(SystemStatus::appId)
                    .containsExactly("plain", "rewrite");
            tycho.delete(first);
            assertThat(tycho.status(StatusQuery.user("alice"))).extracting(SystemStatus::identifier)
                    .containsExactly(second);
        }
    }
}
