package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The specs of the built-in registry compile, without warnings, into the systems their registry entries describe. */
class BuiltInAppSpecsTest {

    private static TychoContext tycho;

    @BeforeAll
    static void loadBuiltInRegistry() {
        tycho = TychoContext.builder()
                .registry(RegistrySource.builtIn())
                .settings(Map.of("DEV_PHASE", "test"))
                .backend("memory")
                .build();
    }

    @AfterAll
    static void close() {
        tycho.close();
    }

    @Test
    void theRegistryOffersTheThreeSampleApps() {
        assertThat(tycho.apps()).containsOnlyKeys("jupyter-notebook", "filebrowser", "nginx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jupyter-notebook", "filebrowser", "nginx"})
    void specCompilesWithoutWarnings(String app) {
        assertThat(tycho.definition(app).warnings()).isEmpty();

        CompiledSystem compiled = tycho.compile(new StartRequest(Principal.of("alice"), app,
                ResourceRequest.of("1", "2G"), "apps.example.org", Map.of()));

        assertThat(compiled.warnings()).isEmpty();
        Container main = compiled.system().container(app);
        assertThat(main).as("main service named like the app").isNotNull();
        assertThat(main.image()).doesNotContain("{{").matches("[a-z0-9.]+(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+");
        assertThat(main.ports()).containsExactly(Integer.valueOf(tycho.app(app).services().get(app)));
        assertThat(main.limits().cpus()).isEqualTo("1");
        assertThat(main.limits().memory()).isEqualTo("2G");
        assertThat(compiled.system().services()).containsOnlyKeys(app);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jupyter-notebook", "filebrowser", "nginx"})
    @SuppressWarnings("unchecked")
    void theSpecsOwnResourcesAreValidQuantities(String app) {
        Map<String, Object> resources = resources(app);

        assertThat(resources).containsOnlyKeys("limits", "reservations");
        for (Object part : resources.values()) {
            Map<String, Object> values = (Map<String, Object>) part;
            assertThat(values).containsOnlyKeys("cpus", "memory");
            assertThat(new ResourceLimits(String.valueOf(values.get("cpus")), String.valueOf(values.get("memory")),
                    null, null).isEmpty()).isFalse();
        }
    }

    @Test
    void imagesAreRenderedWithTheRegistrySettings() {
        assertThat(compile("nginx").container("nginx").image()).isEqualTo("docker.io/library/nginx:1.27-alpine");
        assertThat(compile("filebrowser").container("filebrowser").image())
                .isEqualTo("docker.io/filebrowser/filebrowser:v2.27.0");
    }

    @Test
    void jupyterSettingsFromItsEnvFileReachTheContainer() {
        Container notebook = compile("jupyter-notebook").container("jupyter-notebook");

        assertThat(tycho.appSettings("jupyter-notebook"))
                .containsEntry("DOCKER_STACKS_JUPYTER_CMD", "lab")
                .containsEntry("RESTARTABLE", "yes");
        assertThat(notebook.env()).extracting(EnvVar::name)
                .contains("JUPYTER_PORT", "DOCKER_STACKS_JUPYTER_CMD", "RESTARTABLE", "identifier", "username");
        assertThat(notebook.command()).containsExactly("start-notebook.py", "--ServerApp.base_url=$(NB_PREFIX)");
    }

    @Test
    void entrypointStringsAreSplitIntoArgv() {
        List<String> command = compile("filebrowser").container("filebrowser").command();

        assertThat(command).startsWith("/filebrowser").contains("--port", "8080");
        assertThat(compile("nginx").container("nginx").command()).as("the image's own entrypoint").isEmpty();
    }

    private static org.helxplatform.tycho.model.TychoSystem compile(String app) {
        return tycho.compile(new StartRequest(Principal.of("alice"), app, ResourceRequest.of("1", "2G"), "",
                Map.of())).system();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resources(String app) {
        Map<String, Object> deploy = (Map<String, Object>) tycho.definition(app).service(app).get("deploy");
        return (Map<String, Object>) deploy.get("resources");
    }

    @Test
    void theDefaultContextStartsEveryBuiltInApp() {
        try (TychoContext defaults = TychoContext.builder().backend("memory").build()) {
            assertThat(defaults.product()).isEqualTo("common");
            for (String app : defaults.apps().keySet()) {
                defaults.start(new StartRequest(Principal.of("alice"), app, ResourceRequest.of("1", "1G"), "",
                        Map.of()));
            }
            assertThat(defaults.status(StatusQuery.user("alice"))).extracting(s -> s.appId())
                    .containsExactlyInAnyOrder("jupyter-notebook", "filebrowser", "nginx");
        }
    }
}
