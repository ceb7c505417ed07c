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
                .hasMessage("no Tycho backend on the class path; add tycho-backend-kubernetes (or another backend's"
                        + " jar) to the dependencies");
    }

    @Test
    void aDevelopmentBackendIsNeverTheDefaultTheErrorNamesTheFix() {
        ClassLoader onlySecondary = loader(FakeProviders.Secondary.class);

        assertThatThrownBy(() -> Backends.createDefault(BackendConfiguration.of(Map.of()), onlySecondary))
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessage("no production Tycho backend on the class path (found: secondary (priority -5), used"
                        + " only when named); add tycho-backend-kubernetes (or another backend's jar) to the"
                        + " dependencies, or choose it by name: TychoContext.builder().backend(\"secondary\")");
        // named, it is found
        assertThat(Backends.provider("secondary", onlySecondary).priority()).isEqualTo(-5);
    }

    @Test
    void providersAreFoundInTheThreadsContextClassLoaderToo() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(FAKES);
        try {
            assertThat(Backends.providers()).extracting(BackendProvider::name).containsExactly("primary", "secondary");
            assertThat(Backends.provider("secondary").priority()).isEqualTo(-5);
            assertThatThrownBy(() -> Backends.createDefault(BackendConfiguration.of(Map.of("NAMESPACE", "tccl"))))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("primary:tccl");
        } finally {
            thread.setContextClassLoader(before);
        }
        assertThat(Backends.providers()).isEmpty();
    }

    @Test
    void aProviderSeenByBothLoadersCountsOnce() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // a child of FAKES sees the same services file and classes as FAKES
        thread.setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], FAKES));
        try {
            assertThat(Backends.providers()).extracting(BackendProvider::name).containsExactly("primary", "secondary");
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void aNullArgumentIsANullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> Backends.provider(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> Backends.createDefault(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("configuration");
        assertThatThrownBy(() -> Backends.providers(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("loader");
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
        return loader(FakeProviders.Secondary.class, FakeProviders.Primary.class);
    }

    /** A class loader whose services file registers these providers. */
    private static ClassLoader loader(Class<?>... providers) {
        try {
            java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("tycho-fake-providers");
            java.nio.file.Path services = directory.resolve("META-INF/services/" + BackendProvider.class.getName());
            java.nio.file.Files.createDirectories(services.getParent());
            StringBuilder lines = new StringBuilder();
            for (Class<?> provider : providers) {
                lines.append(provider.getName()).append('\n');
            }
            java.nio.file.Files.writeString(services, lines);
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
