package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.compiler.TestSupport;
import org.junit.jupiter.api.Test;

/** One engine renders from many threads at once, each render with its own state (loops, cyclers, namespaces). */
class TemplateConcurrencyTest {

    private static final int THREADS = 16;
    private static final int RENDERS_PER_THREAD = 200;

    @Test
    void rendersFromManyThreadsGiveTheSingleThreadedResults() throws Exception {
        TemplateEngine engine = TemplateEngine.builder()
            .templateDirectories(List.of(TestSupport.sharedDir().resolve("conformance/tycho-templates"))).build();
        String stateful = "{% set c = cycler('a', 'b') %}{% set ns = namespace(total=0) %}"
            + "{% for x in items if x is odd %}{{ c.next() }}{{ loop.index }}{% if loop.changed(x) %}!{% endif %}"
            + "{% set ns.total = ns.total + x %}{% endfor %}={{ ns.total }}";

        Map<Integer, String> expectedPolicies = new HashMap<>();
        Map<Integer, String> expectedStateful = new HashMap<>();
        for (int n = 0; n < 10; n++) {
            expectedPolicies.put(n, engine.render("policy/tycho-default-netpolicy.yaml", policyContext(n)));
            expectedStateful.put(n, engine.renderString(stateful, "stateful", Map.of("items", items(n))));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int seed = t;
            Callable<Integer> task = () -> {
                start.await();
                int checked = 0;
                for (int i = 0; i < RENDERS_PER_THREAD; i++) {
                    int n = (seed + i) % 10;
                    assertThat(engine.render("policy/tycho-default-netpolicy.yaml", policyContext(n)))
                        .isEqualTo(expectedPolicies.get(n));
                    assertThat(engine.renderString(stateful, "stateful", Map.of("items", items(n))))
                        .isEqualTo(expectedStateful.get(n));
                    checked += 2;
                }
                return checked;
            };
            results.add(pool.submit(task));
        }
        start.countDown();
        int checked = 0;
        for (Future<Integer> result : results) {
            checked += result.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(checked).isEqualTo(THREADS * RENDERS_PER_THREAD * 2);
        assertThat(expectedPolicies.get(3)).contains("tycho-guid: guid-3").contains("port: 8003");
        assertThat(expectedStateful.get(4)).isEqualTo("a1!b2!a3!=9");
    }

    private static List<Integer> items(int n) {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i <= n + 2; i++) {
            items.add(i);
        }
        return items;
    }

    private static Map<String, Object> policyContext(int n) {
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("web", Map.of("port", 8000 + n, "clients", List.of("10.0." + n + ".0/24")));
        return Map.of("system", Map.of("identifier", "guid-" + n, "services", services));
    }
}
