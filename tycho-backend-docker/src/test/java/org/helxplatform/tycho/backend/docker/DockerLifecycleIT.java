package org.helxplatform.tycho.backend.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.LaunchFailedException;
import org.helxplatform.tycho.backend.LaunchTimeoutException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.docker.internal.DockerSettings;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch lifecycle on a real engine: each scenario starts a system and checks the phase and reason it reaches
 * (through {@code awaitReady} and the launch events), among them ready, slow start, a readiness probe that never
 * passes, a crash loop, a container killed for its memory, an image that cannot be pulled, an invalid image
 * name, a claim directory that cannot be made, and a system deleted while starting. Skipped, saying why, when no
 * engine answers.
 *
 * <p>Prints {@code docker backend lifecycle: N scenarios, N reached the expected phase and reason, 0 wrong}.
 */
class DockerLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicInteger SCENARIOS = new AtomicInteger();
    private static final AtomicInteger REACHED = new AtomicInteger();
    private static DockerEngine engine;

    @TempDir
    Path volumes;

    private Backend backend;
    private final List<String> started = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void openEngine() {
        engine = DockerEngine.open();
    }

    @AfterAll
    static void summary() {
        if (engine != null) {
            engine.close();
            int scenarios = SCENARIOS.get();
            System.out.println("docker backend lifecycle: " + scenarios + " scenarios, " + REACHED.get()
                    + " reached the expected phase and reason, " + (scenarios - REACHED.get()) + " wrong");
        }
    }

    @BeforeEach
    void createBackend() {
        backend = engine.backend(volumes, Map.of(DockerSettings.CRASH_RESTARTS, "3"));
    }

    @AfterEach
    void deleteAndClose() {
        try {
            started.forEach(identifier -> {
                backend.delete(identifier);
                assertThat(engine.leftovers(identifier)).isZero();
            });
        } finally {
            backend.close();
        }
    }

    @Test
    void ready() throws Exception {
        TychoSystem system = TestSystems.webApp("ready", "alice");
        start(system);
        Events events = subscribe(system);

        SystemStatus status = backend.awaitReady(system.identifier(), WAIT).get();

        expect(status.state(), SystemPhase.READY, "ContainersReady");
        events.awaitState(SystemPhase.READY);
        assertThat(events.reasons(LaunchEvent.Kind.TYCHO)).containsSubsequence("Planned", "Created", "Created",
                "Started");
        assertThat(events.reasons(LaunchEvent.Kind.ORCHESTRATOR)).contains("Start", "HealthStatusHealthy");
        assertThat(events.all()).extracting(LaunchEvent::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void slowStartThenReady() throws Exception {
        Container slow = TestSystems.web("slow", TestSystems.PORT)
                .command(List.of("sh", "-c", "sleep 3; exec httpd -f -p 8080 -h /www")).build();
        TychoSystem system = TestSystems.system("slow", "bob", slow).build();
        start(system);

        assertThat(backend.status(StatusQuery.identifier(system.identifier())).get(0).phase())
                .isEqualTo(SystemPhase.STARTING);
        SystemStatus status = backend.awaitReady(system.identifier(), WAIT).get();

        expect(status.state(), SystemPhase.READY, "ContainersReady");
    }

    @Test
    void aReadinessProbeThatNeverPassesTimesOutUnhealthy() {
        Container deaf = TestSystems.web("deaf", TestSystems.PORT)
                .readinessProbe(Probe.httpGet("/", "9999", null).withTimings(0, 1, 2)).build();
        TychoSystem system = TestSystems.system("deaf", "carol", deaf).build();
        start(system);

        assertThatThrownBy(() -> backend.awaitReady(system.identifier(), Duration.ofSeconds(8)).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LaunchTimeoutException.class)
                .satisfies(e -> expect(((LaunchTimeoutException) e).lastStatus().state(), SystemPhase.STARTING,
                        "Unhealthy"));
    }

    @Test
    void aCrashLoopFailsWithItsLogs() throws Exception {
        Container crashing = TestSystems.web("crash", TestSystems.PORT)
                .command(List.of("sh", "-c", "echo starting; echo cannot find my config; exit 3")).build();
        TychoSystem system = TestSystems.system("crash", "dave", crashing).build();
        start(system);

        LaunchFailedException failure = failure(backend.awaitReady(system.identifier(), WAIT));

        expect(failure.state(), SystemPhase.FAILED, "CrashLoopBackOff");
        assertThat(failure.state().message()).contains("container crash exited with code 3");
        assertThat(backend.logs(system.identifier(), "crash", 2)).isEqualTo("starting\ncannot find my config");
    }

    @Test
    void aContainerKilledForItsMemoryFails() throws Exception {
        Container hungry = TestSystems.web("hungry", TestSystems.PORT)
                .command(List.of("sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); sleep 60"))
                .limits(ResourceLimits.of("0.5", "16M")).requests(ResourceLimits.NONE).build();
        TychoSystem system = TestSystems.system("hungry", "erin", hungry).build();
        start(system);

        LaunchFailedException failure = failure(backend.awaitReady(system.identifier(), WAIT));

        expect(failure.state(), SystemPhase.FAILED, "OOMKilled");
    }

    @Test
    void anImageThatCannotBePulledFailsTheStartAndItsEventsSaySo() throws Exception {
        TychoSystem system = TestSystems.system("unpulled", "frank", Container.builder("unpulled",
                "localhost:1/tycho-test/missing:1").command(List.of("httpd")).port(8080).build()).build();

        assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class);
        Events events = subscribe(system);

        events.awaitCompletion();
        expect(events.last().state(), SystemPhase.FAILED, "ErrImagePull");
        assertThat(engine.leftovers(system.identifier())).isZero();
    }

    @Test
    void anInvalidImageNameFailsTheStart() throws Exception {
        TychoSystem system = TestSystems.system("invalid", "grace", Container.builder("invalid",
                "Tycho-Test/UPPER:1").command(List.of("httpd")).port(8080).build()).build();

        assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                .hasMessageContaining("Tycho-Test/UPPER:1");
        Events events = subscribe(system);

        events.awaitCompletion();
        expect(events.last().state(), SystemPhase.FAILED, "InvalidImageName");
    }

    @Test
    void aClaimDirectoryThatCannotBeMadeFailsTheStart() throws Exception {
        Path notADirectory = Files.writeString(volumes.resolve("file"), "a file, not a directory");
        try (Backend blocked = engine.backend(notADirectory, Map.of())) {
            TychoSystem system = TestSystems.system("mount", "heidi", TestSystems.web("mount", TestSystems.PORT)
                    .build()).volumes(List.of(new Volume("mount", "stdnfs", "heidi", "/home/heidi", true))).build();

            assertThatThrownBy(() -> blocked.start(system)).isInstanceOf(StartException.class)
                    .hasMessageContaining("cannot create claim directory");
            Events events = new Events();
            blocked.events(system.identifier()).subscribe(events);

            events.awaitCompletion();
            expect(events.last().state(), SystemPhase.FAILED, "FailedMount");
            assertThat(engine.leftovers(system.identifier())).isZero();
        }
    }

    @Test
    void aSystemDeletedWhileStartingEndsItsWaitersAndEvents() throws Exception {
        Container deaf = TestSystems.web("gone", TestSystems.PORT)
                .readinessProbe(Probe.httpGet("/", "9999", null).withTimings(0, 1, 100)).build();
        TychoSystem system = TestSystems.system("gone", "ivan", deaf).build();
        start(system);
        Events events = subscribe(system);
        CompletableFuture<SystemStatus> waiting = backend.awaitReady(system.identifier(), WAIT);

        backend.delete(system.identifier());
        started.remove(system.identifier());

        LaunchFailedException failure = failure(waiting);
        expect(failure.state(), SystemPhase.TERMINATING, "Deleted");
        events.awaitCompletion();
        assertThat(events.reasons(LaunchEvent.Kind.TYCHO)).endsWith("Deleted");
    }

    private StartResult start(TychoSystem system) {
        started.add(system.identifier());
        return backend.start(system);
    }

    private Events subscribe(TychoSystem system) {
        Events events = new Events();
        backend.events(system.identifier()).subscribe(events);
        return events;
    }

    private static LaunchFailedException failure(CompletableFuture<SystemStatus> future) throws Exception {
        try {
            SystemStatus status = future.get(WAIT.toSeconds() + 5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, but the system is ready: " + status);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LaunchFailedException.class);
            return (LaunchFailedException) e.getCause();
        }
    }

    /** Counts a scenario and whether it reached the phase and reason expected, then asserts it. */
    private static void expect(SystemState state, SystemPhase phase, String reason) {
        SCENARIOS.incrementAndGet();
        if (state.phase() == phase && state.reason().equals(reason)) {
            REACHED.incrementAndGet();
        }
        assertThat(state).as("phase and reason").extracting(SystemState::phase, SystemState::reason)
                .containsExactly(phase, reason);
    }

    /** A subscriber that keeps every event. */
    private static final class Events implements Flow.Subscriber<LaunchEvent> {
        private final List<LaunchEvent> events = new CopyOnWriteArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LaunchEvent item) {
            events.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        List<LaunchEvent> all() {
            return List.copyOf(events);
        }

        LaunchEvent last() {
            return events.get(events.size() - 1);
        }

        List<String> reasons(LaunchEvent.Kind kind) {
            return events.stream().filter(e -> e.kind() == kind).map(LaunchEvent::reason).toList();
        }

        void awaitCompletion() throws InterruptedException {
            assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("events completed").isTrue();
        }

        void awaitState(SystemPhase phase) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (events.stream().noneMatch(e -> e.state().phase() == phase) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }
}
