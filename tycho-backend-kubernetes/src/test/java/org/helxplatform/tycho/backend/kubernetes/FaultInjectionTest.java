package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendException;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.DeleteException;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/**
 * A failure at each API call of start, modify and delete in turn, of each kind (422, 500, connection reset before
 * or after the request is applied, an answer after the client's timeout): start leaves no object of the system
 * behind, modify leaves the system as it was (or, when only the answer was lost, as asked), delete can be
 * repeated until nothing is left; each failure is reported with its cause, and nothing hangs.
 *
 * <p>The calls are those each operation actually makes, recorded in a run without faults, so the test follows the
 * backend when its requests change. Objects are counted by the system's label; an object whose owner Deployment is
 * gone counts as collected, as the API server's garbage collector would collect it. The client's timeouts are the
 * settings {@code TYCHO_KUBERNETES_REQUEST_TIMEOUT} and {@code TYCHO_KUBERNETES_CONNECT_TIMEOUT}; retries are off
 * ({@code TYCHO_KUBERNETES_REQUEST_RETRIES=0}) so that every fault reaches the backend.
 */
class FaultInjectionTest {

    private static final String NAMESPACE = "faults";
    private static final Duration HANG = Duration.ofSeconds(60);

    private record Outcome(String operation, FaultServer.Call call, FaultServer.Kind kind, boolean injected,
                           boolean handled, int left, String detail) {
    }

    @Test
    void everyCallOfStartModifyAndDeleteFailsCleanly() throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("NAMESPACE", NAMESPACE);
        settings.put("TYCHO_KUBERNETES_REQUEST_TIMEOUT", "2");
        settings.put("TYCHO_KUBERNETES_CONNECT_TIMEOUT", "2");
        settings.put("TYCHO_KUBERNETES_REQUEST_RETRIES", "0");
        ExecutorService runner = Executors.newSingleThreadExecutor();
        List<Outcome> outcomes = new ArrayList<>();
        try (FaultServer server = new FaultServer(Duration.ofSeconds(6));
             KubernetesClient client = new KubernetesClientBuilder().withConfig(KubernetesBackendProvider
                     .clientConfig(BackendConfiguration.builder().settings(settings).build(), server.config()))
                     .build();
             Backend backend = Backends.create("kubernetes", BackendConfiguration.builder().settings(settings)
                     .with(KubernetesClient.class, client).build())) {
            client.persistentVolumeClaims().inNamespace(NAMESPACE).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName("data").endMetadata().build()).create();
            Faults faults = new Faults(server, client, backend, runner, settings);
            outcomes.addAll(faults.start());
            outcomes.addAll(faults.modify());
            outcomes.addAll(faults.delete());
        } finally {
            runner.shutdownNow();
        }
        long injected = outcomes.stream().filter(Outcome::injected).count();
        long handled = outcomes.stream().filter(o -> o.injected() && o.handled()).count();
        int left = outcomes.stream().mapToInt(Outcome::left).sum();
        System.out.println("faults: " + injected + " injected, " + handled + " handled, " + left + " objects left");
        System.out.println("faults by operation: " + outcomes.stream().collect(Collectors.groupingBy(
                Outcome::operation, LinkedHashMap::new, Collectors.counting())) + " over "
                + FaultServer.Kind.values().length + " kinds of failure");
        List<String> problems = outcomes.stream().filter(o -> !o.injected() || !o.handled() || o.left() != 0)
                .map(o -> o.operation() + ", " + o.kind() + " at " + o.call() + ": " + o.detail()).toList();
        problems.forEach(problem -> System.out.println("  " + problem));
        assertThat(problems).isEmpty();
        assertThat(injected).isEqualTo(outcomes.size()).isGreaterThanOrEqualTo(50);
        assertThat(left).isZero();
    }

    /** The three sweeps. */
    private static final class Faults {
        private final FaultServer server;
        private final KubernetesClient client;
        private final Backend backend;
        private final ExecutorService runner;
        private final Map<String, String> settings;

        Faults(FaultServer server, KubernetesClient client, Backend backend, ExecutorService runner,
               Map<String, String> settings) {
            this.server = server;
            this.client = client;
            this.backend = backend;
            this.runner = runner;
            this.settings = settings;
        }

        /**
         * The calls of a start once the backend's cache holds the app's cluster facts (every start after an app's
         * first), then, for each kind of failure, the first start of an app in a new backend, whose Secret
         * {@code <app>-env} is read by name because its watch has only begun.
         */
        List<Outcome> start() throws Exception {
            TychoSystem warm = system();
            backend.start(warm);
            backend.delete(warm.identifier());
            TychoSystem first = system();
            server.record();
            backend.start(first);
            List<FaultServer.Call> calls = server.calls();
            backend.delete(first.identifier());
            List<Outcome> outcomes = new ArrayList<>();
            for (FaultServer.Call call : calls) {
                for (FaultServer.Kind kind : FaultServer.Kind.values()) {
                    outcomes.add(start(backend, call, kind));
                }
            }
            FaultServer.Call envSecret = new FaultServer.Call("GET /api/v1/namespaces/" + NAMESPACE
                    + "/secrets/web-env", 1);
            for (FaultServer.Kind kind : FaultServer.Kind.values()) {
                try (Backend fresh = Backends.create("kubernetes", BackendConfiguration.builder()
                        .settings(settings).with(KubernetesClient.class, client).build())) {
                    outcomes.add(start(fresh, envSecret, kind));
                }
            }
            return outcomes;
        }

        private Outcome start(Backend backend, FaultServer.Call call, FaultServer.Kind kind) throws Exception {
            TychoSystem system = system();
            server.arm(call, kind);
            Object result = run(() -> backend.start(system));
            boolean injected = server.disarm();
            int left = leftovers(system.identifier());
            String problem;
            if (result instanceof Throwable failure) {
                problem = failure instanceof StartException e && system.identifier().equals(e.identifier())
                        ? cause(failure, kind) : "failed with " + failure;
            } else {
                problem = "started despite the failure";
                backend.delete(system.identifier());
                left = leftovers(system.identifier());
            }
            return new Outcome("start", call, kind, injected, problem == null, left,
                    problem == null ? "" : problem);
        }

        List<Outcome> modify() throws Exception {
            TychoSystem first = system();
            backend.start(first);
            server.record();
            backend.modify(change(first));
            List<FaultServer.Call> calls = server.calls();
            backend.delete(first.identifier());
            List<Outcome> outcomes = new ArrayList<>();
            for (FaultServer.Call call : calls) {
                for (FaultServer.Kind kind : FaultServer.Kind.values()) {
                    TychoSystem system = system();
                    backend.start(system);
                    Map<String, Object> before = snapshot(system);
                    server.arm(call, kind);
                    Object result = run(() -> backend.modify(change(system)));
                    boolean injected = server.disarm();
                    Map<String, Object> after = snapshot(system);
                    String problem;
                    if (result instanceof Throwable failure) {
                        boolean reported = failure instanceof ModifyException e
                                && system.identifier().equals(e.identifier());
                        problem = !reported ? "failed with " + failure : !after.equals(before)
                                ? "failed but changed the system: " + before + " -> " + after : cause(failure, kind);
                    } else {
                        problem = changed(after) ? null : "reported success but the system is " + after;
                    }
                    backend.delete(system.identifier());
                    outcomes.add(new Outcome("modify", call, kind, injected, problem == null,
                            leftovers(system.identifier()), problem == null ? "" : problem));
                }
            }
            return outcomes;
        }

        List<Outcome> delete() throws Exception {
            TychoSystem first = system();
            backend.start(first);
            server.record();
            backend.delete(first.identifier());
            List<FaultServer.Call> calls = server.calls();
            List<Outcome> outcomes = new ArrayList<>();
            for (FaultServer.Call call : calls) {
                for (FaultServer.Kind kind : FaultServer.Kind.values()) {
                    TychoSystem system = system();
                    backend.start(system);
                    server.arm(call, kind);
                    Object result = run(() -> backend.delete(system.identifier()));
                    boolean injected = server.disarm();
                    String problem;
                    if (result instanceof Throwable failure) {
                        problem = failure instanceof DeleteException e && system.identifier().equals(e.identifier())
                                ? cause(failure, kind) : "failed with " + failure;
                    } else {
                        problem = null; // the fault hit a request whose loss changes nothing
                    }
                    Object again = run(() -> backend.delete(system.identifier()));
                    if (problem == null && again instanceof Throwable failure) {
                        problem = "the delete cannot be repeated: " + failure;
                    }
                    outcomes.add(new Outcome("delete", call, kind, injected, problem == null,
                            leftovers(system.identifier()), problem == null ? "" : problem));
                }
            }
            return outcomes;
        }

        /** A system of two containers, two Services, a NetworkPolicy, a claim and its tokens in a Secret. */
        private static TychoSystem system() {
            TychoSystem system = Systems.webAndApi("alice");
            return system.withPrincipal(new Principal("alice", "access-token-of-alice", "refresh-token-of-alice"))
                    .toBuilder().options(system.options().withSecurity(new DeploymentOptions.Security(false, true,
                            false))).build();
        }

        private static ModifyRequest change(TychoSystem system) {
            return new ModifyRequest(system.identifier(), Map.of("team", "blue"), "2", "2G");
        }

        /** Runs an operation; a hang is a failure, not a stuck test. */
        private Object run(Callable<?> operation) throws InterruptedException {
            Future<?> future = runner.submit(operation);
            try {
                return future.get(HANG.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                future.cancel(true);
                return new AssertionError("hung for " + HANG.toSeconds() + " seconds");
            }
        }

        /** @return {@code null} when the failure names its cause, else what is missing */
        private static String cause(Throwable failure, FaultServer.Kind kind) {
            if (!(failure instanceof BackendException)) {
                return "not a BackendException: " + failure;
            }
            StringBuilder chain = new StringBuilder();
            boolean io = false;
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                chain.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
                io |= t instanceof IOException || t instanceof TimeoutException;
            }
            String message = failure.getMessage();
            boolean named = switch (kind) {
                case STATUS_422 -> message.contains("422") && message.contains("injected failure");
                case STATUS_500 -> message.contains("500") && message.contains("injected failure");
                case RESET, RESET_AFTER_APPLY, TIMEOUT -> io;
            };
            return named ? null : "the cause is not reported: " + chain;
        }

        /** @return the system's objects, an object whose owner Deployment is gone counted as collected */
        private int leftovers(String identifier) {
            List<HasMetadata> objects = Cluster.objectsOf(client, NAMESPACE, identifier);
            Set<String> deployments = objects.stream().filter(o -> o instanceof Deployment)
                    .map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
            return (int) objects.stream().filter(o -> {
                List<OwnerReference> owners = o.getMetadata().getOwnerReferences();
                return owners == null || owners.isEmpty()
                        || owners.stream().anyMatch(owner -> deployments.contains(owner.getUid()));
            }).count();
        }

        /** The pod labels and container resources of the system's Deployment. */
        private Map<String, Object> snapshot(TychoSystem system) {
            Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(system.name()).get();
            Map<String, Object> snapshot = new LinkedHashMap<>();
            snapshot.put("labels", deployment.getSpec().getTemplate().getMetadata().getLabels());
            deployment.getSpec().getTemplate().getSpec().getContainers().forEach(container -> snapshot.put(
                    container.getName(), client.getKubernetesSerialization().asJson(container.getResources())));
            return snapshot;
        }

        private static boolean changed(Map<String, Object> snapshot) {
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) snapshot.get("labels");
            return "blue".equals(labels.get("team")) && snapshot.entrySet().stream()
                    .filter(entry -> !entry.getKey().equals("labels"))
                    .allMatch(entry -> String.valueOf(entry.getValue()).contains("\"cpu\":\"2\""));
        }
    }
}
