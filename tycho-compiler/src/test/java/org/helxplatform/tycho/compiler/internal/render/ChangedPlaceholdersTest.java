package org.helxplatform.tycho.compiler.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.compiler.template.TemplateException;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Free-text values reach templates as placeholders (D6). A user template that changes one with a filter must fail
 * clearly, never render the placeholder or a mangled value.
 */
class ChangedPlaceholdersTest {

    @TempDir
    Path templates;

    @ParameterizedTest
    @ValueSource(strings = {"system.host|upper", "system.host|reverse|join", "system.host|replace('tychov', '')",
            "system.host|replace('n', 'm')", "system.access_token|title", "system.host|truncate(12)", "system.host|lower",
            "system.host|capitalize", "system.host.upper()", "system.host.lower()"})
    void aFilterOnAUserValueIsAnError(String expression) throws Exception {
        Files.writeString(templates.resolve("pod.yaml"), "metadata:\n  name: x\nspec:\n  host: \"{{ " + expression
                + " }}\"\n");
        SystemRenderer renderer = new SystemRenderer(TemplateEngine.builder()
                .templateDirectories(List.of(templates)).build());
        TychoSystem system = SampleSystems.rich();

        assertThatThrownBy(() -> renderer.pod(system, false))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("pod.yaml: a user value (token, environment value, command or host) was changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"system.host", "system.host ~ '/x'", "'[' ~ system.host ~ ']'"})
    void printingAUserValueGivesItBack(String expression) throws Exception {
        Files.writeString(templates.resolve("pod.yaml"), "spec:\n  host: \"{{ " + expression + " }}\"\n");
        SystemRenderer renderer = new SystemRenderer(TemplateEngine.builder()
                .templateDirectories(List.of(templates)).build());
        TychoSystem system = SampleSystems.rich();

        Object host = ((java.util.Map<?, ?>) renderer.pod(system, false).get(0).get("spec")).get("host");

        assertThat(host).asString().contains(system.host()).doesNotContain("tychov");
    }
}
