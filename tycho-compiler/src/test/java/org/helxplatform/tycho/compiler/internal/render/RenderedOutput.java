package org.helxplatform.tycho.compiler.internal.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Everything a start and a modify of the sample systems render, as JSON and YAML text; also a program that prints
 * it, so that a test can compare the output of other JVMs (whose {@code Map.of} and {@code HashSet} iteration orders
 * differ) with its own.
 */
final class RenderedOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private RenderedOutput() {
    }

    /**
     * Compiles the sample systems and renders every template for them.
     *
     * @param renderer the renderer
     * @return the documents by name
     */
    static Map<String, Object> render(SystemRenderer renderer) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<TychoSystem> systems = List.of(SampleSystems.rich(), SampleSystems.minimal(Map.of(),
                org.helxplatform.tycho.model.ProxyRewrite.DISABLED), SampleSystems.bare());
        for (int i = 0; i < systems.size(); i++) {
            TychoSystem system = systems.get(i);
            for (boolean ambassador : List.of(true, false)) {
                String key = i + " " + system.appId() + (ambassador ? " ambassador" : "");
                out.put(key + " pod", renderer.pod(system, ambassador));
                for (SystemService service : system.services().values()) {
                    out.put(key + " service " + service.name(), renderer.service(system, ambassador, service,
                            system.name(), "uid"));
                }
                if (system.requiresNetworkPolicy()) {
                    out.put(key + " policy", renderer.networkPolicy(system, ambassador));
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "blue");
        labels.put("tier", "0600");
        Map<String, String> containers = new LinkedHashMap<>();
        containers.put("app", "repo/app:1.0");
        containers.put("side", "repo/side:2");
        out.put("patch", renderer.patch(new ModifyRequest(TestSupport.ID, labels, "1.5", "2G"), containers));
        return out;
    }

    /** @return the rendered output of both template sets, as JSON then YAML */
    static String text() {
        List<String> parts = new ArrayList<>();
        for (SystemRenderer renderer : List.of(new SystemRenderer(TestSupport.originalEngine()),
                new SystemRenderer(TestSupport.defaultEngine()))) {
            Map<String, Object> documents = render(renderer);
            try {
                parts.add(JSON.writeValueAsString(documents));
                parts.add(YAML.writeValueAsString(documents));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join("\n=====\n", parts);
    }

    /**
     * Prints {@link #text()}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        System.out.print(text());
    }
}
