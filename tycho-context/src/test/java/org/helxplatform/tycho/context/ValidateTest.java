package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoader;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.Test;

/**
 * {@link TychoContext#validate()}: every app of the product checked as a start would check it, every problem
 * returned at once; and {@link TychoContext.Builder#validate(boolean)}, which fails the build with all of them.
 */
class ValidateTest {

    private static final URI BASE = URI.create("https://apps.example.org/raw/validate/");

    private static final String SPEC = """
            services:
              %s:
                image: repo/app:1.0
                ports: ["8080"]
                deploy:
                  resources:
                    limits: {cpus: '1', memory: 1G}
                    reservations: {cpus: '0.5', memory: 512M}
            """;

    /** A registry with one good app and three that cannot start, each for another reason. */
    private static RegistrySource registry() {
        Map<URI, String> files = new LinkedHashMap<>();
        files.put(BASE.resolve("app-registry.yaml"), """
                api: tycho/v1
                version: 0.1.0
                repositories:
                  apps:
                    url: specs
                contexts:
                  common:
                    apps:
                      good:
                        services: {good: 8080}
                      Bad_Id:
                        services: {Bad_Id: 8080}
                      webby:
                        services: {webby: http}
                      nospec:
                        services: {nospec: 8080}
                """);
        files.put(BASE.resolve("app-defaults.yaml"), "{}\n");
        for (String app : List.of("good", "Bad_Id", "webby")) {
            files.put(BASE.resolve("specs/" + app + "/docker-compose.yaml"), SPEC.formatted(app));
        }
        ResourceLoader loader = location -> Optional.ofNullable(files.get(location));
        return RegistrySource.of(BASE, loader);
    }

    private static TychoContext.Builder builder() {
        return TychoContext.builder().registry(registry()).settings(Fixtures.TEST_PHASE);
    }

    @Test
    void everyProblemOfEveryAppAtOnceInRegistryOrder() {
        try (TychoContext tycho = builder().backend("memory").build()) {
            Map<String, TychoException> problems = tycho.validate();

            assertThat(problems).containsOnlyKeys("Bad_Id", "webby", "nospec");
            assertThat(problems.keySet()).containsExactly("Bad_Id", "webby", "nospec");
            assertThat(problems.get("Bad_Id")).hasMessageContaining("app Bad_Id")
                    .hasMessageContaining("is not a valid app id");
            assertThat(problems.get("webby")).hasMessageContaining("webby").hasMessageContaining("'http'")
                    .hasMessageContaining("must be a port number");
            assertThat(problems.get("nospec")).hasMessageContaining("nospec")
                    .hasMessageContaining(BASE.resolve("specs/nospec/docker-compose.yaml").toString());
        }
    }

    @Test
    void theFixtureRegistryHasFourAppsThatCannotStart() {
        try (TychoContext tycho = Fixtures.context().build()) {
            Map<String, TychoException> problems = tycho.validate();
            assertThat(problems.keySet()).containsExactly("nomain", "noresources", "badyaml", "missing");
            problems.forEach((app, problem) -> assertThat(problem).hasMessageContaining(app));
        }
    }

    @Test
    void aValidProductHasNoProblems() {
        try (TychoContext tycho = TychoContext.builder().settings(Fixtures.TEST_PHASE).backend("memory")
                .validate(true).build()) {
            assertThat(tycho.validate()).isEmpty();
        }
    }

    @Test
    void validatingWhenBuiltFailsWithEveryProblemAndClosesTheBackendItCreated() {
        assertThatThrownBy(() -> builder().backend("recording").validate(true).build())
                .isExactlyInstanceOf(TychoException.class)
                .hasMessageStartingWith("3 of 4 apps of product common cannot start:\n  ")
                .hasMessageContaining("Bad_Id").hasMessageContaining("webby").hasMessageContaining("nospec")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
        assertThat(RecordingBackendProvider.last().closed()).isEqualTo(1);
    }
}
