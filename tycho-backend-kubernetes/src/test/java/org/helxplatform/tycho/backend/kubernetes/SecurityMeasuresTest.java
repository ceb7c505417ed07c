package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The opt-in measures on fabric8's mock API server: tokens in a Secret, claims that do not exist, the hardened
 * profile; and the client timeouts of the provider.
 */
class SecurityMeasuresTest {

    private static final String ACCESS = "access-token-0123456789-abcdef";
    private static final String REFRESH = "refresh-token-0123456789-abcdef";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static MockKubernetes kubernetes;
    private KubernetesClient client;
    private String namespace;

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @BeforeEach
    void namespace() {
        namespace = "measures-" + NAMESPACES.incrementAndGet();
        client = kubernetes.client();
    }

    @Test
    void tokensGoIntoASecretOwnedByTheDeploymentAndReachContainersByReference() {
        TychoSystem system = measures(withTokens(Systems.webAndApi("alice")), false, true, false);
        try (Backend backend = backend(List.of())) {
            backend.start(system);

            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
            assertThat(client.getKubernetesSerialization().asJson(deployment)).doesNotContain(ACCESS)
                    .doesNotContain(REFRESH);
            Container web = container(deployment, "web");
            assertThat(env(web, "ACCESS_TOKEN").getValueFrom().getSecretKeyRef().getName())
                    .isEqualTo(system.name() + "-tokens");
            assertThat(env(web, "ACCESS_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("access_token");
            assertThat(env(web, "access_token").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("access_token");
            assertThat(env(web, "refresh_token").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("refresh_token");
            assertThat(env(web, "ACCESS_TOKEN").getValue()).isNull();

            Secret secret = client.secrets().inNamespace(namespace).withName(system.name() + "-tokens").get();
            assertThat(decode(secret, "access_token")).isEqualTo(ACCESS);
            assertThat(decode(secret, "refresh_token")).isEqualTo(REFRESH);
            assertThat(secret.getMetadata().getLabels()).containsEntry("tycho-guid", system.identifier())
                    .containsEntry("username", "alice");
            assertThat(secret.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("Deployment");
                assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid());
            });

            // the Deployment, its Services and NetworkPolicy; the Secret goes with the Deployment (garbage collection)
            assertThat(backend.delete(system.identifier()).deletedObjects()).isGreaterThanOrEqualTo(4);
            assertThat(Cluster.objectsOf(client, namespace, system.identifier())).isEmpty();
        }
    }

    @Test
    void withoutTheSettingTokensAreEnvValuesAsInPythonTycho() {
        TychoSystem system = withTokens(Systems.webAndApi("alice"));
        try (Backend backend = backend(List.of())) {
            backend.start(system);
            Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
            assertThat(env(container(deployment, "web"), "ACCESS_TOKEN").getValue()).isEqualTo(ACCESS);
            assertThat(client.secrets().inNamespace(namespace).withName(system.name() + "-tokens").get()).isNull();
        }
    }

    @Test
    void aUserWithoutTokensGetsNoSecret() {
        TychoSystem system = measures(Systems.webAndApi("alice").withPrincipal(Principal.of("alice")), false, true,
                false);
        try (Backend backend = backend(List.of())) {
            backend.start(system);
            assertThat(client.secrets().inNamespace(namespace).list().getItems()).isEmpty();
        }
    }

    @Test
    void aTemplateWritingATokenInsideAnotherValueFailsBeforeAnythingIsCreated(@TempDir Path templates)
            throws IOException {
        Files.writeString(templates.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: {{ system.name }}
                  labels: {name: {{ system.name }}, original-app-name: {{ system.system_name }}}
                spec:
                  containers:
                {%- for container in system.containers %}
                  - name: {{ container.name }}
                    image: {{ container.image }}
                    env:
                    - name: AUTHORIZATION
                      value: "Bearer {{ system.access_token }}"
                {%- endfor %}
                """);
        TychoSystem system = measures(withTokens(Systems.webAndApi("alice")), false, true, false);
        try (Backend backend = backend(List.of(templates))) {
            kubernetes.clearRequests();
            assertThatThrownBy(() -> backend.start(system))
                    .isInstanceOf(StartException.class)
                    .hasMessageContaining("app web: the Deployment (template pod.yaml) writes the user's token at"
                            + " spec.template.spec.containers[0].env[0].value")
                    .hasMessageContaining("TYCHO_APP_TOKENS_IN_SECRET=true")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ACCESS));
            assertThat(kubernetes.requests()).noneMatch(request -> request.startsWith("POST"));
            assertThat(Cluster.objectsOf(client, namespace, system.identifier())).isEmpty();
        }
    }

    @Test
    void aMissingClaimIsAWarningNamingClaimAndApp() {
        TychoSystem system = Systems.webAndApi("alice");
        try (Backend backend = backend(List.of())) {
            StartResult result = backend.start(system);
            assertThat(result.warnings()).singleElement().asString()
                    .contains("app web: claim data does not exist, so its volume (mounted at /data in container web)"
                            + " was left out")
                    .contains("TYCHO_APP_REQUIRE_CLAIMS=true");
        }
    }

    @Test
    void anExistingClaimGivesNoWarning() {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata().build()).create();
        try (Backend backend = backend(List.of())) {
            assertThat(backend.start(Systems.webAndApi("alice")).warnings()).isEmpty();
        }
    }

    @Test
    void requiredClaimsFailTheStartBeforeAnythingIsCreated() {
        TychoSystem system = measures(Systems.webAndApi("alice"), false, false, true);
        try (Backend backend = backend(List.of())) {
            kubernetes.clearRequests();
            assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                    .hasMessageContaining("app web: claim data (mounted at /data in container web) does not exist;"
                            + " create the PersistentVolumeClaim data, or set TYCHO_APP_REQUIRE_CLAIMS=false");
            assertThat(kubernetes.requests()).noneMatch(request -> request.startsWith("POST"));
        }
    }

    @Test
    void theHardenedProfileSetsEveryRestrictedFieldOnThePodAndEveryContainer() {
        TychoSystem system = hardenedWithInitContainer(Systems.webAndApi("alice"));
        try (Backend backend = backend(List.of())) {
            backend.start(system);
            PodSpec pod = client.apps().deployments().inNamespace(namespace).withName(system.name()).get().getSpec()
                    .getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("volume-tasks");
            for (Container container : allContainers(pod)) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(container.getName())
                        .isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
            }
        }
    }

    @Test
    void anAppWithAServiceAccountKeepsItsToken() {
        TychoSystem system = hardenedWithInitContainer(Systems.webAndApi("alice")).toBuilder()
                .serviceAccount("reader").build();
        try (Backend backend = backend(List.of())) {
            backend.start(system);
            PodSpec pod = client.apps().deployments().inNamespace(namespace).withName(system.name()).get().getSpec()
                    .getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo("reader");
            assertThat(pod.getAutomountServiceAccountToken()).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0|1000|the pod runs as user 0 (root)",
            "1000|0|container volume-tasks runs as user 0 (root)"})
    void theHardenedProfileRefusesRootBeforeAnythingIsCreated(String user, String initUser, String message) {
        TychoSystem system = hardenedWithInitContainer(Systems.webAndApi("alice")).toBuilder()
                .securityContext(new SecurityContext(user, "1000", "1000"))
                .initSecurityContext(new SecurityContext(initUser, "1000", null)).build();
        try (Backend backend = backend(List.of())) {
            kubernetes.clearRequests();
            assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                    .hasMessageContaining("app web: with TYCHO_APP_HARDENED=true (Pod Security restricted) " + message);
            assertThat(kubernetes.requests()).noneMatch(request -> request.startsWith("POST"));
        }
    }

    @Test
    void theHardenedProfileRefusesWhatATemplateAddsAgainstTheStandard(@TempDir Path templates) throws IOException {
        Files.writeString(templates.resolve("pod.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: {{ system.name }}
                  labels: {name: {{ system.name }}, original-app-name: {{ system.system_name }}}
                spec:
                  containers:
                {%- for container in system.containers %}
                  - name: {{ container.name }}
                    image: {{ container.image }}
                {%- endfor %}
                  volumes:
                  - name: docker
                    hostPath: {path: /var/run/docker.sock}
                """);
        TychoSystem system = measures(Systems.webAndApi("alice"), true, false, false);
        try (Backend backend = backend(List.of(templates))) {
            assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                    .hasMessageContaining("volume docker is of type hostPath, which Pod Security restricted does"
                            + " not admit");
        }
    }

    @Test
    void clientTimeoutsAndRetriesAreSettings() {
        Config config = KubernetesBackendProvider.clientConfig(BackendConfiguration.builder()
                .setting("TYCHO_KUBERNETES_CONNECT_TIMEOUT", "2.5")
                .setting("TYCHO_KUBERNETES_REQUEST_TIMEOUT", "30")
                .setting("TYCHO_KUBERNETES_REQUEST_RETRIES", "0")
                .build(), Config.empty());
        assertThat(config.getConnectionTimeout()).isEqualTo(2500);
        assertThat(config.getRequestTimeout()).isEqualTo(30000);
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
        Config untouched = KubernetesBackendProvider.clientConfig(BackendConfiguration.builder().build(),
                Config.empty());
        assertThat(untouched.getRequestTimeout()).isEqualTo(Config.empty().getRequestTimeout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TYCHO_KUBERNETES_REQUEST_TIMEOUT|0|must be a number of seconds above 0",
            "TYCHO_KUBERNETES_CONNECT_TIMEOUT|10s|must be a number of seconds above 0",
            "TYCHO_KUBERNETES_REQUEST_TIMEOUT|-1|must be a number of seconds above 0",
            "TYCHO_KUBERNETES_REQUEST_RETRIES|many|must be a whole number of retries"})
    void invalidClientSettingsFailNamingTheSetting(String name, String value, String message) {
        assertThatThrownBy(() -> Backends.create("kubernetes", BackendConfiguration.builder().setting(name, value)
                .with(KubernetesClient.class, client).build()))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo(name);
                    assertThat(e.value()).isEqualTo(value);
                })
                .hasMessageContaining(name + ": '" + value + "' " + message);
    }

    private Backend backend(List<Path> templates) {
        return Backends.create("kubernetes", BackendConfiguration.builder().setting("NAMESPACE", namespace)
                .templateDirectories(templates).with(KubernetesClient.class, client).build());
    }

    private static TychoSystem withTokens(TychoSystem system) {
        return system.withPrincipal(new Principal(system.username(), ACCESS, REFRESH));
    }

    private static TychoSystem measures(TychoSystem system, boolean hardened, boolean tokens, boolean claims) {
        return system.toBuilder().options(system.options().withSecurity(
                new DeploymentOptions.Security(hardened, tokens, claims))).build();
    }

    private static TychoSystem hardenedWithInitContainer(TychoSystem system) {
        DeploymentOptions options = system.options();
        DeploymentOptions withInit = new DeploymentOptions("prod", options.gpuResourceName(),
                new DeploymentOptions.InitContainer(true, true, "busybox", "1.36", "250m", "250Mi"),
                options.storage(), options.irods(), options.gitea(), options.ambassador(),
                new DeploymentOptions.Security(true, false, false));
        return system.toBuilder().options(withInit).securityContext(new SecurityContext("1000", "1000", "1000"))
                .initSecurityContext(new SecurityContext("1000", "1000", null)).build();
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(pod.getInitContainers());
        containers.addAll(pod.getContainers());
        return containers;
    }

    private static Container container(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getName()));
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
