package org.helxplatform.tycho.compiler.internal.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/**
 * The same input always gives the same bytes: compiled and rendered twice in one JVM, in other JVMs (where
 * {@code Map.of} and {@code HashSet} iterate in another order), and from 8 threads at once sharing one compiler,
 * renderer and template engine.
 */
class DeterminismTest {

    @Test
    void compilingAndRenderingTwiceGivesTheSameBytes() {
        String first = RenderedOutput.text();
        String second = RenderedOutput.text();

        assertThat(first).contains("\"kind\":\"Pod\"").contains("kind: \"Service\"").contains("NetworkPolicy");
        assertThat(second).isEqualTo(first);
        assertThat(second.getBytes(StandardCharsets.UTF_8)).isEqualTo(first.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneStartRenderingGivesWhatSeparateRendersGive() {
        for (SystemRenderer renderer : List.of(new SystemRenderer(TestSupport.originalEngine()),
                new SystemRenderer(TestSupport.defaultEngine()))) {
            TychoSystem system = SampleSystems.rich();
            SystemRenderer.StartRendering start = renderer.start(system, true);
            List<Object> shared = new ArrayList<>();
            List<Object> separate = new ArrayList<>();
            shared.add(start.pod());
            separate.add(renderer.pod(system, true));
            for (var service : system.services().values()) {
                shared.add(start.service(service, system.name(), "uid"));
                separate.add(renderer.service(system, true, service, system.name(), "uid"));
            }
            shared.add(start.networkPolicy());
            separate.add(renderer.networkPolicy(system, true));
            shared.add(start.pod());
            separate.add(renderer.pod(system, true));

            assertThat(shared).hasSizeGreaterThan(3).isEqualTo(separate);
        }
    }

    @Test
    void theCompiledModelIsEqualEveryTime() {
        TychoSystem first = SampleSystems.rich();

        assertThat(SampleSystems.rich()).isEqualTo(first).hasSameHashCodeAs(first);
    }

    @Test
    void renderedTextHoldsNoPlaceholderOrNonce() {
        String text = RenderedOutput.text();

        assertThat(text).doesNotContainPattern("(?i)tychov[0-9a-f]{16}n\\d+z");
        assertThat(text).contains("access-123").contains("/private/app/bob.smith/" + TestSupport.ID);
    }

    @Test
    void otherJvmsRenderTheSameBytes() throws Exception {
        String here = RenderedOutput.text();
        for (int run = 0; run < 2; run++) {
            assertThat(inAnotherJvm()).as("JVM run " + run).isEqualTo(here);
        }
    }

    @Test
    void eightThreadsAtOnceRenderTheSameBytes() throws Exception {
        String expected = RenderedOutput.text();
        SystemRenderer original = new SystemRenderer(TestSupport.originalEngine());
        SystemRenderer defaults = new SystemRenderer(TestSupport.defaultEngine());
        ObjectMapper json = new ObjectMapper();
        String expectedOriginal = json.writeValueAsString(RenderedOutput.render(original));
        String expectedDefaults = json.writeValueAsString(RenderedOutput.render(defaults));
        assertThat(expected).contains(expectedOriginal).contains(expectedDefaults);

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> outputs = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        outputs.add(json.writeValueAsString(RenderedOutput.render(original)));
                        outputs.add(json.writeValueAsString(RenderedOutput.render(defaults)));
                    }
                    return outputs;
                }));
            }
            start.countDown();
            int compared = 0;
            for (Future<List<String>> result : results) {
                List<String> outputs = result.get(120, TimeUnit.SECONDS);
                for (int i = 0; i < outputs.size(); i++) {
                    assertThat(outputs.get(i)).isEqualTo(i % 2 == 0 ? expectedOriginal : expectedDefaults);
                    compared++;
                }
            }
            assertThat(compared).isEqualTo(threads * 20);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String inAnotherJvm() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dtycho.shared.dir=" + TestSupport.sharedDir(), RenderedOutput.class.getName());
        Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code of " + command).isZero();
        return out;
    }
}
