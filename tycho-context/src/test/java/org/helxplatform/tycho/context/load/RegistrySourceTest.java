package org.helxplatform.tycho.context.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Base URIs and file locations of registry sources. */
class RegistrySourceTest {

    @Test
    void builtInLiesOnTheClasspath() {
        RegistrySource source = RegistrySource.builtIn();
        assertThat(source.baseUri()).isEqualTo(RegistrySource.BUILT_IN_BASE);
        assertThat(source.registryUri())
                .hasToString("classpath:/org/helxplatform/tycho/context/registry/app-registry.yaml");
        assertThat(source.loader().load(source.defaultsUri())).isPresent();
    }

    @Test
    void urlGetsATrailingSlashLikePythonTycho() {
        RegistrySource source = RegistrySource.url(URI.create("https://github.com/helxplatform/helx-apps/raw/develop"));
        assertThat(source.baseUri()).hasToString("https://github.com/helxplatform/helx-apps/raw/develop/");
        assertThat(source.registryUri())
                .hasToString("https://github.com/helxplatform/helx-apps/raw/develop/app-registry.yaml");
        assertThat(source.defaultsUri())
                .hasToString("https://github.com/helxplatform/helx-apps/raw/develop/app-defaults.yaml");
    }

    @Test
    void directoryIsAFileUriOfTheDirectory(@TempDir Path dir) {
        RegistrySource source = RegistrySource.directory(dir.resolve("registry"));
        assertThat(source.baseUri().getScheme()).isEqualTo("file");
        assertThat(source.baseUri().toString()).endsWith("/registry/");
        assertThat(Path.of(source.registryUri())).isEqualTo(dir.resolve("registry/app-registry.yaml"));
    }

    @Test
    void ofKeepsTheGivenLoader() {
        ResourceLoader loader = location -> Optional.of("contexts: {}");
        RegistrySource source = RegistrySource.of(URI.create("https://host/base/"), loader);
        assertThat(source.loader()).isSameAs(loader);
        assertThat(source.registryUri()).hasToString("https://host/base/app-registry.yaml");
    }

    @Test
    void rejectsBaseUrisThatCannotAnchorRelativeOnes() {
        assertThatThrownBy(() -> RegistrySource.url(URI.create("relative/dir/")))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class)
                .hasMessageStartingWith("registry base URI: 'relative/dir/' must be an absolute, hierarchical URI");
        assertThatThrownBy(() -> RegistrySource.url(URI.create("mailto:someone@example.org")))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class);
        assertThatThrownBy(() -> RegistrySource.url(URI.create("https://host/dir/?ref=main")))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class);
        assertThatThrownBy(() -> RegistrySource.url(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("baseUri");
    }
}
