package org.helxplatform.tycho.backend.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Predicate;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.SystemPhase;

/** Subscribes to the launch events of a system and collects them, for assertions. */
public final class Events implements Flow.Subscriber<LaunchEvent> {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final List<LaunchEvent> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    private Events() {
    }

    /**
     * Subscribes to a system's events.
     *
     * @param backend    the backend
     * @param identifier the system identifier
     * @return the collector
     */
    public static Events of(Backend backend, String identifier) {
        Events events = new Events();
        backend.events(identifier).subscribe(events);
        return events;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(LaunchEvent item) {
        received.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        completion.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        completion.complete(null);
    }

    /** @return the events received so far */
    public List<LaunchEvent> received() {
        return List.copyOf(received);
    }

    /** @return completes when the events end (the system was deleted), exceptionally on an error */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Waits for at least a number of events.
     *
     * @param count how many
     * @return the events so far
     */
    public List<LaunchEvent> awaitCount(int count) {
        return await(events -> events.size() >= count, "at least " + count + " events");
    }

    /**
     * Waits for an event whose state has a phase.
     *
     * @param phase the phase
     * @return the events so far, up to and including that event
     */
    public List<LaunchEvent> awaitState(SystemPhase phase) {
        List<LaunchEvent> events = await(list -> list.stream().anyMatch(e -> e.state().phase() == phase),
                "an event in phase " + phase);
        int last = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).state().phase() == phase) {
                last = i;
            }
        }
        return events.subList(0, last + 1);
    }

    /**
     * Waits for the events to satisfy a condition.
     *
     * @param condition the condition
     * @param what      the condition, for the failure message
     * @return the events so far
     */
    public List<LaunchEvent> await(Predicate<List<LaunchEvent>> condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (true) {
            List<LaunchEvent> events = received();
            if (condition.test(events)) {
                return events;
            }
            if (Instant.now().isAfter(deadline) || completion.isCompletedExceptionally()) {
                throw new AssertionError("no " + what + " within " + PATIENCE + "; received " + events);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
