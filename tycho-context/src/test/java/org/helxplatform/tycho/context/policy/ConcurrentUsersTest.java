package org.helxplatform.tycho.context.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.backend.testkit.ForwardingBackend;
import org.helxplatform.tycho.context.LimitExceededException;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.UserScope;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 starts, each followed by its delete, for 20 users at once through one context on the Kubernetes backend
 * (fabric8's mock API server), with per-user limits in force: at most 3 systems and 2 CPUs per user. A backend in
 * between counts, per user, the systems that may exist: from just before a start's first create until its delete
 * returns, so that it over-counts rather than under-counts. Neither limit may ever be exceeded, both must refuse
 * some starts, nothing but the limits may fail, and no object may be left after the deletes.
 */
class ConcurrentUsersTest {

    private static final int USERS = 20;
    private static final int STARTS_PER_USER = 10;
    private static final int MAX_SYSTEMS = 3;
    private static final BigDecimal MAX_CPUS = new BigDecimal("2");

    @TempDir
    Path registry;

    @Test
    void limitsHoldUnderConcurrentStartsAndDeletes() throws Exception {
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start()) {
            KubernetesClient client = kubernetes.client();
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("DEV_PHASE", "test");
            settings.put("NAMESPACE", "concurrent");
            settings.put("TYCHO_USER_MAX_SYSTEMS", String.valueOf(MAX_SYSTEMS));
            settings.put("TYCHO_USER_MAX_CPUS", MAX_CPUS.toPlainString());
            CountingBackend backend = new CountingBackend(Backends.create("kubernetes", BackendConfiguration.builder()
                    .settings(settings).with(KubernetesClient.class, client).build()));
            AtomicInteger started = new AtomicInteger();
            AtomicInteger refusedSystems = new AtomicInteger();
            AtomicInteger refusedCpus = new AtomicInteger();
            List<Throwable> others = new ArrayList<>();
            try (TychoContext tycho = TychoContext.builder().registry(PolicyRegistry.write(registry))
                    .settings(settings).backend(backend).build()) {
                ExecutorService pool = Executors.newFixedThreadPool(40);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> tasks = new ArrayList<>();
                for (int i = 0; i < USERS * STARTS_PER_USER; i++) {
                    UserScope user = tycho.forUser(Principal.of("user" + (i / STARTS_PER_USER)));
                    String cpus = i % 3 == 0 ? "1" : "0.5";
                    tasks.add(pool.submit(() -> {
                        go.await();
                        try {
                            StartResult result = user.start("many", ResourceRequest.of(cpus, "256M"), "", Map.of());
                            started.incrementAndGet();
                            Thread.sleep(50); // kept a while, so that starts of the same user overlap
                            user.delete(result.identifier());
                        } catch (LimitExceededException e) {
                            (e.limit().equals("TYCHO_USER_MAX_SYSTEMS") ? refusedSystems : refusedCpus)
                                    .incrementAndGet();
                        } catch (RuntimeException e) {
                            synchronized (others) {
                                others.add(e);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> task : tasks) {
                    task.get(5, TimeUnit.MINUTES);
                }
                pool.shutdown();
                assertThat(tycho.status(StatusQuery.all())).isEmpty();
            }
            int left = client.apps().deployments().inNamespace("concurrent").list().getItems().size()
                    + client.services().inNamespace("concurrent").list().getItems().size()
                    + client.secrets().inNamespace("concurrent").list().getItems().size()
                    + client.network().v1().networkPolicies().inNamespace("concurrent").list().getItems().size();
            int maxSystems = backend.maxSystems.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            BigDecimal maxCpus = backend.maxCpus.values().stream().max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
            System.out.println("concurrency: " + USERS * STARTS_PER_USER + " starts and deletes for " + USERS
                    + " users through one context: " + started.get() + " started, " + (refusedSystems.get()
                    + refusedCpus.get()) + " refused by the per-user limits (" + refusedSystems.get() + " systems, "
                    + refusedCpus.get() + " CPUs), " + others.size() + " other; at most " + maxSystems
                    + " systems and " + maxCpus.toPlainString() + " CPUs of one user at any time (limits "
                    + MAX_SYSTEMS + " and " + MAX_CPUS + "); " + left + " objects left");
            assertThat(others).as("failures other than the limits").isEmpty();
            assertThat(maxSystems).isLessThanOrEqualTo(MAX_SYSTEMS);
            assertThat(maxCpus).isLessThanOrEqualTo(MAX_CPUS);
            assertThat(started.get() + refusedSystems.get() + refusedCpus.get()).isEqualTo(USERS * STARTS_PER_USER);
            assertThat(started.get()).isPositive();
            assertThat(refusedSystems.get() + refusedCpus.get()).as("starts refused by the limits").isPositive();
            assertThat(left).isZero();
        }
    }

    /** Counts, per user, the systems (and their CPUs) that may exist at a time, and the most there ever were. */
    private static final class CountingBackend extends ForwardingBackend {
        private final Map<String, Integer> live = new LinkedHashMap<>();
        private final Map<String, BigDecimal> liveCpus = new LinkedHashMap<>();
        private final Map<String, String> owners = new ConcurrentHashMap<>();
        private final Map<String, BigDecimal> cpus = new ConcurrentHashMap<>();
        final Map<String, Integer> maxSystems = new ConcurrentHashMap<>();
        final Map<String, BigDecimal> maxCpus = new ConcurrentHashMap<>();

        CountingBackend(Backend delegate) {
            super(delegate);
        }

        @Override
        public StartResult start(TychoSystem system) {
            BigDecimal systemCpus = system.containers().stream()
                    .map(c -> new BigDecimal(c.limits().cpus())).reduce(BigDecimal.ZERO, BigDecimal::add);
            owners.put(system.identifier(), system.username());
            cpus.put(system.identifier(), systemCpus);
            change(system.username(), 1, systemCpus);
            try {
                return super.start(system);
            } catch (RuntimeException e) {
                change(system.username(), -1, systemCpus.negate());
                throw e;
            }
        }

        @Override
        public DeleteResult delete(String identifier) {
            DeleteResult result = super.delete(identifier);
            String owner = owners.remove(identifier);
            if (owner != null) {
                change(owner, -1, cpus.remove(identifier).negate());
            }
            return result;
        }

        private synchronized void change(String user, int systems, BigDecimal systemCpus) {
            int now = live.merge(user, systems, Integer::sum);
            BigDecimal nowCpus = liveCpus.merge(user, systemCpus, BigDecimal::add);
            maxSystems.merge(user, now, Math::max);
            maxCpus.merge(user, nowCpus, BigDecimal::max);
        }
    }
}
