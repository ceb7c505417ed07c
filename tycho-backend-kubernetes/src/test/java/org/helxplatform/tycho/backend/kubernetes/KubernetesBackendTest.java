package org.helxplatform.tycho.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes backend's behaviour on fabric8's mock API server: the objects a start makes, status, modify, delete.
 */
class KubernetesBackendTest {

    private static MockKubernetes kubernetes;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private String namespace;
    private KubernetesClient client;
    private KubernetesBackend backend;

    @BeforeAll
    static void startServer() {
        kubernetes = MockKubernetes.start();
    }

    @AfterAll
    static void stopServer() {
        kubernetes.close();
    }

    @BeforeEach
    void createBackend() {
        namespace = "behaviour-" + NAMESPACES.incrementAndGet();
        client = kubernetes.client();
        backend = backend(List.of());
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    @Test
    void startCreatesADeploymentOwningItsServicesAndANetworkPolicy() {
        TychoSystem system = Systems.webAndApi("alice");

        StartResult result = backend.start(system);

        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
        assertThat(deployment.getMetadata().getLabels()).containsEntry("tycho-guid", system.identifier())
                .containsEntry("executor", "tycho").containsEntry("username", "alice");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsOnlyKeys("tycho-guid", "username");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("api", "web");
        List<Service> services = client.services().inNamespace(namespace).withLabel("tycho-guid", system.identifier())
                .list().getItems();
        assertThat(services).as("created together, in any order").extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("api-" + system.identifier(), "web-" + system.identifier());
        assertThat(services).allSatisfy(service -> {
            assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
            assertThat(service.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid());
                assertThat(owner.getKind()).isEqualTo("Deployment");
            });
        });
        assertThat(client.network().v1().networkPolicies().inNamespace(namespace)
                .withName(system.identifier() + "-netpolicy").get().getSpec().getIngress().get(0).getFrom())
                .anySatisfy(peer -> assertThat(peer.getIpBlock().getCidr()).isEqualTo("10.0.0.0/8"));
        assertThat(result.services()).containsOnlyKeys("api", "web");
        assertThat(result.services().get("web").portName()).isEqualTo("port-1");
    }

    @Test
    void claimsThatDoNotExistAreLeftOutExceptStdnfs() {
        TychoSystem system = Systems.webAndApi("alice");

        backend.start(system);

        assertThat(podVolumes(system)).containsExactly("stdnfs");
    }

    @Test
    void existingClaimsAreMounted() {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data").endMetadata().build()).create();
        factsChanged();
        TychoSystem system = Systems.webAndApi("alice");

        backend.start(system);

        assertThat(podVolumes(system)).containsExactly("data", "stdnfs");
        Container web = container(system, "web");
        assertThat(web.getVolumeMounts()).extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getSubPath())
                .containsExactly("data:/data:alice", "stdnfs:/shared:shared");
    }

    @Test
    void ambassadorMakesClusterIpServicesWithAMapping() {
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata()
                .withName("ambassador").endMetadata().build()).create();
        factsChanged();
        TychoSystem system = withOptions(Systems.webAndApi("bob.smith"), DeploymentOptions.DEFAULTS);
        system = system.toBuilder().options(new DeploymentOptions("prod", "nvidia.com/gpu",
                DeploymentOptions.DEFAULTS.initContainer(), DeploymentOptions.DEFAULTS.storage(),
                DeploymentOptions.Irods.DISABLED, DeploymentOptions.DEFAULTS.gitea(),
                new DeploymentOptions.Ambassador("ambassador", "helx-amb"))).build();

        backend.start(system);

        Service web = client.services().inNamespace(namespace).withName("web-" + system.identifier()).get();
        assertThat(web.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(web.getMetadata().getAnnotations().get("getambassador.io/config"))
                .contains("ambassador_id: helx-amb")
                .contains("prefix: /private/web/bob.smith/" + system.identifier() + "/")
                .contains("REMOTE_USER: bob.smith");
        assertThat(env(container(system, "web"))).containsEntry("NB_PREFIX",
                "/private/web/bob.smith/" + system.identifier());
    }

    @Test
    void theEnvSecretIsAppendedToEveryContainerRenderedWithItsEnv() {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("web-env")
                .endMetadata().withStringData(Map.of("ROLE", "{{ MODE }}-role")).build()).create();
        factsChanged();
        TychoSystem system = Systems.webAndApi("alice");

        backend.start(system);

        assertThat(env(container(system, "web"))).containsEntry("ROLE", "web-role");
        assertThat(env(container(system, "api"))).containsEntry("ROLE", "api-role");
    }

    @Test
    void anEnvSecretValueThatIsNotBase64FailsNamingTheKeyBeforeAnythingIsCreated() {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName("web-env")
                .endMetadata().withData(Map.of("ROLE", "not base64!")).build()).create();
        factsChanged();
        TychoSystem system = Systems.webAndApi("alice");

        assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                .hasMessageContaining("Secret web-env: the value of ROLE is not base64");
        assertThat(Cluster.objectsOf(client, namespace, system.identifier())).isEmpty();
    }

    @Test
    void twoVolumesAtOnePathFailBeforeAnythingIsCreated() {
        TychoSystem twice = Systems.webAndApi("alice");
        twice = twice.withVolumes(List.of(new Volume("web", "stdnfs", "a", "/data", true),
                new Volume("web", "stdnfs", "b", "/data", false)));
        TychoSystem system = twice;
        kubernetes.clearRequests();

        assertThatThrownBy(() -> backend.start(system)).isInstanceOf(StartException.class)
                .hasMessageContaining("container web mounts two volumes at /data");
        assertThat(kubernetes.requests()).as("no create").noneMatch(request -> request.startsWith("POST"));
        assertThat(Cluster.objectsOf(client, namespace, system.identifier())).isEmpty();
    }

    @Test
    void withoutTheRightToWatchStatusListsAndSaysWhy() {
        TychoSystem system = Systems.webAndApi("alice");
        backend.start(system);
        backend.close();
        kubernetes.failNext("GET", "/apis/apps/v1/namespaces/" + namespace + "/deployments?labelSelector=executor"
                + "%3Dtycho&resourceVersion=0", 403);
        backend = (KubernetesBackend) Backends.create("kubernetes", BackendConfiguration.builder()
                .setting("NAMESPACE", namespace).setting("TYCHO_CACHE_SYNC_TIMEOUT", "1s")
                .with(KubernetesClient.class, client).build());
        kubernetes.clearRequests();

        List<SystemStatus> status = backend.status(StatusQuery.user("alice"));

        assertThat(backend.cache().synced()).isFalse();
        assertThat(status).singleElement().satisfies(entry -> {
            assertThat(entry.identifier()).isEqualTo(system.identifier());
            assertThat(entry.state().reason()).isEqualTo("Created");
        });
        assertThat(kubernetes.requests()).as("Deployments, Pods and Services listed together")
                .contains("GET /apis/apps/v1/namespaces/" + namespace + "/deployments?labelSelector=username%3Dalice",
                        "GET /api/v1/namespaces/" + namespace + "/pods?labelSelector=username%3Dalice",
                        "GET /api/v1/namespaces/" + namespace + "/services?labelSelector=username%3Dalice");
    }

    @Test
    void statusReportsWhatHostsShow() {
        TychoSystem system = Systems.webAndApi("alice");
        backend.start(system);

        List<SystemStatus> status = backend.status(StatusQuery.user("alice"));

        assertThat(status).singleElement().satisfies(entry -> {
            assertThat(entry.name()).isEqualTo(system.name());
            assertThat(entry.appId()).isEqualTo("web");
            assertThat(entry.workspaceName()).isEqualTo("web");
            assertThat(entry.identifier()).isEqualTo(system.identifier());
            assertThat(entry.creationTime()).isNotNull();
            assertThat(entry.ready()).as("the mock runs no pods").isFalse();
            assertThat(entry.utilization().get("web")).containsEntry("cpu", "1").containsEntry("memory", "1G");
        });
        assertThat(backend.status(StatusQuery.user("bob"))).isEmpty();
    }

    @Test
    void modifyMergesLabelsAndResourcesKeepingEverythingElse() {
        TychoSystem system = Systems.webAndApi("alice");
        backend.start(system);

        var result = backend.modify(new ModifyRequest(system.identifier(), Map.of("team", "blue"), "2", "4G"));

        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "blue")
                .containsEntry("tycho-guid", system.identifier());
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("2"))
                    .containsEntry("memory", new Quantity("4G"));
            assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("2"));
            assertThat(env(container)).containsKey("MODE");
        }
        assertThat(container(system, "web").getImage()).isEqualTo("nginx:1.27");
        assertThat(result.patches()).singleElement().satisfies(patch ->
                assertThat(patch).containsKey("spec"));
    }

    @Test
    void modifyOfAnUnknownSystemNamesIt() {
        String unknown = Systems.newIdentifier();

        assertThatThrownBy(() -> backend.modify(new ModifyRequest(unknown, Map.of(), "1", null)))
                .isInstanceOf(UnknownSystemException.class).hasMessageContaining(unknown);
    }

    @Test
    void deleteRemovesTheDeploymentWithWhatItOwnsAndWhatNoDeploymentOwns() {
        TychoSystem system = Systems.webAndApi("alice");
        backend.start(system);
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(system.name()).get();
        Map<String, String> labels = Map.of("tycho-guid", system.identifier());
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("pod-1")
                .withLabels(labels).addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                .endOwnerReference().endMetadata().build()).create();
        client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("claim-1").withLabels(labels).endMetadata().build()).create();
        kubernetes.clearRequests();

        var result = backend.delete(system.identifier());

        assertThat(result.deletedObjects()).as("the Deployment, its 2 Services, the NetworkPolicy, the claim")
                .isEqualTo(5);
        assertThat(kubernetes.requests()).as("no list, no delete of pods or ReplicaSets")
                .allSatisfy(request -> assertThat(request).startsWith("DELETE"))
                .noneMatch(request -> request.contains("/pods") || request.contains("/replicasets"));
        assertThat(Cluster.objectsOf(client, namespace, system.identifier())).isEmpty();
        assertThat(backend.delete(system.identifier()).deletedObjects()).isZero();
    }

    @Test
    void deleteAfterTheDeploymentWentElsewhereStillRemovesTheSystemsOtherServices() throws Exception {
        TychoSystem system = Systems.webAndApi("alice");
        backend.start(system);
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("extra")
                .withLabels(Map.of("tycho-guid", system.identifier())).endMetadata().build()).create();
        client.apps().deployments().inNamespace(namespace).withName(system.name()).delete();
        for (int i = 0; i < 100 && !backend.status(StatusQuery.identifier(system.identifier())).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(backend.status(StatusQuery.identifier(system.identifier()))).as("the watch saw the delete")
                .isEmpty();

        backend.delete(system.identifier());

        assertThat(client.services().inNamespace(namespace).withName("extra").get())
                .as("a Service of the system that no Deployment owned, which the cache no longer knew").isNull();
    }

    @Test
    void userTemplatesOverrideTheDefaultsAndUnknownFieldsAreDropped(@TempDir Path templates) throws Exception {
        Files.writeString(templates.resolve("service.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: {{ service.name }}
                  labels:
                    tycho-guid: {{ system.identifier }}
                    custom: "yes"
                resourceversion: v1
                spec:
                  type: NodePort
                  selector:
                    name: {{ system.name }}
                  ports:
                  - port: {{ service.port }}
                """);
        backend.close();
        backend = backend(List.of(templates));
        TychoSystem system = Systems.webAndApi("alice");

        backend.start(system);

        Service web = client.services().inNamespace(namespace).withName("web-" + system.identifier()).get();
        assertThat(web.getSpec().getType()).isEqualTo("NodePort");
        assertThat(web.getMetadata().getLabels()).containsEntry("custom", "yes");
        assertThat(web.getAdditionalProperties()).doesNotContainKey("resourceversion");
    }

    @Test
    void theNamespaceComesFromTheSettingElseTheClient() {
        assertThat(backend.namespace()).isEqualTo(namespace);
        try (var fromClient = (KubernetesBackend) Backends.create("kubernetes", BackendConfiguration.builder()
                .with(KubernetesClient.class, client).build())) {
            assertThat(fromClient.namespace()).isEqualTo("default");
        }
    }

    /**
     * A start reads cluster facts from the backend's watch cache: facts written just before a start are seen once
     * the watch brings them (milliseconds). A new backend lists them when it starts.
     */
    private void factsChanged() {
        backend.close();
        backend = backend(List.of());
    }

    private KubernetesBackend backend(List<Path> templates) {
        return (KubernetesBackend) Backends.create("kubernetes", BackendConfiguration.builder()
                .setting("NAMESPACE", namespace)
                .templateDirectories(templates)
                .with(KubernetesClient.class, client)
                .build());
    }

    private static TychoSystem withOptions(TychoSystem system, DeploymentOptions options) {
        return system.toBuilder().options(options).build();
    }

    private List<String> podVolumes(TychoSystem system) {
        return client.apps().deployments().inNamespace(namespace).withName(system.name()).get().getSpec()
                .getTemplate().getSpec().getVolumes().stream().map(v -> v.getName()).toList();
    }

    private Container container(TychoSystem system, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(system.name()).get().getSpec()
                .getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            env.put(variable.getName(), variable.getValue());
        }
        return env;
    }
}
