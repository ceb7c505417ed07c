package org.helxplatform.tycho.context.bench;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.KubernetesBackendProvider;
import org.helxplatform.tycho.backend.kubernetes.internal.ClusterFacts;
import org.helxplatform.tycho.backend.kubernetes.internal.StartPlan;
import org.helxplatform.tycho.backend.kubernetes.internal.StartPlanner;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.context.SharedData;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.conformance.StartCase;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.TychoSystem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compile path of a start, over real HeLx apps: one start case of {@code conformance/cases/start} per distinct
 * app (26 apps of 6 registries and 10 products), each with its own registry, product, settings, user, resources
 * and cluster facts. {@code compile} compiles the system from the app's cached spec; {@code plan} renders the pod, Service and
 * NetworkPolicy templates and converts them into fabric8 objects, with the default templates and with Python
 * Tycho's originals; {@code compileAndPlan} is both, what a start computes before it talks to the cluster.
 *
 * <p>Each invocation handles the next app in turn, so a score is the mean per app over all of them (time in
 * ms/op; with {@code -prof gc}, {@code gc.alloc.rate.norm} is the bytes allocated per app). {@code -p app=<id>}
 * measures one app alone. Run with the command of the README's Performance section.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CompilePathBenchmark {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    /** {@code default}: the templates shipped with the Kubernetes backend; {@code original}: Python Tycho's. */
    @Param({"default", "original"})
    public String templates;

    /** {@code all}: every app in turn; else one app id, such as {@code jupyter-ds}. */
    @Param({"all"})
    public String app;

    private StartPlanner planner;
    private App[] apps;
    private int next;

    /** One app: its context and request, and the system it compiles to with the facts of its case's cluster. */
    private record App(String name, TychoContext context, StartRequest request, TychoSystem system,
                       ClusterFacts facts) {
    }

    /**
     * Loads one start case per distinct app (the first by file name that starts successfully), compiles each, and
     * checks that each plans.
     */
    @Setup(Level.Trial)
    public void setUp() {
        Path conformance = SharedData.conformance();
        BackendConfiguration configuration = BackendConfiguration.builder()
                .templateDirectories(templates.equals("original")
                        ? List.of(conformance.resolve("tycho-templates")) : List.of())
                .build();
        planner = new StartPlanner(new SystemRenderer(KubernetesBackendProvider.engine(configuration)),
                new KubernetesSerialization());
        Map<String, StartCase> byApp = new LinkedHashMap<>();
        for (StartCase startCase : StartCase.all(conformance)) {
            if (!startCase.expectsError() && (app.equals("all") || app.equals(startCase.app()))) {
                byApp.putIfAbsent(startCase.app(), startCase);
            }
        }
        if (byApp.isEmpty()) {
            throw new IllegalArgumentException("no start case in " + conformance + " for app '" + app + "'");
        }
        List<App> loaded = new ArrayList<>();
        for (StartCase startCase : byApp.values()) {
            App loadedApp = load(startCase);
            planner.plan(loadedApp.system(), loadedApp.facts());
            loaded.add(loadedApp);
        }
        apps = loaded.toArray(App[]::new);
        System.out.println("\n" + apps.length + " apps: "
                + String.join(" ", Arrays.stream(apps).map(App::name).toList()));
    }

    private static App load(StartCase startCase) {
        URI base = startCase.baseUrl();
        Map<String, String> settings = new LinkedHashMap<>(startCase.environ());
        settings.put("NAMESPACE", "bench");
        TychoContext context = TychoContext.builder()
                .registry(RegistrySource.of(base, ResourceLoaders.mapping(Map.of(
                        base.toString(), startCase.registryDirectory(),
                        base + "app-specs/", startCase.specsDirectory()))))
                .product(startCase.product())
                .settings(settings)
                .backend(new InMemoryBackend(CLOCK))
                .identifiers(startCase::identifier)
                .clock(CLOCK)
                .build();
        StartRequest request = new StartRequest(startCase.principal(), startCase.app(), startCase.resourceRequest(),
                startCase.host(), startCase.extraContainerEnv());
        TychoSystem system = context.compile(request).system();
        String ambassador = system.options().ambassador().serviceName();
        boolean hasAmbassador = startCase.ambassador() && !ambassador.isBlank()
                && ambassador.equals(startCase.environ().getOrDefault("AMBASSADOR_SVC_NAME", ""));
        ClusterFacts facts = new ClusterFacts(new TreeSet<>(startCase.claims()), hasAmbassador,
                startCase.envSecret());
        return new App(startCase.app(), context, request, system, facts);
    }

    private App nextApp() {
        App current = apps[next];
        next = next + 1 == apps.length ? 0 : next + 1;
        return current;
    }

    /** @return the next app's system, compiled from its cached spec and settings */
    @Benchmark
    public CompiledSystem compile() {
        App current = nextApp();
        return current.context().compile(current.request());
    }

    /** @return the next app's Deployment, NetworkPolicy and Services, rendered and converted */
    @Benchmark
    public StartPlan plan() {
        App current = nextApp();
        return planner.plan(current.system(), current.facts());
    }

    /** @return both: what a start computes before it talks to the cluster */
    @Benchmark
    public StartPlan compileAndPlan() {
        App current = nextApp();
        return planner.plan(current.context().compile(current.request()).system(), current.facts());
    }
}
