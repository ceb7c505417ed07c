package org.helxplatform.tycho.context.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.LaunchFailedException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.testkit.ContractSystems;
import org.helxplatform.tycho.backend.testkit.Events;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/** What the in-memory backend does beyond the contract: failure injection, status fields, patches, provider. */
class InMemoryBackendTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-12-31T23:59:58Z"), ZoneOffset.UTC);

    private final InMemoryBackend backend = new InMemoryBackend(CLOCK);

    @Test
    void refusedAppsCannotStartAndNothingIsStored() {
        Backend refusing = Backends.create("memory", BackendConfiguration.builder().with(Clock.class, CLOCK)
                .setting(Simulation.REFUSE, "notebook, other").build());
        TychoSystem system = ContractSystems.system("notebook", "alice");

        assertThatThrownBy(() -> refusing.start(system))
                .isInstanceOf(StartException.class)
                .hasMessage("cannot start app notebook: the start is refused (TYCHO_MEMORY_REFUSE simulates an"
                        + " orchestrator that refuses it)")
                .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(system.identifier()));
        assertThat(refusing.status(StatusQuery.all())).isEmpty();
        assertThat(refusing.start(ContractSystems.system("web", "alice")).name()).startsWith("web-");
        refusing.close();
    }

    @Test
    void aSimulatedSystemIsPendingThenStartingThenReadyWithEventsForEachStep() throws Exception {
        Backend slow = Backends.create("memory", BackendConfiguration.builder().with(Clock.class, CLOCK)
                .setting(Simulation.PENDING, "200ms").setting(Simulation.STARTING, "200ms").build());
        TychoSystem system = ContractSystems.system("notebook", "alice");
        slow.start(system);

        assertThat(slow.status(StatusQuery.identifier(system.identifier())).get(0).state())
                .isEqualTo(SystemState.of(SystemPhase.PENDING, "Scheduling",
                        "simulated: waiting for a node to run the system"));
        SystemStatus ready = slow.awaitReady(system.identifier(), Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);

        assertThat(ready.state().reason()).isEqualTo("ContainersReady");
        assertThat(ready.url()).isEqualTo("https://apps.example.org/private/notebook/alice/" + system.identifier()
                + "/");
        List<LaunchEvent> history = Events.of(slow, system.identifier()).awaitState(SystemPhase.READY);
        assertThat(history).extracting(e -> e.kind() + " " + e.reason() + " " + e.state().phase()).containsExactly(
                "TYCHO Created PENDING", "STATE Scheduling PENDING",
                "ORCHESTRATOR Pulling STARTING", "STATE Pulling STARTING",
                "ORCHESTRATOR Started READY", "STATE ContainersReady READY");
        assertThat(slow.logs(system.identifier(), "notebook", 10)).contains("nothing runs");
        slow.close();
    }

    @Test
    void aSystemModifiedWhileStartingStillBecomesReady() throws Exception {
        Backend slow = Backends.create("memory", BackendConfiguration.builder().with(Clock.class, CLOCK)
                .setting(Simulation.PENDING, "200ms").setting(Simulation.STARTING, "200ms").build());
        TychoSystem system = ContractSystems.system("notebook", "alice");
        slow.start(system);
        slow.modify(ModifyRequest.builder(system.identifier()).cpus("2").build());

        SystemStatus ready = slow.awaitReady(system.identifier(), Duration.ofSeconds(10)).get(20, TimeUnit.SECONDS);

        assertThat(ready.phase()).isEqualTo(SystemPhase.READY);
        assertThat(ready.utilization().get("notebook")).containsEntry("cpu", "2");
        slow.close();
    }

    @Test
    void aFailingAppEndsFailedWithItsReasonAndWaitersLearnIt() {
        Backend failing = Backends.create("memory", BackendConfiguration.builder().with(Clock.class, CLOCK)
                .setting(Simulation.STARTING, "100ms").setting(Simulation.FAIL, "notebook=ErrImagePull").build());
        TychoSystem system = ContractSystems.system("notebook", "alice");
        failing.start(system);

        assertThatThrownBy(() -> failing.awaitReady(system.identifier(), Duration.ofSeconds(10))
                .get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("FAILED ErrImagePull");
        assertThat(failing.status(StatusQuery.all()).get(0).state().reason()).isEqualTo("ErrImagePull");
        assertThat(failing.status(StatusQuery.all()).get(0).url()).isNull();
        failing.close();
    }

    @Test
    void badSimulationSettingsNameTheSetting() {
        assertThatThrownBy(() -> Backends.create("memory", BackendConfiguration.builder()
                .setting(Simulation.FAIL, "notebook=not a reason").build()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_MEMORY_FAIL: 'notebook=not a reason'");
        assertThatThrownBy(() -> Backends.create("memory", BackendConfiguration.builder()
                .setting(Simulation.PENDING, "soon").build()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("TYCHO_MEMORY_PENDING: 'soon' is not a duration");
    }

    @Test
    void launchEventsAreJsonForAWebSocket() throws Exception {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);
        LaunchEvent event = Events.of(backend, system.identifier()).awaitCount(1).get(0);

        JsonNode json = new ObjectMapper().findAndRegisterModules().readTree(new ObjectMapper()
                .findAndRegisterModules().writeValueAsString(event));

        assertThat(json.get("identifier").asText()).isEqualTo(system.identifier());
        assertThat(json.get("sequence").asLong()).isEqualTo(1);
        assertThat(json.get("kind").asText()).isEqualTo("TYCHO");
        assertThat(json.get("reason").asText()).isEqualTo("Created");
        assertThat(json.at("/state/phase").asText()).isEqualTo("PENDING");
    }

    @Test
    void aSecondStartOfTheSameIdentifierIsAnErrorAndKeepsTheFirst() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        TychoSystem clash = ContractSystems.system("other", "bob", system.identifier());
        backend.start(system);

        assertThatThrownBy(() -> backend.start(clash))
                .isInstanceOf(StartException.class)
                .hasMessageContaining(system.identifier())
                .hasMessageContaining("already running");
        List<SystemStatus> status = backend.status(StatusQuery.identifier(system.identifier()));
        assertThat(status).singleElement().satisfies(s -> {
            assertThat(s.appId()).isEqualTo("notebook");
            assertThat(s.username()).isEqualTo("alice");
        });
    }

    @Test
    void startResultListsTheContainersThatHaveAService() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        var result = backend.start(system);
        assertThat(result.name()).isEqualTo("notebook-" + system.identifier());
        assertThat(result.connString()).isEqualTo(system.connString());
        // the sidecar has no registry service, so no endpoint
        assertThat(result.services()).containsOnlyKeys("notebook");
        assertThat(result.services().get("notebook").portName()).isEqualTo("port-1");
        assertThat(result.services().get("notebook").ipAddress()).isNull();
    }

    @Test
    void statusReportsEveryFieldWithTheClockAndTheLimits() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        SystemStatus status = backend.status(StatusQuery.identifier(system.identifier())).get(0);

        assertThat(status.name()).isEqualTo(system.name());
        assertThat(status.appId()).isEqualTo("notebook");
        assertThat(status.workspaceName()).isEqualTo("notebook");
        assertThat(status.username()).isEqualTo("alice");
        assertThat(status.creationTime()).isEqualTo(Instant.parse("2024-12-31T23:59:58Z"));
        assertThat(status.creationTimeText()).isEqualTo("12-31-2024 23:59:58");
        assertThat(status.ready()).isTrue();
        assertThat(status.ipAddress()).isNull();
        assertThat(status.port()).isNull();
        // limits only, in container order; an empty ephemeral storage is left out, GPUs use the resource name
        assertThat(status.utilization()).containsOnlyKeys("notebook", "sidecar");
        assertThat(status.utilization().get("notebook")).containsExactly(Map.entry("cpu", "1"),
                Map.entry("memory", "1G"), Map.entry("nvidia.com/gpu", "0"));
        assertThat(status.utilization().get("sidecar")).containsExactly(Map.entry("cpu", "0.1"),
                Map.entry("memory", "64M"));
    }

    @Test
    void statusShowsEphemeralStorageUnlessEmptyOrZero() {
        TychoSystem base = ContractSystems.system("notebook", "alice");
        Container main = base.containers().get(0);
        TychoSystem withStorage = base.withContainers(List.of(
                main.toBuilder().limits(new ResourceLimits("1", "1G", null, "5Gi")).build(),
                base.containers().get(1).toBuilder().limits(new ResourceLimits("1", "1G", null, "0")).build()));
        backend.start(withStorage);

        SystemStatus status = backend.status(StatusQuery.identifier(base.identifier())).get(0);
        assertThat(status.utilization().get("notebook")).containsEntry("ephemeral-storage", "5Gi")
                .doesNotContainKey("nvidia.com/gpu");
        assertThat(status.utilization().get("sidecar")).doesNotContainKey("ephemeral-storage");
    }

    @Test
    void statusByUserWinsOverIdentifierAsInPythonTycho() {
        TychoSystem alices = ContractSystems.system("notebook", "alice");
        TychoSystem bobs = ContractSystems.system("notebook", "bob");
        backend.start(alices);
        backend.start(bobs);

        assertThat(backend.status(new StatusQuery(alices.identifier(), "bob")))
                .extracting(SystemStatus::identifier).containsExactly(bobs.identifier());
    }

    @Test
    void statusIsSortedByName() {
        TychoSystem zulu = ContractSystems.system("zulu", "alice");
        TychoSystem alpha = ContractSystems.system("alpha", "alice");
        TychoSystem mike = ContractSystems.system("mike", "alice");
        backend.start(zulu);
        backend.start(alpha);
        backend.start(mike);

        assertThat(backend.status(StatusQuery.user("alice"))).extracting(SystemStatus::appId)
                .containsExactly("alpha", "mike", "zulu");
    }

    @Test
    void modifyPatchHasTheShapeOfTheKubernetesDefaultPatchInAStableOrder() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        ModifyResult result = backend.modify(new ModifyRequest(system.identifier(), Map.of("k", "v"), "2", "3G"));

        String json = new TychoResponse("success", result.patches(), "").toJson();
        assertThat(json.replaceAll("\\s+", "")).isEqualTo(("{'status':'success','result':[{'spec':{'template':{"
                + "'metadata':{'labels':{'k':'v'}},"
                + "'spec':{'containers':["
                + "{'name':'notebook','image':'jupyter/minimal-notebook:latest','resources':{"
                + "'limits':{'cpu':'2','memory':'3G'},'requests':{'cpu':'2','memory':'3G'}}},"
                + "{'name':'sidecar','image':'busybox:1.36','resources':{"
                + "'limits':{'cpu':'2','memory':'3G'},'requests':{'cpu':'2','memory':'3G'}}}]}}}}],"
                + "'message':''}").replace('\'', '"'));
    }

    @Test
    void modifyOfLabelsOnlyLeavesResourcesAloneAndAnEmptyRequestPatchesNothing() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);

        ModifyResult labels = backend.modify(new ModifyRequest(system.identifier(), Map.of("k", "v"), null, null));
        assertThat(labels.patches()).containsExactly(
                Map.of("spec", Map.of("template", Map.of("metadata", Map.of("labels", Map.of("k", "v"))))));
        assertThat(backend.status(StatusQuery.identifier(system.identifier())).get(0).utilization().get("notebook"))
                .containsEntry("cpu", "1").containsEntry("memory", "1G");

        ModifyResult nothing = backend.modify(new ModifyRequest(system.identifier(), Map.of(), null, null));
        assertThat(nothing.patches()).containsExactly(Map.of());
    }

    @Test
    void successiveModifiesAccumulate() {
        TychoSystem system = ContractSystems.system("notebook", "alice");
        backend.start(system);
        backend.modify(new ModifyRequest(system.identifier(), Map.of(), "4", null));
        backend.modify(new ModifyRequest(system.identifier(), Map.of(), null, "8G"));
        assertThat(backend.status(StatusQuery.identifier(system.identifier())).get(0).utilization().get("sidecar"))
                .containsEntry("cpu", "4").containsEntry("memory", "8G");
    }

    @Test
    void closeKeepsTheSystemsAsBackendCloseDocuments() {
        backend.start(ContractSystems.system("notebook", "alice"));
        backend.close();
        assertThat(backend.status(StatusQuery.all())).hasSize(1);
    }

    @Test
    void providerIsNamedMemoryWithANegativePriorityAndUsesTheSuppliedClock() {
        assertThat(Backends.provider("memory")).isInstanceOf(InMemoryBackendProvider.class);
        assertThat(Backends.provider("memory").priority()).isEqualTo(-100);
        assertThat(Backends.providers().get(0).priority()).isGreaterThan(-100);

        Backend created = Backends.create("memory", BackendConfiguration.builder().with(Clock.class, CLOCK).build());
        assertThat(created).isInstanceOf(InMemoryBackend.class);
        assertThat(created.name()).isEqualTo("memory");
        TychoSystem system = ContractSystems.system("notebook", "alice");
        created.start(system);
        assertThat(created.status(StatusQuery.all()).get(0).creationTime()).isEqualTo(CLOCK.instant());
        created.close();
    }
}
