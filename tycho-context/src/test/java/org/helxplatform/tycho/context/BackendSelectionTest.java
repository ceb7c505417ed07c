package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendProvider;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which backend a context drives: one named, the highest-priority provider when none is named, or one supplied;
 * what it is configured with; and which of them {@link TychoContext#close()} closes.
 *
 * <p>On this test class path the providers are {@code kubernetes} (priority 100, a test dependency),
 * {@code memory} (-100) and the test-only {@code recording} (-200), so the default is {@code kubernetes}. No test
 * talks to a real cluster: the default client is only built (fabric8 builds one without any kubeconfig, aimed at
 * the in-cluster address), and starts go to a client aimed at a closed local port.
 */
class BackendSelectionTest {

    private static final ResourceRequest ONE = ResourceRequest.of("1", "1G");

    private static TychoContext.Builder builder() {
        return TychoContext.builder().registry(Fixtures.registry()).settings(Fixtures.TEST_PHASE);
    }

    @Test
    void theProvidersOnTheTestClassPathInPriorityOrder() {
        assertThat(Backends.providers()).extracting(BackendProvider::name)
                .containsExactly("kubernetes", "memory", "recording");
    }

    @Test
    void aBackendIsChosenByName() {
        try (TychoContext tycho = builder().backend("memory").build()) {
            assertThat(tycho.backend()).isInstanceOf(InMemoryBackend.class);
            assertThat(tycho.backend().name()).isEqualTo("memory");
        }
        try (TychoContext tycho = builder().backend("recording").build()) {
            assertThat(tycho.backend()).isSameAs(RecordingBackendProvider.last());
        }
    }

    @Test
    void anUnknownBackendNameIsAnErrorListingTheProviders() {
        assertThatThrownBy(() -> builder().backend("nomad").build())
                .isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("no Tycho backend named 'nomad'")
                .hasMessageContaining("kubernetes (priority 100)")
                .hasMessageContaining("memory (priority -100)");
    }

    @Test
    void withoutANameTheHighestPriorityProviderIsUsedHereKubernetes() {
        // No kubeconfig is needed to build the default client; nothing is sent to a cluster here.
        try (TychoContext tycho = builder().build()) {
            assertThat(tycho.backend().name()).isEqualTo("kubernetes");
            assertThat(tycho.backend().getClass().getName())
                    .isEqualTo("org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend");
        }
    }

    @Test
    void theDefaultKubernetesBackendWithoutAReachableClusterFailsAStartWithAClearError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("http://127.0.0.1:" + closedPort + "/")
                .withNamespace("default")
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(5_000)
                .withRequestTimeout(5_000)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             TychoContext tycho = builder()
                     .backendConfiguration(BackendConfiguration.builder().with(KubernetesClient.class, client).build())
                     .identifiers(Fixtures.fixedIdentifier())
                     .build()) {
            assertThat(tycho.backend().name()).isEqualTo("kubernetes");
            assertThatThrownBy(() -> tycho.start(new StartRequest(Principal.of("alice", "secret-token"), "plain",
                    ONE, "", Map.of())))
                    .isInstanceOf(StartException.class)
                    // the message names the app, the user and the request that failed; why it failed (the
                    // connection was refused) is only in the cause chain
                    .hasMessageStartingWith("cannot start app plain for alice: ")
                    .hasMessageContaining("failed")
                    .hasRootCauseInstanceOf(java.net.ConnectException.class)
                    .satisfies(e -> assertThat(((StartException) e).identifier()).isEqualTo(Fixtures.IDENTIFIER))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token"));
            assertThatThrownBy(() -> tycho.status(StatusQuery.all()))
                    .isInstanceOf(StatusException.class)
                    .hasMessageContaining("cannot list Tycho deployments in namespace default");
        }
    }

    @Test
    void aSuppliedBackendIsUsedAsItIsAndNotClosed() {
        RecordingBackendProvider.RecordingBackend recording = (RecordingBackendProvider.RecordingBackend)
                new RecordingBackendProvider().create(BackendConfiguration.builder().build());
        try (TychoContext tycho = builder().backend(recording).build()) {
            assertThat(tycho.backend()).isSameAs(recording);
        }
        assertThat(recording.closed()).isZero();
    }

    @Test
    void theLastBackendChoiceOfTheBuilderWins() {
        InMemoryBackend supplied = new InMemoryBackend(Fixtures.CLOCK);
        try (TychoContext tycho = builder().backend(supplied).backend("recording").build()) {
            assertThat(tycho.backend()).isSameAs(RecordingBackendProvider.last());
        }
        try (TychoContext tycho = builder().backend("recording").backend(supplied).build()) {
            assertThat(tycho.backend()).isSameAs(supplied);
        }
    }

    @Test
    void aBackendCreatedByNameIsClosedOnce() {
        TychoContext tycho = builder().backend("recording").build();
        RecordingBackendProvider.RecordingBackend backend = RecordingBackendProvider.last();
        assertThat(backend.closed()).isZero();
        tycho.close();
        assertThat(backend.closed()).isEqualTo(1);
    }

    @Test
    void aBackendCreatedByNameGetsTheContextSettingsClockAndTheHostsConfiguration(@TempDir Path dir) {
        Path hostTemplates = dir.resolve("host-templates");
        Path settingTemplates = dir.resolve("setting-templates");
        Clock clock = Fixtures.CLOCK;
        try (TychoContext tycho = builder()
                .settings(Map.of("NAMESPACE", "apps", "DEV_PHASE", "test",
                        "TYCHO_TEMPLATE_PATHS", settingTemplates.toString()))
                .backend("recording")
                .backendConfiguration(BackendConfiguration.builder()
                        .setting("HOST_ONLY", "kept")
                        .setting("NAMESPACE", "overridden")
                        .templateDirectories(List.of(hostTemplates))
                        .with(StringBuilder.class, new StringBuilder("host object"))
                        .build())
                .clock(clock)
                .build()) {
            BackendConfiguration configuration = RecordingBackendProvider.last().configuration();
            assertThat(configuration.settings()).containsEntry("HOST_ONLY", "kept")
                    .containsEntry("NAMESPACE", "apps")
                    .containsEntry("DEV_PHASE", "test");
            assertThat(configuration.get(Clock.class)).containsSame(clock);
            assertThat(configuration.get(StringBuilder.class)).hasValueSatisfying(
                    object -> assertThat(object).hasToString("host object"));
            // the host's template directories are kept, then the ones of the settings
            assertThat(configuration.templateDirectories()).containsExactly(hostTemplates, settingTemplates);
        }
    }

    @Test
    void theHostsTemplateDirectoriesAreKeptWhenTheSettingsNameNone(@TempDir Path dir) {
        try (TychoContext tycho = builder().backend("recording")
                .backendConfiguration(BackendConfiguration.builder().templateDirectories(List.of(dir)).build())
                .build()) {
            assertThat(RecordingBackendProvider.last().configuration().templateDirectories()).containsExactly(dir);
        }
    }
}
