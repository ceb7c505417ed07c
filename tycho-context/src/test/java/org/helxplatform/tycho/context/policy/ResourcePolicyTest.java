package org.helxplatform.tycho.context.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.testkit.FaultInjectingBackend;
import org.helxplatform.tycho.context.LimitExceededException;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resource policy of a context: bounds per system and per user from the settings, the registry's count, and
 * the reservations that keep the bounds when the backend's status lags behind.
 */
class ResourcePolicyTest {

    private static final Principal ALICE = Principal.of("alice");
    private static final Principal BOB = Principal.of("bob");

    @TempDir
    Path registry;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TYCHO_APP_MAX_CPUS|2|3|1G||3|3 CPUs for the whole system",
            "TYCHO_APP_MAX_MEMORY|4G|1|8Gi||8Gi|8Gi of memory for the whole system",
            "TYCHO_APP_MAX_GPUS|0|1|1G|1|1|1 GPUs for the whole system",
            "TYCHO_APP_MAX_GPUS|1|1|1G|2|2|2 GPUs for the whole system"})
    void aSystemBeyondABoundIsRefusedBeforeAnythingIsCreated(String setting, String bound, String cpus,
                                                            String memory, String gpus, String value,
                                                            String message) {
        try (TychoContext tycho = context(Map.of(setting, bound), new InMemoryBackend(Clock.systemUTC()))) {
            ResourceRequest request = ResourceRequest.of(new ResourceLimits(cpus, memory, gpus, null));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "many", request, "", Map.of())))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo(setting);
                        assertThat(e.bound()).isEqualTo(bound);
                        assertThat(e.value()).isEqualTo(value);
                    })
                    .hasMessageContaining("app many for alice: " + message)
                    .hasMessageContaining("is more than " + setting + "=" + bound);
            assertThat(tycho.status(StatusQuery.all())).isEmpty();
        }
    }

    @Test
    void everyContainerCounts() {
        try (TychoContext tycho = context(Map.of("TYCHO_APP_MAX_CPUS", "1.25"), new InMemoryBackend(Clock.systemUTC()))) {
            // pair: the main container's 1 CPU and the helper's 0.5
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "pair", null, "", Map.of())))
                    .hasMessageContaining("1.5 CPUs for the whole system");
            assertThat(tycho.start(new StartRequest(ALICE, "pair", ResourceRequest.of("0.75", "1G"), "",
                    Map.of()))).isNotNull();
        }
    }

    @Test
    void theRegistryCountIsEnforcedPerUserAndApp() {
        try (TychoContext tycho = context(Map.of(), new InMemoryBackend(Clock.systemUTC()))) {
            StartResult first = tycho.start(new StartRequest(ALICE, "one", null, "", Map.of()));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "one", null, "", Map.of())))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo("count of app one");
                        assertThat(e.bound()).isEqualTo("1");
                    })
                    .hasMessageContaining("user alice runs 1 instance of app one, and the registry's count for it"
                            + " is 1; delete one before starting another");
            tycho.start(new StartRequest(BOB, "one", null, "", Map.of()));
            tycho.start(new StartRequest(ALICE, "two", null, "", Map.of()));
            tycho.start(new StartRequest(ALICE, "two", null, "", Map.of()));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "two", null, "", Map.of())))
                    .hasMessageContaining("runs 2 instances of app two");
            for (int i = 0; i < 5; i++) {
                tycho.start(new StartRequest(ALICE, "many", null, "", Map.of()));
            }
            tycho.delete(first.identifier());
            assertThat(tycho.start(new StartRequest(ALICE, "one", null, "", Map.of()))).isNotNull();
        }
    }

    @Test
    void perUserSystemsAndTotals() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TYCHO_USER_MAX_SYSTEMS", "3");
        settings.put("TYCHO_USER_MAX_MEMORY", "2500M");
        try (TychoContext tycho = context(settings, new InMemoryBackend(Clock.systemUTC()))) {
            tycho.start(new StartRequest(ALICE, "many", null, "", Map.of()));
            tycho.start(new StartRequest(ALICE, "many", null, "", Map.of()));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "many", null, "", Map.of())))
                    .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                        assertThat(e.limit()).isEqualTo("TYCHO_USER_MAX_MEMORY");
                        assertThat(e.value()).isEqualTo("3000000000");
                    })
                    .hasMessageContaining("user alice would use 3000000000 of memory in all (2 running systems and"
                            + " this one), more than TYCHO_USER_MAX_MEMORY=2500M");
            tycho.start(new StartRequest(ALICE, "many", ResourceRequest.of("1", "400M"), "", Map.of()));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "many", ResourceRequest.of("1", "1M"), "",
                    Map.of())))
                    .isInstanceOfSatisfying(LimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo("TYCHO_USER_MAX_SYSTEMS"))
                    .hasMessageContaining("user alice runs 3 systems, and TYCHO_USER_MAX_SYSTEMS=3 allows no more");
            assertThat(tycho.start(new StartRequest(BOB, "many", null, "", Map.of()))).isNotNull();
        }
    }

    @Test
    void modifyIsBoundedToo() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("TYCHO_APP_MAX_CPUS", "2");
        settings.put("TYCHO_USER_MAX_CPUS", "3");
        try (TychoContext tycho = context(settings, new InMemoryBackend(Clock.systemUTC()))) {
            String pair = tycho.start(new StartRequest(ALICE, "pair", null, "", Map.of())).identifier();
            String many = tycho.start(new StartRequest(ALICE, "many", null, "", Map.of())).identifier();
            // pair has two containers: 1.5 CPUs each is 3 for the system
            assertThatThrownBy(() -> tycho.modify(new ModifyRequest(pair, Map.of(), "1.5", null)))
                    .isInstanceOfSatisfying(LimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo("TYCHO_APP_MAX_CPUS"))
                    .hasMessageContaining("system " + pair + " of alice: 3 CPUs for the whole system");
            assertThatThrownBy(() -> tycho.modify(new ModifyRequest(many, Map.of(), "2", null)))
                    .isInstanceOfSatisfying(LimitExceededException.class,
                            e -> assertThat(e.limit()).isEqualTo("TYCHO_USER_MAX_CPUS"))
                    .hasMessageContaining("would use 3.5 CPUs in all");
            assertThat(cpuOf(tycho, many)).isEqualTo("1");
            tycho.modify(new ModifyRequest(many, Map.of(), "1.5", null));
            assertThat(cpuOf(tycho, many)).isEqualTo("1.5");
        }
    }

    @Test
    void startsThisContextMadeCountBeforeTheStatusShowsThem() {
        LaggingBackend backend = new LaggingBackend(new InMemoryBackend(Clock.systemUTC()));
        try (TychoContext tycho = context(Map.of("TYCHO_USER_MAX_SYSTEMS", "2"), backend)) {
            backend.freeze(); // the status shows nothing of what follows
            String first = tycho.start(new StartRequest(ALICE, "one", null, "", Map.of())).identifier();
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "one", null, "", Map.of())))
                    .hasMessageContaining("runs 1 instance of app one");
            tycho.start(new StartRequest(ALICE, "many", null, "", Map.of()));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "many", null, "", Map.of())))
                    .hasMessageContaining("TYCHO_USER_MAX_SYSTEMS=2 allows no more");
            backend.thaw();
            backend.freeze(); // now it shows both, and keeps showing them after the delete below
            tycho.delete(first);
            assertThat(tycho.start(new StartRequest(ALICE, "one", null, "", Map.of()))).isNotNull();
        }
    }

    @Test
    void aFailedStartReleasesItsReservation() {
        FaultInjectingBackend memory = new FaultInjectingBackend(new InMemoryBackend(Clock.systemUTC()));
        try (TychoContext tycho = context(Map.of(), memory)) {
            memory.failNextStart(new IllegalStateException("no room"));
            assertThatThrownBy(() -> tycho.start(new StartRequest(ALICE, "one", null, "",
                    Map.of()))).hasMessageContaining("no room");
            assertThat(tycho.start(new StartRequest(ALICE, "one", null, "", Map.of()))).isNotNull();
        }
    }

    private TychoContext context(Map<String, String> settings, Backend backend) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("DEV_PHASE", "test");
        return TychoContext.builder().registry(PolicyRegistry.write(registry)).settings(all).backend(backend).build();
    }

    private static String cpuOf(TychoContext tycho, String identifier) {
        List<SystemStatus> status = tycho.status(StatusQuery.identifier(identifier));
        return status.get(0).utilization().values().iterator().next().get("cpu");
    }
}
