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

    @Test
    void providersAreOrderedByPriorityThenName() {
        assertThat(Backends.providers()).extracting(BackendProvider::name).containsExactly("primary", "secondary");
    }

    @Test
    void providerByName() {
        assertThat(Backends.provider("secondary").priority()).isEqualTo(-5);
    }

    @Test
    void unknownNameListsTheProvidersFound() {
        assertThatThrownBy(() -> Backends.provider("kubernetes"))
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("no Tycho backend named 'kubernetes'")
                .hasMessageContaining("found: primary (priority 10), secondary (priority -5)")
                .hasMessageContaining("META-INF/services/org.helxplatform.tycho.backend.BackendProvider");
    }

    @Test
    void createDefaultUsesTheHighestPriorityAndPassesTheConfiguration() {
        BackendConfiguration configuration = BackendConfiguration.of(Map.of("NAMESPACE", "apps"));

        assertThatThrownBy(() -> Backends.createDefault(configuration))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("primary:apps");
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
