package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each app's spec and {@code .env} are fetched once for the life of a context, also when many threads use the app
 * first at the same time; failed fetches are not cached; concurrent starts of different apps neither lose nor mix
 * systems.
 */
class CachingAndConcurrencyTest {

    private static final ResourceRequest ONE = ResourceRequest.of("1", "1G");

    private final CountingLoader loader = new CountingLoader(Fixtures.loader());
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stopPools() throws InterruptedException {
        for (ExecutorService pool : pools) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    /** Runs the tasks at once: every thread waits at a gate until all are ready. */
    private <T> List<Future<T>> allAtOnce(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = pool(tasks.size());
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                return task.call();
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        return futures;
    }

    @Test
    void theRegistryIsReadOnceWhenTheContextIsBuiltAndNoSpecBefore() {
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            assertThat(loader.loads(RegistrySource.of(Fixtures.BASE, loader).registryUri())).isEqualTo(1);
            assertThat(loader.loads(RegistrySource.of(Fixtures.BASE, loader).defaultsUri())).isEqualTo(1);
            assertThat(loader.totalLoads()).isEqualTo(2);
            assertThat(tycho.apps()).containsKey("full");
            tycho.app("full");
            assertThat(loader.totalLoads()).isEqualTo(2);
        }
    }

    @Test
    void specAndDotEnvAreFetchedOnceAcrossManyStarts() {
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            for (int i = 0; i < 10; i++) {
                tycho.start(new StartRequest(Principal.of("user" + i), "full", ONE, "", Map.of()));
            }
            tycho.definition("full");
            tycho.appSettings("full");
            tycho.compile(new StartRequest(Principal.of("other"), "full", ONE, "", Map.of()));

            assertThat(loader.loads(Fixtures.spec("full"))).isEqualTo(1);
            assertThat(loader.loads(Fixtures.env("full"))).isEqualTo(1);
            assertThat(tycho.status(StatusQuery.all())).hasSize(10);
        }
    }

    @Test
    void aMissingDotEnvIsAlsoAskedForOnlyOnce() {
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            for (int i = 0; i < 3; i++) {
                tycho.start(new StartRequest(Principal.of("user" + i), "plain", ONE, "", Map.of()));
            }
            assertThat(loader.loads(Fixtures.env("plain"))).isEqualTo(1);
            assertThat(loader.loads(Fixtures.spec("plain"))).isEqualTo(1);
        }
    }

    @Test
    void eachContextHasItsOwnCache() {
        try (TychoContext first = Fixtures.context(loader).build();
             TychoContext second = Fixtures.context(loader).build()) {
            first.definition("plain");
            first.definition("plain");
            second.definition("plain");
            assertThat(loader.loads(Fixtures.spec("plain"))).isEqualTo(2);
        }
    }

    @Test
    void concurrentFirstStartsOfOneAppFetchItsSpecAndDotEnvOnce() throws Exception {
        loader.delay(50);
        int threads = 16;
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            List<Callable<StartResult>> starts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Principal user = Principal.of("user" + i);
                starts.add(() -> tycho.start(new StartRequest(user, "full", ONE, "", Map.of())));
            }
            Set<String> identifiers = new HashSet<>();
            for (Future<StartResult> started : allAtOnce(starts)) {
                identifiers.add(started.get(60, TimeUnit.SECONDS).identifier());
            }

            assertThat(identifiers).hasSize(threads);
            assertThat(loader.loads(Fixtures.spec("full"))).isEqualTo(1);
            assertThat(loader.loads(Fixtures.env("full"))).isEqualTo(1);
            List<SystemStatus> running = tycho.status(StatusQuery.all());
            assertThat(running).hasSize(threads);
            assertThat(running).extracting(SystemStatus::identifier).containsExactlyInAnyOrderElementsOf(identifiers);
        }
    }

    @Test
    void aFailedSpecFetchIsNotCached() {
        loader.failNext(Fixtures.spec("full"), 1);
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            assertThatThrownBy(() -> tycho.start(new StartRequest(Principal.of("alice"), "full", ONE, "", Map.of())))
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("app full")
                    .hasMessageContaining(Fixtures.spec("full").toString())
                    .hasMessageContaining("503")
                    .hasCauseInstanceOf(LoadException.class);
            assertThat(tycho.status(StatusQuery.all())).isEmpty();

            StartResult started = tycho.start(new StartRequest(Principal.of("alice"), "full", ONE, "", Map.of()));
            tycho.start(new StartRequest(Principal.of("bob"), "full", ONE, "", Map.of()));

            assertThat(started.name()).startsWith("full-");
            assertThat(loader.loads(Fixtures.spec("full"))).isEqualTo(2);
            assertThat(loader.loads(Fixtures.env("full"))).isEqualTo(1);
        }
    }

    @Test
    void aFailedDotEnvFetchIsNotCached() {
        loader.failNext(Fixtures.env("full"), 1);
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            assertThatThrownBy(() -> tycho.appSettings("full"))
                    .isInstanceOf(LoadException.class)
                    .hasMessageContaining(Fixtures.env("full").toString());

            assertThat(tycho.appSettings("full")).containsEntry("DOTENV_ONLY", "from-dotenv");
            tycho.start(new StartRequest(Principal.of("alice"), "full", ONE, "", Map.of()));
            assertThat(loader.loads(Fixtures.env("full"))).isEqualTo(2);
        }
    }

    @Test
    void aMissingSpecIsAskedForAgainOnTheNextUse() {
        // a 404 spec is an error, and errors are not cached: the app may be published meanwhile
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> tycho.definition("missing")).isInstanceOf(SpecException.class);
            }
            assertThat(loader.loads(Fixtures.spec("missing"))).isEqualTo(2);
        }
    }

    @Test
    void concurrentFirstUseThatFailsFailsEveryWaiterAndTheNextUseRetries() throws Exception {
        loader.delay(50).failNext(Fixtures.spec("full"), 1);
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            List<Callable<Object>> uses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                uses.add(() -> tycho.definition("full"));
            }
            int failed = 0;
            for (Future<Object> use : allAtOnce(uses)) {
                try {
                    use.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(SpecException.class)
                            .hasMessageContaining(Fixtures.spec("full").toString())
                            .hasCauseInstanceOf(LoadException.class);
                    failed++;
                }
            }
            // the threads that joined the failing fetch all fail with its error; those that came after retried
            assertThat(failed).isPositive();
            int loadsSoFar = loader.loads(Fixtures.spec("full"));
            assertThat(loadsSoFar).isBetween(1, 8);
            assertThat(loadsSoFar).isEqualTo(failed == 8 ? 1 : 2);
            // the next use retries if nobody succeeded; from then on the spec is cached
            tycho.definition("full");
            int cached = loader.loads(Fixtures.spec("full"));
            assertThat(cached).isEqualTo(failed == 8 ? 2 : loadsSoFar);
            tycho.definition("full");
            tycho.definition("full");
            assertThat(loader.loads(Fixtures.spec("full"))).isEqualTo(cached);
        }
    }

    @Test
    void concurrentStartsOfDifferentAppsNeitherLoseNorMixSystems() throws Exception {
        loader.delay(20);
        List<String> apps = List.of("alpha", "beta", "gamma", "delta");
        int usersPerApp = 6;
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            List<Callable<String[]>> starts = new ArrayList<>();
            for (String app : apps) {
                for (int u = 0; u < usersPerApp; u++) {
                    String user = app + "-user" + u;
                    starts.add(() -> {
                        StartResult result = tycho.start(new StartRequest(Principal.of(user), app, ONE, "", Map.of()));
                        return new String[] {app, user, result.identifier(), result.name()};
                    });
                }
            }
            List<String[]> started = new ArrayList<>();
            for (Future<String[]> future : allAtOnce(starts)) {
                started.add(future.get(60, TimeUnit.SECONDS));
            }

            assertThat(started).hasSize(apps.size() * usersPerApp);
            assertThat(started.stream().map(s -> s[2]).distinct()).hasSize(started.size());
            assertThat(tycho.status(StatusQuery.all())).hasSize(started.size());
            for (String[] s : started) {
                assertThat(s[3]).isEqualTo(s[0] + "-" + s[2]);
                SystemStatus status = tycho.status(StatusQuery.identifier(s[2])).get(0);
                assertThat(status.appId()).isEqualTo(s[0]);
                assertThat(status.username()).isEqualTo(s[1]);
                assertThat(status.utilization()).containsOnlyKeys(s[0]);
            }
            for (String app : apps) {
                assertThat(loader.loads(Fixtures.spec(app))).as(app).isEqualTo(1);
                assertThat(loader.loads(Fixtures.env(app))).as(app).isEqualTo(1);
            }
        }
    }

    @Test
    void concurrentCompilesOfDifferentAppsAndUsersGiveTheirOwnSystems() throws Exception {
        List<String> apps = List.of("full", "plain", "alpha", "beta", "gamma", "delta");
        try (TychoContext tycho = Fixtures.context(loader).build()) {
            List<Callable<CompiledSystem>> compiles = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                String app = apps.get(i % apps.size());
                Principal user = Principal.of("u" + i);
                ResourceRequest resources = ResourceRequest.of(String.valueOf(1 + i), (1 + i) + "G");
                compiles.add(() -> tycho.compile(new StartRequest(user, app, resources, "", Map.of())));
            }
            List<Future<CompiledSystem>> futures = allAtOnce(compiles);
            for (int i = 0; i < futures.size(); i++) {
                TychoSystem system = futures.get(i).get(60, TimeUnit.SECONDS).system();
                String app = apps.get(i % apps.size());
                assertThat(system.appId()).isEqualTo(app);
                assertThat(system.username()).isEqualTo("u" + i);
                Container main = system.container(app);
                assertThat(main.limits().cpus()).isEqualTo(String.valueOf(1 + i));
                assertThat(main.image()).startsWith("images.example.org/");
                assertThat(main.env()).anySatisfy(v -> {
                    assertThat(v.name()).isEqualTo("username");
                    assertThat(v.value()).isEqualTo("u" + system.username().substring(1));
                });
                assertThat(main.env()).anySatisfy(v -> {
                    assertThat(v.name()).isEqualTo("identifier");
                    assertThat(v.value()).isEqualTo(system.identifier());
                });
            }
            for (String app : apps) {
                assertThat(loader.loads(Fixtures.spec(app))).as(app).isEqualTo(1);
            }
        }
    }
}
