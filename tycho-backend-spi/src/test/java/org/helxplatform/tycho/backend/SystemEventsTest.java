package org.helxplatform.tycho.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journal of launch events: history, replay, ordering, waiting without threads, ending, closing. */
class SystemEventsTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC);
    private static final SystemState PENDING = SystemState.of(SystemPhase.PENDING, "Created", "");
    private static final SystemState STARTING = SystemState.of(SystemPhase.STARTING, "Pulling", "pulling");
    private static final SystemState READY = SystemState.of(SystemPhase.READY, "ContainersReady", "");
    private static final SystemState FAILED = SystemState.of(SystemPhase.FAILED, "ErrImagePull", "not found");

    /** The "backend": current status by identifier. */
    private final Map<String, SystemStatus> statuses = new ConcurrentHashMap<>();
    private final SystemEvents events = new SystemEvents(CLOCK, id -> Optional.ofNullable(statuses.get(id)));

    @AfterEach
    void close() {
        events.close();
    }

    private void running(SystemState state) {
        statuses.put(ID, SystemStatus.builder("app", ID, "alice", state).url("https://h/x").build());
    }

    @Test
    void eventsAreNumberedFromOneAndAChangedStateIsFollowedByAStateEvent() {
        running(PENDING);
        LaunchEvent created = events.record(ID, LaunchEvent.Kind.TYCHO, "Created", "created", "Deployment/a", false,
                PENDING);
        LaunchEvent repeat = events.record(ID, LaunchEvent.Kind.TYCHO, "Created", "created Service", "Service/a",
                false, PENDING);

        assertThat(created.sequence()).isEqualTo(1);
        assertThat(created.time()).isEqualTo(CLOCK.instant());
        assertThat(repeat.sequence()).as("a STATE event (2) followed the first, which changed the state")
                .isEqualTo(3);
        assertThat(events.lastState(ID)).contains(PENDING);
        assertThat(events.stateChanged(ID, PENDING)).as("the same state again").isEmpty();
        assertThat(events.stateChanged(ID, STARTING)).get().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(LaunchEvent.Kind.STATE);
            assertThat(event.reason()).isEqualTo("Pulling");
            assertThat(event.sequence()).isEqualTo(4);
        });
    }

    @Test
    void aLateSubscriberGetsTheHistoryThenLiveEventsThenCompletion() throws Exception {
        running(PENDING);
        events.record(ID, LaunchEvent.Kind.TYCHO, "Created", "created", "", false, PENDING);
        events.stateChanged(ID, STARTING);
        Collector late = subscribe(ID);
        late.awaitSize(3);

        events.record(ID, LaunchEvent.Kind.ORCHESTRATOR, "Pulled", "pulled", "Pod/a", false, STARTING,
                Instant.parse("2025-03-04T05:06:08Z"));
        late.awaitSize(4);
        events.ended(ID);

        late.done.get(10, TimeUnit.SECONDS);
        assertThat(late.items).extracting(LaunchEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(late.items).extracting(LaunchEvent::reason)
                .containsExactly("Created", "Created", "Pulling", "Pulled");
        assertThat(late.items.get(3).time()).isEqualTo(Instant.parse("2025-03-04T05:06:08Z"));

        Collector afterEnd = subscribe(ID);
        afterEnd.done.get(10, TimeUnit.SECONDS);
        assertThat(afterEnd.items).as("the history stays for late subscribers").hasSize(4);
    }

    @Test
    void anUnknownSystemIsAnErrorToSubscribersAndWaiters() throws Exception {
        Collector subscriber = subscribe(ID);

        assertThatThrownBy(() -> subscriber.done.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(UnknownSystemException.class);
        assertThatThrownBy(() -> events.awaitReady(ID, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(UnknownSystemException.class);
    }

    @Test
    void aSubscriberToASystemWithoutEventsStartsFromItsCurrentState() throws Exception {
        running(STARTING);
        Collector subscriber = subscribe(ID);

        subscriber.awaitSize(1);
        assertThat(subscriber.items.get(0).kind()).isEqualTo(LaunchEvent.Kind.STATE);
        assertThat(subscriber.items.get(0).state()).isEqualTo(STARTING);
    }

    @Test
    void waitersCompleteWhenTheSystemIsReadyWithItsStatus() throws Exception {
        running(STARTING);
        List<CompletableFuture<SystemStatus>> waiters = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            waiters.add(events.awaitReady(ID, Duration.ofMinutes(5)));
        }
        int threads = Thread.activeCount();

        running(READY);
        events.stateChanged(ID, READY);

        for (CompletableFuture<SystemStatus> waiter : waiters) {
            SystemStatus status = waiter.get(10, TimeUnit.SECONDS);
            assertThat(status.ready()).isTrue();
            assertThat(status.url()).isEqualTo("https://h/x");
        }
        assertThat(threads).as("a thousand waiters cost no thread each").isLessThan(200);
    }

    @Test
    void waitingForASystemThatIsAlreadyReadyOrFailedEndsAtOnce() throws Exception {
        running(READY);
        assertThat(events.awaitReady(ID, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS).ready()).isTrue();

        running(FAILED);
        assertThatThrownBy(() -> events.awaitReady(ID, Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LaunchFailedException.class)
                .hasMessageContaining("FAILED ErrImagePull (not found)");
    }

    @Test
    void aFailureFailsTheWaitersWithTheStateAndTheStatus() {
        running(STARTING);
        CompletableFuture<SystemStatus> waiter = events.awaitReady(ID, Duration.ofMinutes(5));

        running(FAILED);
        events.record(ID, LaunchEvent.Kind.ORCHESTRATOR, "Failed", "Error: ErrImagePull", "Pod/a", true, FAILED);

        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LaunchFailedException.class)
                .satisfies(e -> {
                    LaunchFailedException failure = (LaunchFailedException) e;
                    assertThat(failure.state()).isEqualTo(FAILED);
                    assertThat(failure.lastStatus().state()).isEqualTo(FAILED);
                    assertThat(failure.identifier()).isEqualTo(ID);
                });
    }

    @Test
    void aWaitTimesOutWithTheLastStatus() {
        running(STARTING);

        assertThatThrownBy(() -> events.awaitReady(ID, Duration.ofMillis(50)).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(LaunchTimeoutException.class)
                .hasMessageContaining("was not ready within PT0.05S; it is STARTING (Pulling: pulling)")
                .satisfies(e -> assertThat(((LaunchTimeoutException) e).lastStatus().state()).isEqualTo(STARTING));
    }

    @Test
    void anEndedSystemFailsItsWaitersInItsLastStateAndCompletesItsSubscribers() throws Exception {
        running(STARTING);
        events.stateChanged(ID, STARTING);
        CompletableFuture<SystemStatus> waiter = events.awaitReady(ID, Duration.ofMinutes(5));
        Collector subscriber = subscribe(ID);
        subscriber.awaitSize(1);

        SystemState deleted = SystemState.of(SystemPhase.TERMINATING, "Deleted", "deleted");
        events.record(ID, LaunchEvent.Kind.TYCHO, "Deleted", "deleted", "", false, deleted);
        statuses.remove(ID);
        events.ended(ID);

        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(LaunchFailedException.class)
                .satisfies(e -> assertThat(((LaunchFailedException) e).state()).isEqualTo(deleted));
        subscriber.done.get(10, TimeUnit.SECONDS);
        assertThat(subscriber.items).last().satisfies(event -> assertThat(event.state()).isEqualTo(deleted));
    }

    @Test
    void closingCompletesSubscribersAndFailsWaiters() throws Exception {
        running(STARTING);
        events.stateChanged(ID, STARTING);
        CompletableFuture<SystemStatus> waiter = events.awaitReady(ID, Duration.ofMinutes(5));
        Collector subscriber = subscribe(ID);
        subscriber.awaitSize(1);

        events.close();

        subscriber.done.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(BackendException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theHistoryKeepsTheLastEventsOfASystem() throws Exception {
        running(STARTING);
        for (int i = 0; i < SystemEvents.HISTORY_LIMIT + 10; i++) {
            events.record(ID, LaunchEvent.Kind.ORCHESTRATOR, "BackOff", "back-off " + i, "Pod/a", true, STARTING);
        }
        Collector subscriber = subscribe(ID);
        subscriber.awaitSize(SystemEvents.HISTORY_LIMIT);
        Thread.sleep(50);

        assertThat(subscriber.items).hasSize(SystemEvents.HISTORY_LIMIT);
        assertThat(subscriber.items.get(SystemEvents.HISTORY_LIMIT - 1).message())
                .isEqualTo("back-off " + (SystemEvents.HISTORY_LIMIT + 9));
    }

    private Collector subscribe(String identifier) {
        Collector collector = new Collector();
        events.publisher(identifier).subscribe(collector);
        return collector;
    }

    /** Collects what a publisher delivers. */
    private static final class Collector implements Flow.Subscriber<LaunchEvent> {
        private final List<LaunchEvent> items = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(LaunchEvent item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        void awaitSize(int size) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (items.size() < size && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(items).hasSizeGreaterThanOrEqualTo(size);
        }
    }
}
