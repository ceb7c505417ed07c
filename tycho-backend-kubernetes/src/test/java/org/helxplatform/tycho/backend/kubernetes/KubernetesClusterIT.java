package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The backend contract against a real cluster, in a fresh namespace that is deleted afterwards; and the hardened
 * profile ({@code TYCHO_APP_HARDENED}) in a second fresh namespace labelled
 * {@code pod-security.kubernetes.io/enforce: restricted}, where a hardened system is admitted by Pod Security
 * Admission and the same system without the profile is refused. Runs when {@code KUBECONFIG} or
 * {@code -Dtycho.it.kubeconfig=<file>} is set (nothing else is needed); skipped otherwise. The identity in the
 * kubeconfig needs the Role of the module README in the test namespaces (with the Secret verbs of
 * {@code TYCHO_APP_TOKENS_IN_SECRET}), and the right to create and delete namespaces.
 */
class KubernetesClusterIT extends AbstractBackendContractTest {

    private static KubernetesClient client;
    private static String namespace;
    private static String restricted;

    @BeforeAll
    static void connect() {
        String file = System.getProperty("tycho.it.kubeconfig", "");
        String environment = System.getenv("KUBECONFIG");
        assumeTrue(!file.isBlank() || environment != null && !environment.isBlank(),
                "no cluster: set KUBECONFIG or -Dtycho.it.kubeconfig=<file> to run the integration tests");
        client = file.isBlank() ? new KubernetesClientBuilder().build()
                : new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(file))).build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        namespace = "tycho-it-" + suffix;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
        restricted = "tycho-it-restricted-" + suffix;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(restricted)
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted",
                        "pod-security.kubernetes.io/enforce-version", "latest"))
                .endMetadata().build()).create();
    }

    @AfterAll
    static void deleteNamespace() {
        if (client != null) {
            client.namespaces().withName(namespace).delete();
            client.namespaces().withName(restricted).delete();
            client.close();
        }
    }

    @Override
    protected Backend createBackend() {
        return Backends.create("kubernetes", BackendConfiguration.builder()
                .setting("NAMESPACE", namespace)
                .with(KubernetesClient.class, client)
                .build());
    }

    /** A real failure: a Service with the name of the system's service already exists, so its create fails (409). */
    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        String name = system.services().keySet().iterator().next() + "-" + system.identifier();
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
    }

    @Override
    protected long leftovers(String identifier) {
        return Cluster.objectsOf(client, namespace, identifier).size();
    }

    @Test
    void aHardenedSystemIsAdmittedInARestrictedNamespace() throws InterruptedException {
        try (Backend backend = restrictedBackend()) {
            TychoSystem system = restrictedSystem(true);
            backend.start(system);
            // Pod Security Admission judges a dry-run create too: this is the pod the ReplicaSet will make
            Pod admitted = client.pods().inNamespace(restricted).resource(podOf(system)).dryRun().create();
            assertThat(admitted.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
            boolean created = false;
            for (int i = 0; i < 90 && !created; i++) {
                created = !client.pods().inNamespace(restricted).withLabel("tycho-guid", system.identifier()).list()
                        .getItems().isEmpty();
                TimeUnit.SECONDS.sleep(1);
            }
            assertThat(created).as("the ReplicaSet's pod was admitted within 90 seconds").isTrue();
            backend.delete(system.identifier());
        }
    }

    @Test
    void theSameSystemWithoutTheProfileIsRefusedThere() {
        try (Backend backend = restrictedBackend()) {
            TychoSystem system = restrictedSystem(false);
            backend.start(system);
            assertThatThrownBy(() -> client.pods().inNamespace(restricted).resource(podOf(system)).dryRun().create())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasMessageContaining("PodSecurity");
            backend.delete(system.identifier());
        }
    }

    private static Backend restrictedBackend() {
        return Backends.create("kubernetes", BackendConfiguration.builder().setting("NAMESPACE", restricted)
                .with(KubernetesClient.class, client).build());
    }

    private static TychoSystem restrictedSystem(boolean hardened) {
        TychoSystem system = Systems.webAndApi("alice").withPrincipal(new Principal("alice", "token-of-alice",
                null));
        return system.toBuilder()
                .securityContext(new SecurityContext("1000", "1000", "1000"))
                .options(system.options().withSecurity(new DeploymentOptions.Security(hardened, true, false)))
                .build();
    }

    private static Pod podOf(TychoSystem system) {
        Deployment deployment = client.apps().deployments().inNamespace(restricted).withName(system.name()).get();
        return new PodBuilder()
                .withMetadata(deployment.getSpec().getTemplate().getMetadata())
                .editMetadata().withName(system.name() + "-dry-run").endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read -Dtycho.it.kubeconfig=" + file, e);
        }
    }
}
