package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.LaunchFailedException;
import org.helxplatform.tycho.backend.LaunchTimeoutException;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.simulated.SimulatedKubelet;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launch lifecycle without a kubelet: for each scenario, a simulated kubelet and scheduler write pod status and
 * Events on the mock API server as they would on a cluster, and the backend's state of the system must reach the
 * expected phase and reason. For every fatal condition, the time from the write that shows it to the failure of a
 * waiting {@code awaitReady} is measured, and bounded by 1 s.
 */
class LifecycleScenariosTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final long FAIL_FAST_BOUND_MILLIS = 1000;

    private static MockKubernetes kubernetes;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    /** One scenario: what the kubelet writes, and the phase and reason the system must reach. */
    private record Scenario(String name, SystemPhase phase, String reason, String grace, Script script) {
    }

    /** The kubelet's writes; the last one shows the expected state. */
    @FunctionalInterface
    private interface Script {
        void run(SimulatedKubelet kubelet, String identifier, Probe probe) throws Exception;
    }

    /** Checks intermediate states of a scenario. */
    private interface Probe {
        void expect(SystemPhase phase, String reason) throws Exception;
    }

    private static List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        scenarios.add(new Scenario("ready", SystemPhase.READY, "ContainersReady", null, (kubelet, id, probe) -> {
            kubelet.scheduled(id);
            probe.expect(SystemPhase.STARTING, "ContainerCreating");
            kubelet.ready(id);
        }));
        scenarios.add(new Scenario("slow pull then ready", SystemPhase.READY, "ContainersReady", null,
                (kubelet, id, probe) -> {
                    kubelet.scheduled(id);
                    kubelet.event(id, "Normal", "Pulling", "Pulling image \"nginx:1.27\"", 1);
                    probe.expect(SystemPhase.STARTING, "Pulling");
                    kubelet.event(id, "Normal", "Pulled", "Successfully pulled image \"nginx:1.27\" in 41.2s", 1);
                    kubelet.ready(id);
                }));
        scenarios.add(new Scenario("image pull failure", SystemPhase.FAILED, "ErrImagePull", null,
                (kubelet, id, probe) -> {
                    kubelet.waiting(id, "ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack"
                            + " image \"nginx:9.99\": not found");
                    probe.expect(SystemPhase.STARTING, "ErrImagePull");
                    kubelet.waiting(id, "ImagePullBackOff", "Back-off pulling image \"nginx:9.99\"");
                    probe.expect(SystemPhase.STARTING, "ImagePullBackOff");
                    kubelet.waiting(id, "ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack"
                            + " image \"nginx:9.99\": not found");
                }));
        scenarios.add(new Scenario("invalid image", SystemPhase.FAILED, "InvalidImageName", null,
                (kubelet, id, probe) -> kubelet.waiting(id, "InvalidImageName", "Failed to apply default image tag"
                        + " \"Nginx:latest\": couldn't parse image reference: invalid reference format")));
        scenarios.add(new Scenario("unschedulable", SystemPhase.PENDING, "Unschedulable", null,
                (kubelet, id, probe) -> kubelet.unschedulable(id, "0/3 nodes are available: 3 Insufficient"
                        + " nvidia.com/gpu. preemption: 0/3 nodes are available: 3 No preemption victims found.")));
        scenarios.add(new Scenario("unschedulable past the grace period", SystemPhase.FAILED, "Unschedulable",
                "300ms", (kubelet, id, probe) -> kubelet.unschedulable(id, "0/3 nodes are available: 3 Insufficient"
                        + " memory.")));
        scenarios.add(new Scenario("crash loop", SystemPhase.FAILED, "CrashLoopBackOff", null,
                (kubelet, id, probe) -> kubelet.crashing(id, 2, "Error", 1)));
        scenarios.add(new Scenario("out of memory", SystemPhase.FAILED, "OOMKilled", null, (kubelet, id, probe) -> {
            kubelet.crashing(id, 1, "OOMKilled", 137);
            probe.expect(SystemPhase.STARTING, "OOMKilled");
            kubelet.crashing(id, 2, "OOMKilled", 137);
        }));
        scenarios.add(new Scenario("configuration error", SystemPhase.FAILED, "CreateContainerConfigError", null,
                (kubelet, id, probe) -> kubelet.waiting(id, "CreateContainerConfigError",
                        "secret \"web-credentials\" not found")));
        scenarios.add(new Scenario("mount failure", SystemPhase.FAILED, "FailedMount", null, (kubelet, id, probe) -> {
            kubelet.scheduled(id);
            String message = "MountVolume.SetUp failed for volume \"data\" : mount failed: exit status 32";
            kubelet.event(id, "Warning", "FailedMount", message, 1);
            probe.expect(SystemPhase.STARTING, "FailedMount");
            kubelet.event(id, "Warning", "FailedMount", message, 3);
        }));
        scenarios.add(new Scenario("readiness probe never passes", SystemPhase.STARTING, "Unhealthy", null,
                (kubelet, id, probe) -> {
                    kubelet.running(id, false);
                    probe.expect(SystemPhase.STARTING, "ContainersNotReady");
                    kubelet.event(id, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with"
                            + " statuscode: 503", 12);
                }));
        scenarios.add(new Scenario("deleted while starting", SystemPhase.TERMINATING, "Deleted", null,
                (kubelet, id, probe) -> kubelet.scheduled(id)));
        return scenarios;
    }

    @Test
    void everyScenarioReachesItsPhaseAndReasonAndFatalOnesFailFast() throws Exception {
        List<Scenario> scenarios = scenarios();
        List<String> wrong = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            String outcome = run(scenario, latencies);
            if (outcome != null) {
                wrong.add(scenario.name() + ": " + outcome);
            }
        }
        long worst = latencies.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.println("lifecycle: " + scenarios.size() + " scenarios, " + (scenarios.size() - wrong.size())
                + " reached the expected phase and reason, " + wrong.size() + " wrong");
        System.out.println("fail fast: " + latencies.size() + " fatal conditions reported at most " + worst
                + " ms after the pod status or Event that shows them (bound " + FAIL_FAST_BOUND_MILLIS + " ms)");
        wrong.forEach(line -> System.out.println("  wrong: " + line));
        assertThat(wrong).isEmpty();
        assertThat(latencies).hasSize((int) scenarios.stream().filter(s -> s.phase() == SystemPhase.FAILED).count());
        assertThat(worst).as("the longest time from a fatal condition to the failure of a waiter")
                .isLessThan(FAIL_FAST_BOUND_MILLIS);
    }

    /** @return {@code null} when the scenario reached its state, else what went wrong */
    private String run(Scenario scenario, List<Long> latencies) throws Exception {
        String namespace = "scenario-" + NAMESPACES.incrementAndGet();
        BackendConfiguration.Builder configuration = BackendConfiguration.builder().setting("NAMESPACE", namespace)
                .with(KubernetesClient.class, kubernetes.client());
        if (scenario.grace() != null) {
            configuration.setting("TYCHO_UNSCHEDULABLE_GRACE", scenario.grace());
        }
        try (Backend backend = Backends.create("kubernetes", configuration.build())) {
            TychoSystem system = Systems.webAndApi("alice");
            String id = system.identifier();
            backend.start(system);
            SimulatedKubelet kubelet = new SimulatedKubelet(kubernetes.client(), namespace, true);
            kubelet.pod(id);
            AtomicLong failedAt = new AtomicLong();
            CompletableFuture<SystemStatus> wait = backend.awaitReady(id, PATIENCE);
            wait.whenComplete((status, failure) -> failedAt.set(System.nanoTime()));
            List<String> problems = new ArrayList<>();
            scenario.script().run(kubelet, id, (phase, reason) -> {
                SystemState reached = await(backend, id, phase, reason);
                if (reached.phase() != phase || !reached.reason().equals(reason)) {
                    problems.add("expected " + phase + " " + reason + " on the way, was " + reached);
                }
            });
            long shown = System.nanoTime();
            if (scenario.phase() == SystemPhase.TERMINATING) {
                backend.delete(id);
                return deletedWhileWaiting(backend, id, wait, problems);
            }
            SystemState reached = await(backend, id, scenario.phase(), scenario.reason());
            if (reached.phase() != scenario.phase() || !reached.reason().equals(scenario.reason())) {
                problems.add("expected " + scenario.phase() + " " + scenario.reason() + ", was " + reached);
            }
            if (scenario.phase() == SystemPhase.FAILED) {
                try {
                    wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    problems.add("awaitReady completed instead of failing");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof LaunchFailedException failed)
                            || !failed.state().reason().equals(scenario.reason())) {
                        problems.add("awaitReady failed with " + e.getCause());
                    }
                    long fromShown = TimeUnit.NANOSECONDS.toMillis(failedAt.get() - shown);
                    // Past a grace period, the condition is fatal once the period ends, not when it was written.
                    long grace = scenario.grace() == null ? 0 : Long.parseLong(scenario.grace().replace("ms", ""));
                    latencies.add(Math.max(0, fromShown - grace));
                }
            } else if (scenario.phase() == SystemPhase.READY) {
                SystemStatus ready = wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                if (!ready.ready()) {
                    problems.add("awaitReady completed with " + ready.state());
                }
            } else {
                try {
                    backend.awaitReady(id, Duration.ofMillis(200)).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    problems.add("a short wait completed");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof LaunchTimeoutException timeout)
                            || !timeout.lastStatus().state().reason().equals(scenario.reason())) {
                        problems.add("a short wait failed with " + e.getCause());
                    }
                }
            }
            backend.delete(id);
            return problems.isEmpty() ? null : String.join("; ", problems);
        }
    }

    private static String deletedWhileWaiting(Backend backend, String id, CompletableFuture<SystemStatus> wait,
                                              List<String> problems) throws Exception {
        try {
            wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            problems.add("awaitReady completed after the delete");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof LaunchFailedException failed)
                    || failed.state().phase() != SystemPhase.TERMINATING
                    || !failed.state().reason().equals("Deleted")) {
                problems.add("awaitReady failed with " + e.getCause());
            }
        }
        if (!backend.status(StatusQuery.identifier(id)).isEmpty()) {
            problems.add("status still shows the system");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** Waits until the system has a phase and reason (or the patience runs out); returns its last state. */
    private static SystemState await(Backend backend, String id, SystemPhase phase, String reason)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        SystemState last = null;
        while (Instant.now().isBefore(deadline)) {
            Optional<SystemStatus> status = backend.status(StatusQuery.identifier(id)).stream().findFirst();
            if (status.isPresent()) {
                last = status.get().state();
                if (last.phase() == phase && last.reason().equals(reason)) {
                    return last;
                }
            }
            Thread.sleep(5);
        }
        return last == null ? SystemState.of(SystemPhase.PENDING, "Unknown", "no status") : last;
    }
}
