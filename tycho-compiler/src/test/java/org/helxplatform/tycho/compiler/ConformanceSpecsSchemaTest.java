package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.compiler.internal.TreeRenderer;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.junit.jupiter.api.Test;

/**
 * Every real app spec of the conformance data ({@code conformance/specs/<branch>/<app>/docker-compose.yaml}) passes
 * {@link ComposeSpec} validation once its Jinja settings are rendered with the registry {@code settings} of its
 * branch, and the schema reports violations by path.
 */
class ConformanceSpecsSchemaTest {

    private static final TemplateEngine ENGINE = TestSupport.plainEngine();

    @Test
    void everyConformanceSpecIsValid() throws IOException {
        Path specs = TestSupport.sharedDir().resolve("conformance/specs");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(specs)) {
            files = walk.filter(path -> path.getFileName().toString().equals("docker-compose.yaml"))
                    .filter(path -> specs.relativize(path).getNameCount() == 3).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int warnings = 0;
        for (Path file : files) {
            String branch = specs.relativize(file).getName(0).toString();
            String source = specs.relativize(file).toString();
            try {
                ComposeSpec spec = load(file, settings(branch), source);
                assertThat(spec.serviceNames()).as(source).isNotEmpty();
                warnings += spec.warnings().size();
            } catch (RuntimeException e) {
                failures.add(source + ": " + e.getMessage());
            }
        }
        System.out.println("conformance specs: " + files.size() + " checked against the schema, "
                + (files.size() - failures.size()) + " valid, " + warnings + " warnings about unused keys");
        assertThat(files).hasSizeGreaterThan(200);
        assertThat(failures).isEmpty();
    }

    @Test
    void everySettingIsRenderedBeforeValidation() throws IOException {
        Path file = TestSupport.sharedDir().resolve("conformance/specs/helx-prod/jupyter-datascience-db/"
                + "docker-compose.yaml");
        ComposeSpec spec = load(file, settings("helx-prod"), "helx-prod/jupyter-datascience-db");

        assertThat(spec.service("jupyter-datascience-db").get("image"))
                .isEqualTo("containers.renci.org/helxplatform/jupyter-datascience-db:v0.1.0");
    }

    @Test
    void aViolationInARealSpecIsReportedByPath() throws IOException {
        Path file = TestSupport.sharedDir().resolve("conformance/specs/helx-prod/jupyter-datascience-db/"
                + "docker-compose.yaml");
        String text = Files.readString(file, StandardCharsets.UTF_8).replace("- 8888:8888", "- {published: 8888}");

        assertThatThrownBy(() -> ComposeSpec.of(TreeRenderer.render(ComposeSpec.parseTree(text, "edited"), ENGINE,
                settings("helx-prod"), "edited"), "edited"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.path()).isEqualTo("services.jupyter-datascience-db.ports[0]");
                    assertThat(e.getMessage()).startsWith("edited: ").contains("services.jupyter-datascience-db.ports[0]");
                });
    }

    private static ComposeSpec load(Path file, Map<String, Object> settings, String source) throws IOException {
        Object tree = ComposeSpec.parseTree(Files.readString(file, StandardCharsets.UTF_8), source);
        return ComposeSpec.of(TreeRenderer.render(tree, ENGINE, settings, source), source);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> settings(String branch) throws IOException {
        Path registry = TestSupport.sharedDir().resolve("conformance/registries/" + branch + "/app-registry.yaml");
        Map<String, Object> root = (Map<String, Object>) Yaml11.load(Files.readString(registry,
                StandardCharsets.UTF_8), registry.toString());
        Object settings = root.get("settings");
        return settings instanceof Map ? (Map<String, Object>) settings : Map.of();
    }
}
