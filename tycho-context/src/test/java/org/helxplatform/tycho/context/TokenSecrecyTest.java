package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.MockKubernetes;
import org.helxplatform.tycho.backend.testkit.FaultInjectingBackend;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The principal's tokens never appear in a response envelope, an exception message (of the whole cause chain),
 * the string form of a compiled system, or the log, for any operation, successful or failing; on the in-memory
 * and on the Kubernetes backend (fabric8's mock API server), where the token does reach the pod.
 */
class TokenSecrecyTest {

    private static final String ACCESS = "ACCESS-7f3c9e41-do-not-leak";
    private static final String REFRESH = "REFRESH-a81b22d0-do-not-leak";
    private static final Principal ALICE = new Principal("alice", ACCESS, REFRESH);
    private static final ResourceRequest ONE = ResourceRequest.of("1", "1G");

    private final List<String> texts = new ArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    private void response(TychoResponse response) {
        texts.add(response.toJson());
        texts.add(response.toString());
    }

    /** Runs an operation that must fail; records the error envelope and every message of the cause chain. */
    private void failing(String what, Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            response(TychoResponse.error(e));
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
            return;
        }
        fail(what + " was expected to fail");
    }

    private void assertNoToken() {
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).as("the log was captured").contains("Tycho context for product");
        texts.add(logged);
        assertThat(texts).isNotEmpty().allSatisfy(text -> assertThat(text)
                .doesNotContain(ACCESS).doesNotContain(REFRESH)
                .doesNotContain("7f3c9e41").doesNotContain("a81b22d0"));
    }

    @Test
    void inMemory() {
        FaultInjectingBackend backend = new FaultInjectingBackend(new InMemoryBackend(Fixtures.CLOCK));
        try (TychoContext tycho = Fixtures.context().backend(backend).build()) {
            texts.add(tycho.compile(new StartRequest(ALICE, "full", ONE, "h", Map.of())).toString());
            texts.add(ALICE.toString());

            StartResult started = tycho.start(new StartRequest(ALICE, "full", ONE, "helx.example.org",
                    Map.of("EXTRA", "x")));
            response(TychoResponse.of(started));
            response(TychoResponse.of(tycho.status(StatusQuery.all()), "nvidia.com/gpu"));
            response(TychoResponse.of(tycho.status(StatusQuery.user("alice")), "nvidia.com/gpu"));
            response(TychoResponse.of(tycho.status(StatusQuery.identifier(started.identifier())), "nvidia.com/gpu"));
            response(TychoResponse.of(tycho.modify(new ModifyRequest(started.identifier(), Map.of("a", "b"), "2",
                    "2G"))));

            backend.failNextStart(new IllegalStateException("injected"));
            failing("failing backend", () -> tycho.start(new StartRequest(ALICE, "full", ONE, "", Map.of())));
            failing("missing spec", () -> tycho.start(new StartRequest(ALICE, "missing", ONE, "", Map.of())));
            failing("no main service", () -> tycho.start(new StartRequest(ALICE, "nomain", ONE, "", Map.of())));
            failing("no resources", () -> tycho.start(new StartRequest(ALICE, "noresources", ONE, "", Map.of())));
            failing("bad yaml", () -> tycho.start(new StartRequest(ALICE, "badyaml", ONE, "", Map.of())));
            failing("unknown app", () -> tycho.start(new StartRequest(ALICE, "nope", ONE, "", Map.of())));
            failing("invalid extra env", () -> tycho.start(new StartRequest(ALICE, "full", ONE, "",
                    Map.of("1-bad name", ACCESS))));
            failing("unknown system", () -> tycho.modify(new ModifyRequest("ffffffffffffffffffffffffffffffff",
                    Map.of(), "1", null)));

            response(TychoResponse.of(tycho.delete(started.identifier())));
            response(TychoResponse.of(tycho.delete(started.identifier())));
        }
        assertThat(texts).hasSizeGreaterThan(20);
        assertNoToken();
    }

    @Test
    void kubernetes() {
        MockKubernetes kubernetes = MockKubernetes.start();
        try {
            KubernetesClient client = kubernetes.client();
            try (TychoContext tycho = Fixtures.context()
                    .settings(Map.of("DEV_PHASE", "test", "NAMESPACE", "secrecy"))
                    .backend("kubernetes")
                    .backendConfiguration(BackendConfiguration.builder().with(KubernetesClient.class, client).build())
                    .build()) {
                StartResult started = tycho.start(new StartRequest(ALICE, "full", ONE, "helx.example.org", Map.of()));
                response(TychoResponse.of(started));
                // the token does reach the pod: the checks below could see it if it leaked
                Deployment deployment = client.apps().deployments().inNamespace("secrecy").withName(started.name())
                        .get();
                assertThat(client.getKubernetesSerialization().asJson(deployment)).contains(ACCESS);

                response(TychoResponse.of(tycho.status(StatusQuery.all()), "nvidia.com/gpu"));
                response(TychoResponse.of(tycho.status(StatusQuery.identifier(started.identifier())),
                        "nvidia.com/gpu"));
                response(TychoResponse.of(tycho.modify(new ModifyRequest(started.identifier(), Map.of("a", "b"),
                        "2", "2G"))));

                kubernetes.failNext("POST", "/api/v1/namespaces/secrecy/services", 422);
                failing("rejected service", () -> tycho.start(new StartRequest(ALICE, "full", ONE, "", Map.of())));
                kubernetes.failNext("POST", "/apis/apps/v1/namespaces/secrecy/deployments", 500);
                failing("rejected deployment", () -> tycho.start(new StartRequest(ALICE, "full", ONE, "", Map.of())));
                failing("unknown system", () -> tycho.modify(new ModifyRequest("ffffffffffffffffffffffffffffffff",
                        Map.of(), "1", null)));

                response(TychoResponse.of(tycho.delete(started.identifier())));
                assertThat(tycho.status(StatusQuery.all())).isEmpty();
            }
        } finally {
            kubernetes.close();
        }
        assertNoToken();
    }
}
