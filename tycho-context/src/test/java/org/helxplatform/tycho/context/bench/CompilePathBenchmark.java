package org.helxplatform.tycho.context.bench;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
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
 * The compile path of a start, on a real HeLx app (jupyter-ds of the braini registry): compiling the system from
 * its cached spec, and planning its Kubernetes objects (rendering the pod and Service templates and converting
 * them into fabric8 objects), with the default templates and with Python Tycho's originals.
 * Run with {@code mvn -B -q -pl tycho-context -Pbench -DskipTests clean verify} after installing the modules (see
 * the README).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompilePathBenchmark {

    @Param({"default", "original"})
    public String templates;

    private TychoContext context;
    private StartRequest request;
    private StartPlanner planner;
    private TychoSystem system;
    private ClusterFacts facts;

    @Setup(Level.Trial)
    public void setUp() {
        Path conformance = SharedData.conformance();
        URI base = URI.create("https://github.com/helxplatform/helx-apps/raw/braini/");
        context = TychoContext.builder()
                .registry(RegistrySource.of(base, ResourceLoaders.mapping(Map.of(
                        base.toString(), conformance.resolve("registries/braini"),
                        base + "app-specs/", conformance.resolve("specs/braini")))))
                .product("braini")
                .backend(new InMemoryBackend(Clock.systemUTC()))
                .clock(Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC))
                .build();
        request = new StartRequest(new Principal("alice", "token", "refresh"), "jupyter-ds",
                ResourceRequest.of("1", "4G"), "helx.example.org", Map.of("GRADER_API_URL", "http://grader"));
        BackendConfiguration configuration = BackendConfiguration.builder()
                .templateDirectories(templates.equals("original")
                        ? List.of(conformance.resolve("tycho-templates")) : List.of())
                .build();
        planner = new StartPlanner(new SystemRenderer(KubernetesBackendProvider.engine(configuration)),
                new KubernetesSerialization());
        system = context.compile(request).system();
        facts = ClusterFacts.assumingClaimsExist(Set.of("stdnfs"));
    }

    /** @return a system compiled from the app's cached spec and settings */
    @Benchmark
    public CompiledSystem compile() {
        return context.compile(request);
    }

    /** @return the Deployment and Services of a compiled system, rendered and converted */
    @Benchmark
    public StartPlan plan() {
        return planner.plan(system, facts);
    }

    /** @return both: what a start computes before it talks to the cluster */
    @Benchmark
    public StartPlan compileAndPlan() {
        return planner.plan(context.compile(request).system(), facts);
    }
}
