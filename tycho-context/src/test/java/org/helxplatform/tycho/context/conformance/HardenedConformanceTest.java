package org.helxplatform.tycho.context.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.context.SharedData;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every conformance start again, with the opt-in measures on: {@code TYCHO_APP_HARDENED} and
 * {@code TYCHO_APP_TOKENS_IN_SECRET}, with the default templates and with Python Tycho's. The platform settings
 * are those a hardened platform needs: non-root user ids where a case runs as root by setting
 * ({@code TYCHO_APP_RUN_AS_USER}, {@code INIT_SC_RUN_AS_USER} 0 or unset become 1000) and no iRODS NFS volume
 * ({@code IROD_HOST} unset: Pod Security restricted admits no nfs volume).
 *
 * <p>Each start must end one of three ways: started, with a pod template that {@link RestrictedPodSecurity}
 * admits, no token anywhere in its Deployment or Services, and the tokens in the system's Secret (owned by the
 * Deployment) reached through {@code secretKeyRef}; refused before anything is created because the app's registry
 * entry asks to run as root ({@code securityContext.runAsUser: 0}); or, for the cases that expect an error, that
 * error. Anything else counts as other, and other must be 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardenedConformanceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);
    private static final String ACCESS = "eyJhbGciOiJSUzI1NiJ9.access-token-of-the-case.c2lnbmF0dXJl";
    private static final String REFRESH = "refresh-token-of-the-case-0123456789";

    private EmbeddedKubernetes kubernetes;
    private final AtomicInteger namespaces = new AtomicInteger();

    @BeforeAll
    void startServer() {
        kubernetes = EmbeddedKubernetes.start();
    }

    @AfterAll
    void stopServer() {
        kubernetes.close();
    }

    @TestFactory
    Stream<DynamicTest> everyStartUnderTheHardenedProfile() throws Exception {
        List<StartCase> cases = StartCase.all(SharedData.conformance());
        assertThat(cases).isNotEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path templates : new Path[] {null, SharedData.conformance().resolve("tycho-templates")}) {
            for (StartCase startCase : cases) {
                labels.add(startCase.name() + (templates == null ? " (default templates)" : " (original templates)"));
                outcomes.add(pool.submit(() -> outcome(startCase, templates)));
            }
        }
        pool.shutdown();
        int admitted = 0;
        int refusedRoot = 0;
        int expectedErrors = 0;
        int secrets = 0;
        List<String> others = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i).get();
            switch (outcome.kind()) {
                case ADMITTED -> admitted++;
                case REFUSED_ROOT -> refusedRoot++;
                case EXPECTED_ERROR -> expectedErrors++;
                default -> others.add(labels.get(i) + ": " + outcome.detail());
            }
            secrets += outcome.secrets();
            String label = labels.get(i);
            tests.add(DynamicTest.dynamicTest(label, () -> assertThat(outcome.kind()).as(label + ": "
                    + outcome.detail()).isNotEqualTo(Kind.OTHER)));
        }
        System.out.println("hardened profile: " + outcomes.size() + " conformance starts (default and original"
                + " templates): " + admitted + " admitted by Pod Security restricted, " + refusedRoot + " refused"
                + " before anything was created (the app's registry entry runs it as root), " + expectedErrors
                + " failed with the case's expected error, " + others.size() + " other");
        System.out.println("tokens in a Secret: " + secrets + " Secrets created, 0 tokens in Deployments or Services");
        others.forEach(other -> System.out.println("  " + other));
        assertThat(admitted).as("starts admitted").isGreaterThan(outcomes.size() / 2);
        assertThat(secrets).isEqualTo(admitted);
        return tests.stream();
    }

    private enum Kind { ADMITTED, REFUSED_ROOT, EXPECTED_ERROR, OTHER }

    private record Outcome(Kind kind, String detail, int secrets) {
        static Outcome other(String detail) {
            return new Outcome(Kind.OTHER, detail, 0);
        }
    }

    private Outcome outcome(StartCase startCase, Path templates) {
        String namespace = "hardened-" + namespaces.incrementAndGet();
        KubernetesClient client = kubernetes.client();
        try {
            startCase.createClusterObjects(client, namespace);
            int before = objectsIn(client, namespace);
            Map<String, String> settings = new LinkedHashMap<>(startCase.environ());
            settings.put("NAMESPACE", namespace);
            settings.put("TYCHO_APP_HARDENED", "true");
            settings.put("TYCHO_APP_TOKENS_IN_SECRET", "true");
            for (String uid : List.of("TYCHO_APP_RUN_AS_USER", "INIT_SC_RUN_AS_USER")) {
                if (settings.getOrDefault(uid, "0").equals("0")) {
                    settings.put(uid, "1000");
                }
            }
            settings.remove("IROD_HOST");
            URI base = startCase.baseUrl();
            RegistrySource registry = RegistrySource.of(base, ResourceLoaders.mapping(Map.of(
                    base.toString(), startCase.registryDirectory(),
                    base + "app-specs/", startCase.specsDirectory())));
            BackendConfiguration.Builder backend = BackendConfiguration.builder().with(KubernetesClient.class, client);
            if (templates != null) {
                backend.templateDirectories(List.of(templates));
            }
            try (TychoContext tycho = TychoContext.builder().registry(registry).product(startCase.product())
                    .settings(settings).backend("kubernetes").backendConfiguration(backend.build())
                    .identifiers(startCase::identifier).clock(CLOCK).build()) {
                Principal principal = new Principal(startCase.principal().username(), ACCESS, REFRESH);
                try {
                    tycho.start(new StartRequest(principal, startCase.app(), startCase.resourceRequest(),
                            startCase.host(),
                            startCase.extraContainerEnv()));
                } catch (TychoException e) {
                    int left = objectsIn(client, namespace) - before;
                    if (left != 0) {
                        return Outcome.other("failed and left " + left + " objects: " + e.getMessage());
                    }
                    if (e.getMessage().contains(ACCESS) || e.getMessage().contains(REFRESH)) {
                        return Outcome.other("a message shows a token");
                    }
                    if (startCase.expectsError() && e.getMessage().contains(startCase.expectedError())) {
                        return new Outcome(Kind.EXPECTED_ERROR, e.getMessage(), 0);
                    }
                    Object registryUser = tycho.app(startCase.app()).securityContext().get("runAsUser");
                    if (e.getMessage().contains("runs as user 0 (root)") && registryUser != null
                            && String.valueOf(registryUser).equals("0")) {
                        return new Outcome(Kind.REFUSED_ROOT, e.getMessage(), 0);
                    }
                    return Outcome.other("failed: " + e.getMessage());
                }
                if (startCase.expectsError()) {
                    return Outcome.other("started, expected the error " + startCase.expectedError());
                }
                return checkStarted(client, namespace, startCase.identifier());
            }
        } catch (RuntimeException e) {
            return Outcome.other("threw " + e);
        } finally {
            // keeps the mock server's store small: it scans every stored object on each list
            client.apps().deployments().inNamespace(namespace).delete();
            client.network().v1().networkPolicies().inNamespace(namespace).delete();
            client.services().inNamespace(namespace).delete();
            client.secrets().inNamespace(namespace).delete();
            client.persistentVolumeClaims().inNamespace(namespace).delete();
        }
    }

    private Outcome checkStarted(KubernetesClient client, String namespace, String identifier) {
        List<Deployment> deployments = client.apps().deployments().inNamespace(namespace)
                .withLabel("tycho-guid", identifier).list().getItems();
        if (deployments.size() != 1) {
            return Outcome.other(deployments.size() + " Deployments");
        }
        Deployment deployment = deployments.get(0);
        JsonNode json = client.getKubernetesSerialization().convertValue(deployment, JsonNode.class);
        List<String> violations = RestrictedPodSecurity.violations(json.at("/spec/template"));
        if (!violations.isEmpty()) {
            return Outcome.other("not admitted by Pod Security restricted: " + violations);
        }
        List<HasMetadata> rendered = new ArrayList<>(client.services().inNamespace(namespace)
                .withLabel("tycho-guid", identifier).list().getItems());
        rendered.add(deployment);
        for (HasMetadata object : rendered) {
            String text = client.getKubernetesSerialization().asJson(object);
            if (text.contains(ACCESS) || text.contains(REFRESH)) {
                return Outcome.other(object.getKind() + " " + object.getMetadata().getName() + " holds a token");
            }
        }
        Secret secret = client.secrets().inNamespace(namespace).withName(deployment.getMetadata().getName()
                + "-tokens").get();
        if (secret == null || !decode(secret, "access_token").equals(ACCESS)
                || !decode(secret, "refresh_token").equals(REFRESH)) {
            return Outcome.other("no Secret holding both tokens");
        }
        if (!secret.getMetadata().getOwnerReferences().get(0).getUid().equals(deployment.getMetadata().getUid())) {
            return Outcome.other("the Secret is not owned by the Deployment");
        }
        boolean referenced = json.at("/spec/template/spec/containers").findValues("secretKeyRef").stream()
                .anyMatch(ref -> ref.path("key").asText().equals("access_token"));
        if (!referenced) {
            return Outcome.other("no container reads the access token through secretKeyRef");
        }
        return new Outcome(Kind.ADMITTED, "", 1);
    }

    private static String decode(Secret secret, String key) {
        String value = secret.getData() == null ? null : secret.getData().get(key);
        return value == null ? "" : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    private static int objectsIn(KubernetesClient client, String namespace) {
        return client.apps().deployments().inNamespace(namespace).list().getItems().size()
                + client.network().v1().networkPolicies().inNamespace(namespace).list().getItems().size()
                + client.services().inNamespace(namespace).list().getItems().size()
                + client.secrets().inNamespace(namespace).list().getItems().size()
                + client.persistentVolumeClaims().inNamespace(namespace).list().getItems().size();
    }
}
