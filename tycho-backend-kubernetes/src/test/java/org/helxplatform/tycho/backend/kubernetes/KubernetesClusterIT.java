package org.helxplatform.tycho.backend.kubernetes;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backend contract against a real cluster, in a fresh namespace that is deleted afterwards. Runs when
 * {@code KUBECONFIG} or {@code -Dtycho.it.kubeconfig=<file>} is set (nothing else is needed); skipped otherwise.
 * The identity in the kubeconfig needs the Role of the module README in the test namespace, and the right to
 * create and delete namespaces.
 */
class KubernetesClusterIT extends AbstractBackendContractTest {

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void connect() {
        String file = System.getProperty("tycho.it.kubeconfig", "");
        String environment = System.getenv("KUBECONFIG");
        assumeTrue(!file.isBlank() || environment != null && !environment.isBlank(),
                "no cluster: set KUBECONFIG or -Dtycho.it.kubeconfig=<file> to run the integration tests");
        client = file.isBlank() ? new KubernetesClientBuilder().build()
                : new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(file))).build();
        namespace = "tycho-it-" + UUID.randomUUID().toString().substring(0, 8);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).create();
    }

    @AfterAll
    static void deleteNamespace() {
        if (client != null) {
            client.namespaces().withName(namespace).delete();
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

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read -Dtycho.it.kubeconfig=" + file, e);
        }
    }
}
