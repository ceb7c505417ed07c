package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/** The embedded API server as hosts use it: a backend runs on it; without the mock server jar, start says so. */
class EmbeddedKubernetesTest {

    @Test
    void aBackendRunsOnItAndDeletingADeploymentCollectsWhatItOwns() {
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
             var backend = Backends.create("kubernetes", BackendConfiguration.builder()
                     .setting("NAMESPACE", "embedded")
                     .with(io.fabric8.kubernetes.client.KubernetesClient.class, kubernetes.client()).build())) {
            assertThat(kubernetes.url()).startsWith("http://");
            kubernetes.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("other")
                    .endMetadata().build()).create();
            TychoSystem system = Systems.webAndApi("alice");
            backend.start(system);
            assertThat(backend.status(StatusQuery.user("alice"))).hasSize(1);
            Deployment deployment = kubernetes.client().apps().deployments().inNamespace("embedded")
                    .withName(system.name()).get();

            kubernetes.client().apps().deployments().inNamespace("embedded").withName(system.name()).delete();

            assertThat(kubernetes.client().services().inNamespace("embedded")
                    .withLabel("tycho-guid", system.identifier()).list().getItems())
                    .as("the Services owned by Deployment " + deployment.getMetadata().getUid()).isEmpty();
            assertThat(kubernetes.client().network().v1().networkPolicies().inNamespace("embedded")
                    .withLabel("tycho-guid", system.identifier()).list().getItems())
                    .as("a NetworkPolicy no one owns stays").hasSize(1);
        }
    }

    @Test
    void withoutTheMockServerOnTheClassPathStartNamesTheDependencyToAdd() throws Exception {
        ClassLoader withoutMock = new WithoutMockServer(getClass().getClassLoader());
        Class<?> embedded = withoutMock.loadClass(EmbeddedKubernetes.class.getName());
        assertThat(embedded.getClassLoader()).isSameAs(withoutMock);

        assertThatThrownBy(() -> {
            try {
                embedded.getMethod("start").invoke(null);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }).isInstanceOf(BackendConfigurationException.class)
                .hasMessageContaining("EmbeddedKubernetes needs io.fabric8:kubernetes-server-mock on the class path")
                .hasMessageContaining("<artifactId>kubernetes-server-mock</artifactId>");
    }

    /**
     * Loads the embedded server's classes itself, and hides fabric8's mock server, as in a host that did not add it.
     */
    private static final class WithoutMockServer extends ClassLoader {
        private static final List<String> OWN = List.of("org.helxplatform.tycho.backend.kubernetes.embedded.",
                "org.helxplatform.tycho.backend.kubernetes.internal.MockApiServer");

        private WithoutMockServer(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.fabric8.mockwebserver.") || name.startsWith("io.fabric8.kubernetes.client.server.")) {
                throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && OWN.stream().anyMatch(name::startsWith)) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return loaded != null ? loaded : super.loadClass(name, resolve);
            }
        }
    }
}
