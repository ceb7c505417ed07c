package org.helxplatform.tycho.backend.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.Backends;
import org.junit.jupiter.api.Test;

class BackendsTest {

    /** Sees this module's fake providers, registered only in a services file of its own. */
    private static final ClassLoader FAKES = fakes();

    @Test
    void theTestClassPathItselfHasNoProvider() {
        assertThat(Backends.providers()).isEmpty();
        assertThatThrownBy(() -> Backends.provider("kubernetes"))
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("no backend is on the class path");
        assertThatThrownBy(() -> Backends.createDefault(BackendConfiguration.of(Map.of())))
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("add tycho-backend-kubernetes");
    }

    @Test
    void providersAreOrderedByPriorityThenName() {
        assertThat(Backends.providers(FAKES)).extracting(BackendProvider::name).containsExactly("primary", "secondary");
    }

    @Test
    void providerByName() {
        assertThat(Backends.provider("secondary", FAKES).priority()).isEqualTo(-5);
    }

    @Test
    void unknownNameListsTheProvidersFound() {
        assertThatThrownBy(() -> Backends.provider("kubernetes", FAKES))
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("no Tycho backend named 'kubernetes'")
                .hasMessageContaining("found: primary (priority 10), secondary (priority -5)")
                .hasMessageContaining("META-INF/services/org.helxplatform.tycho.backend.BackendProvider");
    }

    @Test
    void createDefaultUsesTheHighestPriorityAndPassesTheConfiguration() {
        BackendConfiguration configuration = BackendConfiguration.of(Map.of("NAMESPACE", "apps"));

        assertThatThrownBy(() -> Backends.createDefault(configuration, FAKES))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("primary:apps");
    }

    private static ClassLoader fakes() {
        try {
            java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("tycho-fake-providers");
            java.nio.file.Path services = directory.resolve("META-INF/services/" + BackendProvider.class.getName());
            java.nio.file.Files.createDirectories(services.getParent());
            java.nio.file.Files.writeString(services, FakeProviders.Secondary.class.getName() + "\n"
                    + FakeProviders.Primary.class.getName() + "\n");
            directory.toFile().deleteOnExit();
            return new java.net.URLClassLoader(new java.net.URL[] {directory.toUri().toURL()},
                    BackendsTest.class.getClassLoader());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void configurationHoldsSettingsDirectoriesAndObjects() {
        BackendConfiguration configuration = BackendConfiguration.builder()
                .settings(Map.of("NAMESPACE", "apps", "BLANK", " "))
                .templateDirectories(java.util.List.of(java.nio.file.Path.of("/templates")))
                .with(StringBuilder.class, new StringBuilder("client"))
                .build();

        assertThat(configuration.setting("NAMESPACE")).contains("apps");
        assertThat(configuration.setting("BLANK")).isEmpty();
        assertThat(configuration.templateDirectories()).containsExactly(java.nio.file.Path.of("/templates"));
        assertThat(configuration.get(StringBuilder.class)).hasValueSatisfying(s -> assertThat(s).hasToString("client"));
        assertThat(configuration.get(Integer.class)).isEmpty();
    }
}
