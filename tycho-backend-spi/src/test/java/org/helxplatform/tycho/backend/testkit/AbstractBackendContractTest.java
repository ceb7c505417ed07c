package org.helxplatform.tycho.backend.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.LaunchFailedException;
import org.helxplatform.tycho.backend.LaunchTimeoutException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backend contract, as tests every backend runs: subclass it, say how to create your backend and how to make a
 * start fail part way, and JUnit runs the whole contract against it.
 * <pre>{@code
 * class MyBackendContractTest extends AbstractBackendContractTest {
 *     protected Backend createBackend() { return new MyBackend(...); }
 *     protected void failNextStart(Backend backend, TychoSystem system) { ... }
 * }
 * }</pre>
 * The contract: start, then status shows the system (by identifier, by user, all); modify changes its CPU and
 * memory; delete, then status no longer shows it; deleting twice is fine; an unknown identifier is an error for
 * modify and an empty status; concurrent starts of different systems all succeed; and a start that fails part way
 * leaves nothing behind. The lifecycle: a started system is {@code PENDING}, {@code STARTING} or {@code READY};
 * once the backend runs it ({@link #makeReady}), {@code awaitReady} completes with a {@code READY} status that has
 * a URL; a wait times out with the last status; deleting a system fails its waiters and completes its events;
 * events are numbered from 1, start with Tycho's own step and end in the current state, and a late subscriber gets
 * the whole history; an unknown identifier is an error for waiting and events.
 *
 * <p>The lifecycle tests need the backend not to make a system ready within {@value #NOT_READY_WITHIN_MILLIS} ms
 * of its start by itself (configure a delay where it would), unless it says its systems are ready at once
 * ({@link #readyAtOnce}, for a backend that runs nothing).
 */
public abstract class AbstractBackendContractTest {

    /** How long a started system must stay not ready, unless {@link #makeReady} is called. */
    protected static final long NOT_READY_WITHIN_MILLIS = 100;

    /** How long the lifecycle tests wait for a system to become ready or an event to arrive. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The backend under test, created before each test and closed after it. */
    protected Backend backend;

    /**
     * Creates the backend under test. Called before each test; each test cleans up what it starts.
     *
     * @return the backend
     */
    protected abstract Backend createBackend();

    /**
     * Arranges for the next start of {@code system} to fail after the backend has created part of it (e.g. fail
     * the creation of its second object), so that the contract can check nothing is left behind.
     *
     * @param backend the backend under test
     * @param system  the system that will be started next
     */
    protected abstract void failNextStart(Backend backend, TychoSystem system);

    /**
     * Counts what the backend still holds for a system: objects in the cluster, files, entries. The default counts
     * status entries; backends that create several objects per system should count all of them.
     *
     * @param identifier the system identifier
     * @return the number of things left
     */
    protected long leftovers(String identifier) {
        return backend.status(StatusQuery.identifier(identifier)).size();
    }

    /**
     * Makes a started system ready where the backend needs help (e.g. a test cluster without a kubelet: write the
     * pod status a kubelet would). The default does nothing: the backend makes systems ready by itself.
     *
     * @param identifier the system identifier
     */
    protected void makeReady(String identifier) {
        // ready by itself
    }

    /**
     * Whether systems of this backend ever become ready (a backend that only writes files does not): when not,
     * the contract checks that waiting times out instead.
     *
     * @return whether systems become ready
     */
    protected boolean becomesReady() {
        return true;
    }

    /**
     * Whether a system of this backend is {@code READY} as soon as its start returns (a backend that records
     * systems and runs nothing): then the contract checks that waiting completes at once, instead of a wait that
     * times out or is failed by a delete.
     *
     * @return whether systems are ready when their start returns
     */
    protected boolean readyAtOnce() {
        return false;
    }

    @BeforeEach
    void createBackendUnderTest() {
        backend = createBackend();
    }

    @AfterEach
    void closeBackendUnderTest() {
        backend.close();
    }

    @Test
    void startThenStatusShowsTheSystem() {
        TychoSystem system = ContractSystems.system("notebook", "alice");

        StartResult result = backend.start(system);
        try {
            assertThat(result.identifier()).isEqualTo(system.identifier());
            assertThat(result.name()).isEqualTo(system.name());
            List<SystemStatus> status = backend.status(StatusQuery.identifier(system.identifier()));
            assertThat(status).hasSize(1);
            SystemStatus entry = status.get(0);
            assertThat(entry.identifier()).isEqualTo(system.identifier());
            assertThat(entry.name()).isEqualTo(system.name());
            assertThat(entry.appId()).isEqualTo("notebook");
            assertThat(entry.username()).isEqualTo("alice");
            assertThat(entry.utilization()).containsKey("notebook");
            assertThat(entry.utilization().get("notebook")).containsEntry("cpu", "1").containsEntry("memory", "1G");
        } finally {
            backend.delete(system.identifier());
        }
    }

    @Test
    void statusFiltersByUserAndListsAll() {
        TychoSystem alices = ContractSystems.system("notebook", "alice");
        TychoSystem bobs = ContractSystems.system("notebook", "bob");
        backend.start(alices);
        backend.start(bobs);
        try {
            assertThat(identifiers(backend.status(StatusQuery.user("alice"))))
                    .contains(alices.identifier()).doesNotContain(bobs.identifier());
            assertThat(identifiers(backend.status(StatusQuery.all())))
                    .contains(alices.identifier(), bobs.identifier());
        } finally {
            backend.delete(alices.identifier());
            backend.delete(bobs.identifier());
        }
    }

    @Test
    void modifyChangesCpuAndMemory() {
        TychoSystem system = ContractSystems.system("notebook", "carol");
        backend.start(system);
        try {
            ModifyResult result = backend.modify(new ModifyRequest(system.identifier(),
                    Map.of("tycho-test", "modified"), "2", "3G"));

            assertThat(result.identifier()).isEqualTo(system.identifier());
            assertThat(result.patches()).isNotEmpty();
            Map<String, Map<String, String>> utilization =
                    backend.status(StatusQuery.identifier(system.identifier())).get(0).utilization();
            assertThat(utilization.values()).allSatisfy(limits ->
                    assertThat(limits).containsEntry("cpu", "2").containsEntry("memory", "3G"));
        } finally {
            backend.delete(system.identifier());
        }
    }

    @Test
    void deleteRemovesTheSystem() {
        TychoSystem system = ContractSystems.system("notebook", "dave");
        backend.start(system);

        DeleteResult result = backend.delete(system.identifier());

        assertThat(result.identifier()).isEqualTo(system.identifier());
        assertThat(result.deletedObjects()).isPositive();
        assertThat(backend.status(StatusQuery.identifier(system.identifier()))).isEmpty();
        assertThat(identifiers(backend.status(StatusQuery.all()))).doesNotContain(system.identifier());
        assertThat(leftovers(system.identifier())).isZero();
    }

    @Test
    void deletingTwiceIsFine() {
        TychoSystem system = ContractSystems.system("notebook", "erin");
        backend.start(system);
        backend.delete(system.identifier());

        DeleteResult second = backend.delete(system.identifier());

        assertThat(second.deletedObjects()).isZero();
    }

    @Test
    void unknownIdentifierIsAnErrorForModifyAndEmptyForStatus() {
        String unknown = ContractSystems.newIdentifier();

        assertThatThrownBy(() -> backend.modify(new ModifyRequest(unknown, Map.of(), "1", null)))
                .isInstanceOf(UnknownSystemException.class)
                .hasMessageContaining(unknown)
                .satisfies(e -> assertThat(((UnknownSystemException) e).identifier()).isEqualTo(unknown));
        assertThat(backend.status(StatusQuery.identifier(unknown))).isEmpty();
        assertThat(backend.delete(unknown).deletedObjects()).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.NullAndEmptySource
    @org.junit.jupiter.params.provider.ValueSource(strings = {"../x", "/", "*", "tycho-guid", "ABCDEF0123456789ABCDEF0123456789"})
    void deleteRefusesWhatIsNotAnIdentifierAndDeletesNothing(String identifier) {
        TychoSystem system = ContractSystems.system("notebook", "grace");
        backend.start(system);
        try {
            assertThatThrownBy(() -> backend.delete(identifier))
                    .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class)
                    .hasMessageContaining("identifier");
            assertThat(backend.status(StatusQuery.identifier(system.identifier()))).hasSize(1);
        } finally {
            backend.delete(system.identifier());
        }
    }

    @Test
    void concurrentStartsOfDifferentSystemsAllSucceed() throws Exception {
        int count = 8;
        List<TychoSystem> systems = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            systems.add(ContractSystems.system("notebook", "user" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch gate = new CountDownLatch(count);
            List<Callable<StartResult>> starts = systems.stream().map(system -> (Callable<StartResult>) () -> {
                gate.countDown();
                assertThat(gate.await(30, TimeUnit.SECONDS)).as("all starts ready together").isTrue();
                return backend.start(system);
            }).toList();
            for (Future<StartResult> started : pool.invokeAll(starts)) {
                assertThat(started.get().identifier()).isNotNull();
            }
            Set<String> running = identifiers(backend.status(StatusQuery.all()));
            assertThat(running).containsAll(systems.stream().map(TychoSystem::identifier).toList());
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            systems.forEach(system -> backend.delete(system.identifier()));
        }
    }

    @Test
    void failedStartLeavesNothingBehind() {
        TychoSystem system = ContractSystems.system("notebook", "frank");
        failNextStart(backend, system);

        assertThatThrownBy(() -> backend.start(system))
                .isInstanceOf(StartException.class)
                .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(system.identifier()));
        assertThat(backend.status(StatusQuery.identifier(system.identifier()))).isEmpty();
        assertThat(leftovers(system.identifier())).isZero();
    }

    @Test
    void aStartedSystemBecomesReadyWithAUrlAndItsEventsTellHow() throws Exception {
        TychoSystem system = ContractSystems.system("notebook", "henry");
        StartResult started = backend.start(system);
        String id = system.identifier();
        try {
            SystemStatus first = backend.status(StatusQuery.identifier(id)).get(0);
            assertThat(first.phase()).isIn(SystemPhase.PENDING, SystemPhase.STARTING, SystemPhase.READY);
            assertThat(first.state().reason()).isNotBlank();
            if (!becomesReady()) {
                assertThatThrownBy(() -> backend.awaitReady(id, Duration.ofMillis(200)).get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LaunchTimeoutException.class);
                return;
            }
            makeReady(id);
            SystemStatus ready = backend.awaitReady(id, PATIENCE).get(PATIENCE.toSeconds() + 5, TimeUnit.SECONDS);
            assertThat(ready.phase()).isEqualTo(SystemPhase.READY);
            assertThat(ready.ready()).isTrue();
            assertThat(ready.url()).as("the URL of a ready system").isNotBlank();
            SystemStatus now = backend.status(StatusQuery.identifier(id)).get(0);
            assertThat(now.ready()).isTrue();
            assertThat(now.url()).isEqualTo(ready.url());
            if (started.url() != null) {
                assertThat(started.url()).isEqualTo(ready.url());
            }
            assertThat(backend.logs(id, "notebook", 10)).isNotNull();
            assertThatThrownBy(() -> backend.logs(id, "no-such-container", 10))
                    .isInstanceOf(UnknownSystemException.class);

            Events events = Events.of(backend, id);
            List<LaunchEvent> history = events.awaitState(SystemPhase.READY);
            assertThat(history.get(0).sequence()).isEqualTo(1);
            assertThat(history.get(0).kind()).isEqualTo(LaunchEvent.Kind.TYCHO);
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).sequence()).isEqualTo(history.get(i - 1).sequence() + 1);
                assertThat(history.get(i).identifier()).isEqualTo(id);
            }
            assertThat(history).anySatisfy(event -> {
                assertThat(event.kind()).isEqualTo(LaunchEvent.Kind.STATE);
                assertThat(event.state().phase()).isEqualTo(SystemPhase.READY);
            });
            assertThat(history.get(history.size() - 1).state()).isEqualTo(now.state());
        } finally {
            backend.delete(id);
        }
    }

    @Test
    void waitingTimesOutWithTheLastStatus() throws Exception {
        TychoSystem system = ContractSystems.system("notebook", "ivy");
        backend.start(system);
        try {
            if (readyAtOnce()) {
                assertThat(backend.awaitReady(system.identifier(), Duration.ofMillis(NOT_READY_WITHIN_MILLIS))
                        .get(30, TimeUnit.SECONDS).ready()).as("a system that is ready at once").isTrue();
                return;
            }
            CompletableFuture<SystemStatus> wait = backend.awaitReady(system.identifier(),
                    Duration.ofMillis(NOT_READY_WITHIN_MILLIS));
            assertThatThrownBy(() -> wait.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LaunchTimeoutException.class)
                    .hasMessageContaining(system.identifier())
                    .satisfies(e -> {
                        SystemStatus last = ((LaunchTimeoutException) e).lastStatus();
                        assertThat(last).isNotNull();
                        assertThat(last.identifier()).isEqualTo(system.identifier());
                        assertThat(last.ready()).isFalse();
                    });
        } finally {
            backend.delete(system.identifier());
        }
    }

    @Test
    void deletingASystemFailsItsWaitersAndCompletesItsEvents() throws Exception {
        TychoSystem system = ContractSystems.system("notebook", "jack");
        backend.start(system);
        CompletableFuture<SystemStatus> wait = backend.awaitReady(system.identifier(), PATIENCE);
        Events events = Events.of(backend, system.identifier());
        events.awaitCount(1);

        backend.delete(system.identifier());

        if (readyAtOnce()) {
            assertThat(wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).ready()).isTrue();
        } else {
            assertThatThrownBy(() -> wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(LaunchFailedException.class)
                    .satisfies(e -> assertThat(((LaunchFailedException) e).state().phase())
                            .isEqualTo(SystemPhase.TERMINATING));
        }
        events.completion().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(events.received()).last().satisfies(event ->
                assertThat(event.state().phase()).isEqualTo(SystemPhase.TERMINATING));
    }

    @Test
    void aLateSubscriberGetsTheWholeHistory() throws Exception {
        TychoSystem system = ContractSystems.system("notebook", "kate");
        backend.start(system);
        try {
            Events early = Events.of(backend, system.identifier());
            List<LaunchEvent> seen = early.awaitCount(2);
            Events late = Events.of(backend, system.identifier());
            List<LaunchEvent> replayed = late.awaitCount(seen.size());
            assertThat(replayed.subList(0, seen.size())).isEqualTo(seen);
        } finally {
            backend.delete(system.identifier());
        }
    }

    @Test
    void waitingForAndFollowingAnUnknownSystemFail() {
        String unknown = ContractSystems.newIdentifier();

        assertThatThrownBy(() -> backend.awaitReady(unknown, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownSystemException.class);
        Events events = Events.of(backend, unknown);
        assertThatThrownBy(() -> events.completion().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UnknownSystemException.class);
    }

    private static Set<String> identifiers(List<SystemStatus> status) {
        return status.stream().map(SystemStatus::identifier).collect(Collectors.toSet());
    }
}
