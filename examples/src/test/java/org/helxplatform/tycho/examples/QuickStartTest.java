package org.helxplatform.tycho.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quick start's whole flow, in-process, on an embedded API server. */
class QuickStartTest {

    private static EmbeddedKubernetes kubernetes;

    @BeforeAll
    static void startServer() {
        kubernetes = EmbeddedKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @Test
    void runsTheLifecycleOfAnAppAndLeavesNothingBehind() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new QuickStart(new PrintStream(bytes, true, StandardCharsets.UTF_8), ClusterConnection.shared(kubernetes),
                ExampleSettings.from(Map.of())).run();

        String output = bytes.toString(StandardCharsets.UTF_8);
        List<String> steps = output.lines().filter(line -> line.matches("\\[\\d/6] .*")).toList();
        assertThat(steps).hasSize(6);
        assertThat(steps.get(0)).isEqualTo("[1/6] Load the built-in app registry, product common");
        assertThat(steps.get(1)).startsWith("[2/6] Start jupyter-notebook for alice");
        assertThat(steps.get(5)).isEqualTo("[6/6] Delete the system");
        assertThat(output)
                .startsWith("Tycho quick start: jupyter-notebook for alice on the embedded Kubernetes API server at "
                        + kubernetes.url())
                .contains("  Note: " + ClusterConnection.EMBEDDED_NOTICE)
                .containsPattern("started jupyter-notebook-([0-9a-f]{32}) \\(sid \\1\\)")
                .contains("kind: Deployment", "kind: Service", "image: quay.io/jupyter/minimal-notebook")
                .contains("\"status\" : \"success\"", "\"app_id\" : \"jupyter-notebook\"")
                .contains("container jupyter-notebook: cpu 2, memory 4G", "pod label tier=gold")
                .containsPattern("deleted [1-9]\\d* objects")
                .contains("status of alice's systems: none")
                .endsWith("Done: started, inspected, modified and deleted jupyter-notebook.\n");
        assertThat(kubernetes.client().apps().deployments().inAnyNamespace().withLabel("executor", "tycho").list()
                .getItems()).isEmpty();
        assertThat(kubernetes.client().services().inAnyNamespace().withLabel("executor", "tycho").list()
                .getItems()).isEmpty();
    }
}
