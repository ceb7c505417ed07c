package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.helxplatform.tycho.context.SharedData;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.context.registry.RegistrySchemaException;
import org.junit.jupiter.api.Test;

/** The registry format (registry.schema.json): every real registry passes, wrong types are reported by path. */
class RegistrySchemaTest {

    private static List<String> violations(String registryYaml) {
        try {
            TestRegistries.of(registryYaml);
        } catch (RegistrySchemaException e) {
            return e.violations();
        }
        throw new AssertionError("expected schema violations for " + registryYaml);
    }

    @Test
    void acceptsEveryConformanceRegistry() throws IOException {
        List<Path> registries;
        try (Stream<Path> dirs = Files.list(SharedData.dir().resolve("conformance/registries"))) {
            registries = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(registries).hasSize(18);
        for (Path dir : registries) {
            AppRegistry registry = AppRegistry.load(RegistrySource.directory(dir));
            assertThat(registry.contextNames()).as(dir.toString()).isNotEmpty();
        }
    }

    @Test
    void reportsWrongTypesByPath() {
        assertThat(violations("contexts: {helx: {extends: common}}"))
                .containsExactly("contexts.helx.extends: must be a list (got string)");
        assertThat(violations("contexts: {helx: {extends: [common, 2]}}"))
                .containsExactly("contexts.helx.extends[1]: must be a string (got integer)");
        assertThat(violations("contexts: {helx: {mixin: {sys: 1}}}"))
                .containsExactly("contexts.helx.mixin: must be a list (got mapping)");
        assertThat(violations("contexts: {helx: {apps: [webtop]}}"))
                .containsExactly("contexts.helx.apps: must be a mapping (got list)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {count: many}}}}"))
                .containsExactly("contexts.helx.apps.webtop.count: must be an integer (got string)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {services: [webtop]}}}}"))
                .containsExactly("contexts.helx.apps.webtop.services: must be a mapping (got list)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {services: {webtop: yes}}}}}"))
                .containsExactly("contexts.helx.apps.webtop.services.webtop: must be an integer or a string (got boolean)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {proxy-rewrite-rule: maybe, ext: [1]}}}}"))
                .containsExactlyInAnyOrder("contexts.helx.apps.webtop.proxy-rewrite-rule: must be a boolean (got string)",
                        "contexts.helx.apps.webtop.ext: must be a mapping (got list)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {env: {A: [1]}, spec: 3}}}}"))
                .containsExactlyInAnyOrder("contexts.helx.apps.webtop.env.A: must be a string, a number or a boolean (got list)",
                        "contexts.helx.apps.webtop.spec: must be a string (got integer)");
        assertThat(violations("contexts: {helx: {apps: {webtop: {count: -2}}}}"))
                .singleElement().asString().startsWith("contexts.helx.apps.webtop.count: ").contains("-1");
    }

    @Test
    void reportsMissingAndMalformedTopLevelParts() {
        assertThat(violations("repositories: {}")).containsExactly("(root): missing required key \"contexts\"");
        assertThat(violations("[1, 2]")).containsExactly("(root): must be a mapping (got list)");
        assertThat(violations("contexts: [helx]")).containsExactly("contexts: must be a mapping (got list)");
        assertThat(violations("contexts: {}\nrepositories: {main: {description: x}}"))
                .containsExactly("repositories.main: missing required key \"url\"");
        assertThat(violations("contexts: {}\nrepositories: [a]")).containsExactly("repositories: must be a mapping (got list)");
        assertThat(violations("contexts: {}\nsettings: [a]")).containsExactly("settings: must be a mapping (got list)");
    }

    @Test
    void reportsEveryViolationInTheMessage() {
        assertThatThrownBy(() -> TestRegistries.of("contexts: {a: {extends: x}, b: {apps: {y: {count: z}}}}"))
                .isInstanceOf(RegistrySchemaException.class)
                .hasMessage("app registry does not match the app registry format:\n"
                        + "  contexts.a.extends: must be a list (got string)\n"
                        + "  contexts.b.apps.y.count: must be an integer (got string)");
    }

    @Test
    void checksTheDefaultsAsAnApp() {
        assertThatThrownBy(() -> TestRegistries.of("contexts: {}", "count: x\nservices: 1", null))
                .isInstanceOfSatisfying(RegistrySchemaException.class, e -> assertThat(e.violations())
                        .containsExactlyInAnyOrder("count: must be an integer (got string)", "services: must be a mapping (got integer)"))
                .hasMessageStartingWith("app defaults does not match");
        assertThatThrownBy(() -> TestRegistries.of("contexts: {}", "[ext]", null))
                .isInstanceOf(RegistrySchemaException.class)
                .hasMessageContaining("(root): must be a mapping (got list)");
    }

    @Test
    void acceptsNullsUnknownKeysAndMetadata() {
        AppRegistry registry = TestRegistries.of("""
                api: tycho/v1
                version: 1.0
                metadata: {owner: me}
                repositories: {main: {url: "https://host/specs", description: main}}
                settings:
                contexts:
                  helx:
                    name: HeLx
                    extends:
                    mixin:
                    webtop: {securityContext: }
                    apps:
                      webtop: {securityContext: , docs: , count: , custom-key: [1, 2]}
                """);
        assertThat(registry.settings()).isEmpty();
        assertThat(registry.resolve("helx").requireApp("webtop").raw()).containsKey("custom-key");
    }

    @Test
    void rejectsYamlValuesWithoutJsonEquivalent() {
        assertThatThrownBy(() -> TestRegistries.of("contexts: {}\nsettings: {blob: !!binary aGVsbG8=}"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("app registry: settings.blob: holds a value of type byte[], which the app registry"
                        + " format does not allow");
    }
}
