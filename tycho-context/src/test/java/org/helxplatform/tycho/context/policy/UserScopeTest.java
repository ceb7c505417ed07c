package org.helxplatform.tycho.context.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.UserScope;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TychoContext#forUser}: a user sees and touches only their own systems, and another user's system gets the
 * answer a missing one gets, operation by operation.
 */
class UserScopeTest {

    private static final String MISSING = "00000000000000000000000000000042";

    @TempDir
    Path registry;

    private LaggingBackend backend;
    private TychoContext tycho;
    private UserScope alice;
    private UserScope bob;
    private String alices;

    @BeforeEach
    void start() {
        backend = new LaggingBackend(new InMemoryBackend(Clock.systemUTC()));
        tycho = TychoContext.builder().registry(PolicyRegistry.write(registry)).settings(Map.of("DEV_PHASE", "test"))
                .backend(backend).build();
        alice = tycho.forUser(new Principal("alice", "alice-token", null));
        bob = tycho.forUser(Principal.of("bob"));
        alices = alice.start("many", null, "", Map.of()).identifier();
    }

    @AfterEach
    void close() {
        tycho.close();
    }

    @Test
    void aUserSeesOnlyTheirOwnSystems() {
        bob.start("many", null, "", Map.of());
        assertThat(alice.status()).extracting(SystemStatus::identifier).containsExactly(alices);
        assertThat(alice.status(alices)).isPresent();
        assertThat(bob.status()).extracting(SystemStatus::username).containsOnly("bob");
        assertThat(bob.status(alices)).isEmpty();
        assertThat(bob.status(MISSING)).isEmpty();
        assertThat(tycho.status(StatusQuery.all())).hasSize(2);
    }

    @Test
    void modifyOfAnotherUsersSystemIsAnsweredAsForAMissingOne() {
        Throwable other = catchFrom(() -> bob.modify(new ModifyRequest(alices, Map.of("team", "x"), null, null)));
        Throwable missing = catchFrom(() -> bob.modify(new ModifyRequest(MISSING, Map.of("team", "x"), null, null)));
        assertSameAnswer(other, missing, alices);
        assertThat(alice.modify(new ModifyRequest(alices, Map.of("team", "blue"), "2", null)).patches()).hasSize(1);
    }

    @Test
    void deleteOfAnotherUsersSystemDeletesNothingAsForAMissingOne() {
        assertThat(bob.delete(alices).deletedObjects()).isZero();
        assertThat(bob.delete(MISSING).deletedObjects()).isZero();
        assertThat(alice.status(alices)).isPresent();
        assertThat(alice.delete(alices).deletedObjects()).isEqualTo(1);
        assertThat(alice.status()).isEmpty();
    }

    @Test
    void waitingEventsAndLogsOfAnotherUsersSystemAreAnsweredAsForAMissingOne() throws Exception {
        assertSameAnswer(failureOf(bob.awaitReady(alices, Duration.ofSeconds(1))),
                failureOf(bob.awaitReady(MISSING, Duration.ofSeconds(1))), alices);
        assertSameAnswer(errorOf(bob.events(alices)), errorOf(bob.events(MISSING)), alices);
        assertSameAnswer(catchFrom(() -> bob.logs(alices, "many", 10)), catchFrom(() -> bob.logs(MISSING, "many", 10)),
                alices);
        assertThat(alice.awaitReady(alices, Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS).identifier())
                .isEqualTo(alices);
        assertThat(alice.logs(alices, "many", 10)).contains("container many of app many");
        assertThat(errorOf(alice.events(alices))).isNull();
    }

    @Test
    void aUserStartsOnlyForThemselves() {
        assertThatThrownBy(() -> alice.start(new StartRequest(Principal.of("bob"), "many", null, "", Map.of())))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("principal.username: 'bob' is not alice");
        assertThat(alice.principal().username()).isEqualTo("alice");
        assertThat(alice.toString()).isEqualTo("UserScope[alice]").doesNotContain("alice-token");
    }

    @Test
    void aUserStartsASpecOnlyForThemselves() {
        ComposeSpec spec = ComposeSpec.parse("""
                services:
                  web:
                    image: nginx:1.27-alpine
                    ports: ["80"]
                    deploy:
                      resources:
                        limits: {cpus: "0.5", memory: 128M}
                        reservations: {cpus: "0.1", memory: 64M}
                """, "web.yaml");
        String identifier = "0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> alice.start(CompileRequest.builder("web", identifier, spec, Principal.of("bob"))
                .build()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("principal.username: 'bob' is not alice");
        assertThat(tycho.status(StatusQuery.identifier(identifier))).isEmpty();
        assertThat(alice.start(CompileRequest.builder("web", identifier, spec, Principal.of("alice")).build())
                .identifier()).isEqualTo(identifier);
        assertThat(alice.status(identifier)).hasValueSatisfying(status ->
                assertThat(status.username()).isEqualTo("alice"));
        assertThat(bob.status(identifier)).isEmpty();
    }

    @Test
    void aSystemJustStartedIsTheUsersEvenBeforeTheStatusShowsIt() {
        backend.freeze();
        String fresh = alice.start("two", null, "", Map.of()).identifier();
        assertThat(alice.modify(new ModifyRequest(fresh, Map.of("team", "a"), null, null)).identifier())
                .isEqualTo(fresh);
        assertThatThrownBy(() -> bob.modify(new ModifyRequest(fresh, Map.of("team", "a"), null, null)))
                .isInstanceOf(UnknownSystemException.class);
        assertThat(bob.delete(fresh).deletedObjects()).isZero();
        assertThat(alice.delete(fresh).deletedObjects()).isEqualTo(1);
    }

    @Test
    void identifiersAreCheckedBeforeAnythingIsAsked() {
        assertThatThrownBy(() -> alice.delete("")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> alice.status("x\" or 1=1")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> alice.logs("../../etc", "many", 1)).isInstanceOf(InvalidValueException.class);
    }

    /** The same type and message, but for the identifier. */
    private static void assertSameAnswer(Throwable other, Throwable missing, String identifier) {
        assertThat(other).isInstanceOf(UnknownSystemException.class);
        assertThat(missing).isInstanceOf(UnknownSystemException.class);
        assertThat(other.getMessage().replace(identifier, MISSING)).isEqualTo(missing.getMessage());
    }

    private static Throwable catchFrom(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 5 seconds", e);
        }
    }

    /** @return the error a publisher signals at once, or {@code null} when it delivers events instead */
    private static Throwable errorOf(Flow.Publisher<LaunchEvent> publisher) throws InterruptedException {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(LaunchEvent item) {
                outcome.complete(null);
            }

            @Override
            public void onError(Throwable throwable) {
                outcome.complete(throwable);
            }

            @Override
            public void onComplete() {
                outcome.complete(null);
            }
        });
        try {
            return outcome.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no event and no error within 5 seconds", e);
        }
    }
}
