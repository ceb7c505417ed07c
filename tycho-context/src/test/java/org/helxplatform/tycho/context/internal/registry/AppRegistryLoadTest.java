package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.context.registry.RegistrySchemaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a registry from a source (deviation D8: never an empty registry). */
class AppRegistryLoadTest {

    private static final String BASE = "https://host/raw/branch/";

    @TempDir
    Path dir;

    private RegistrySource source() {
        return RegistrySource.of(URI.create(BASE), ResourceLoaders.mapping(BASE, dir));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void loadsAndResolvesAgainstTheSourcesBaseUrl() throws IOException {
        write("app-registry.yaml", "repositories: {r: {url: app-specs}}\ncontexts: {p: {apps: {x: {name: X}}}}");
        write("app-defaults.yaml", "");
        AppRegistry registry = AppRegistry.load(source());
        assertThat(registry.baseUri()).contains(URI.create(BASE));
        assertThat(registry.defaults()).isEmpty();
        assertThat(registry.resolve("p").requireApp("x").spec())
                .hasToString(BASE + "app-specs/x/docker-compose.yaml");
    }

    @Test
    void aMissingRegistryIsAnErrorNamingTheUrl() {
        assertThatThrownBy(() -> AppRegistry.load(source()))
                .isInstanceOf(RegistryException.class)
                .hasMessage("app registry not found: " + BASE + "app-registry.yaml (HTTP 404 or no such file); check"
                        + " the registry URL or directory");
    }

    @Test
    void missingDefaultsAreAnErrorNamingTheUrl() throws IOException {
        write("app-registry.yaml", "contexts: {}");
        assertThatThrownBy(() -> AppRegistry.load(source()))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("app defaults not found: " + BASE + "app-defaults.yaml");
    }

    @Test
    void anEmptyRegistryIsAnError() throws IOException {
        write("app-registry.yaml", "# nothing yet\n");
        write("app-defaults.yaml", "");
        assertThatThrownBy(() -> AppRegistry.load(source()))
                .isInstanceOf(RegistryException.class)
                .hasMessage("app registry " + BASE + "app-registry.yaml is empty; it needs at least contexts:");
    }

    @Test
    void invalidYamlIsAnErrorNamingTheUrlAndLine() throws IOException {
        write("app-registry.yaml", "contexts:\n  p: {apps: [\n");
        write("app-defaults.yaml", "");
        assertThatThrownBy(() -> AppRegistry.load(source()))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("app registry " + BASE + "app-registry.yaml: invalid YAML at line");
    }

    @Test
    void aSchemaViolationNamesTheFile() throws IOException {
        write("app-registry.yaml", "contexts: {p: {extends: q}}");
        write("app-defaults.yaml", "");
        assertThatThrownBy(() -> AppRegistry.load(source()))
                .isInstanceOf(RegistrySchemaException.class)
                .hasMessage(BASE + "app-registry.yaml does not match the app registry format:\n"
                        + "  contexts.p.extends: must be a list (got string)");
    }

    @Test
    void aFailedDownloadIsTheLoadersErrorNamingUrlAndStatus() {
        RegistrySource failing = RegistrySource.of(URI.create(BASE), location -> {
            throw new LoadException(location, 500);
        });
        assertThatThrownBy(() -> AppRegistry.load(failing))
                .isInstanceOf(LoadException.class)
                .hasMessage("cannot load " + BASE + "app-registry.yaml: HTTP status 500");
    }

    @Test
    void readsBothFilesThroughTheLoader() {
        RegistrySource source = RegistrySource.of(URI.create(BASE), location -> Optional.of(
                location.toString().endsWith("app-registry.yaml") ? "contexts: {p: {}}" : "count: 2"));
        assertThat(AppRegistry.load(source).defaults()).containsEntry("count", 2);
    }
}
