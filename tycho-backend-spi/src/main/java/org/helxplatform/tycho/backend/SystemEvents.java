package org.helxplatform.tycho.backend;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The launch events of a backend's systems, and the callers waiting for them to be ready: what a backend needs to
 * implement {@link Backend#events(String)} and {@link Backend#awaitReady(String, Duration)} in a few lines.
 *
 * <p>The backend records what happens to a system ({@link #record}, {@link #stateChanged}) as it learns of it, and
 * calls {@link #ended} once the system is gone. An event that changes the system's state is followed in the history
 * by a {@link LaunchEvent.Kind#STATE STATE} event with the new state, so that every change of state shows as one. Each system's history is kept (its last {@value #HISTORY_LIMIT}
 * events; those of the last {@value #ENDED_KEPT} ended systems too), so a subscriber that comes late receives the
 * history so far, then the live events, then completion when the system ends. Waiting costs no thread: a waiter
 * is a future completed by the thread that records the decisive state, or by one shared timer thread. Delivery to
 * subscribers and completion of waiters run on this object's own daemon threads (at most
 * four), never on the recording thread.
 * Thread-safe.
 */
public final class SystemEvents implements AutoCloseable {

    /** Events kept per system. */
    public static final int HISTORY_LIMIT = 256;
    /** Ended systems whose history is kept for late subscribers. */
    public static final int ENDED_KEPT = 1024;

    private static final int BUFFER = 1024;
    private static final int DELIVERY_THREADS = 4;

    private final Clock clock;
    private final Function<String, Optional<SystemStatus>> statusOf;
    private final Map<String, Journal> journals = new ConcurrentHashMap<>();
    private final Map<String, Journal> ended = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Journal> eldest) {
            return size() > ENDED_KEPT;
        }
    });
    private final ScheduledThreadPoolExecutor timer;
    /** Runs subscribers' deliveries (host code). */
    private final ExecutorService delivery;
    /** Completes waits, apart from the deliveries, so that slow subscribers cannot hold up {@code awaitReady}. */
    private final ExecutorService waits;

    /**
     * Creates the events of a backend.
     *
     * @param clock    gives the time of Tycho's own events
     * @param statusOf the backend's current status of a system, empty when it has none; called when a caller
     *                 subscribes or waits, and when a wait ends, so it should be cheap (a cache read)
     */
    public SystemEvents(Clock clock, Function<String, Optional<SystemStatus>> statusOf) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.statusOf = Objects.requireNonNull(statusOf, "statusOf");
        this.timer = new ScheduledThreadPoolExecutor(1, daemons("tycho-events-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.delivery = pool("tycho-events");
        this.waits = pool("tycho-events-waits");
    }

    private static ExecutorService pool(String name) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DELIVERY_THREADS, DELIVERY_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Records an event of a system.
     *
     * @param identifier     the system identifier
     * @param kind           whose event it is
     * @param reason         a machine-readable word, e.g. {@code Created}
     * @param message        what happened, for a person; never a token or an environment value
     * @param involvedObject the object it is about, as {@code Kind/name}, or empty
     * @param warning        whether it reports a problem
     * @param state          the system's state after the event
     * @return the event, numbered
     */
    public LaunchEvent record(String identifier, LaunchEvent.Kind kind, String reason, String message,
                              String involvedObject, boolean warning, SystemState state) {
        return record(identifier, kind, reason, message, involvedObject, warning, state, clock.instant());
    }

    /**
     * Records an event of a system that happened at a given time (an orchestrator's event).
     *
     * @param identifier     the system identifier
     * @param kind           whose event it is
     * @param reason         a machine-readable word, e.g. {@code Pulling}
     * @param message        what happened, for a person
     * @param involvedObject the object it is about, as {@code Kind/name}, or empty
     * @param warning        whether it reports a problem
     * @param state          the system's state after the event
     * @param time           when it happened
     * @return the event, numbered
     */
    public LaunchEvent record(String identifier, LaunchEvent.Kind kind, String reason, String message,
                              String involvedObject, boolean warning, SystemState state, Instant time) {
        Journal journal = journal(identifier);
        List<Runnable> completions = new ArrayList<>();
        LaunchEvent event;
        synchronized (journal) {
            event = new LaunchEvent(identifier, ++journal.sequence, time, kind, reason, message, involvedObject,
                    warning, state);
            journal.append(event);
            if (!state.equals(journal.state)) {
                journal.state = state;
                if (kind != LaunchEvent.Kind.STATE) {
                    journal.append(new LaunchEvent(identifier, ++journal.sequence, time, LaunchEvent.Kind.STATE,
                            state.reason(), state.message(), "", state.isFailed(), state));
                }
                completions.addAll(journal.settle(state));
            }
        }
        completions.forEach(waits::execute);
        return event;
    }

    /**
     * Records a change of a system's state as a {@link LaunchEvent.Kind#STATE} event, unless it is the state
     * already recorded last.
     *
     * @param identifier the system identifier
     * @param state      the new state
     * @return the event, or empty when the state did not change
     */
    public Optional<LaunchEvent> stateChanged(String identifier, SystemState state) {
        Journal journal = journal(identifier);
        synchronized (journal) {
            if (state.equals(journal.state)) {
                return Optional.empty();
            }
        }
        return Optional.of(record(identifier, LaunchEvent.Kind.STATE, state.reason(), state.message(), "",
                state.isFailed(), state));
    }

    /**
     * The state last recorded for a system.
     *
     * @param identifier the system identifier
     * @return the state, or empty when none was recorded
     */
    public Optional<SystemState> lastState(String identifier) {
        Journal journal = journals.get(identifier);
        if (journal == null) {
            return Optional.empty();
        }
        synchronized (journal) {
            return Optional.ofNullable(journal.state);
        }
    }

    /**
     * The system is gone: its subscribers receive the history so far and complete, and its waiters fail with
     * {@link LaunchFailedException} in the last state recorded (record a {@code TERMINATING} state first to say
     * why). Its history stays for late subscribers.
     *
     * @param identifier the system identifier
     */
    public void ended(String identifier) {
        Journal journal = journals.remove(identifier);
        if (journal == null) {
            return;
        }
        List<Runnable> completions;
        synchronized (journal) {
            journal.ended = true;
            journal.sinks.forEach(SubmissionPublisher::close);
            journal.sinks.clear();
            SystemState last = journal.state != null ? journal.state
                    : SystemState.of(SystemPhase.TERMINATING, "Deleted", "");
            completions = journal.fail(last);
        }
        ended.put(identifier, journal);
        completions.forEach(waits::execute);
    }

    /**
     * The events of a system: its history so far, then each new event, then completion when it ends. An
     * identifier neither this object nor the backend knows is signalled as an {@link UnknownSystemException}.
     *
     * @param identifier the system identifier
     * @return a publisher; each subscriber gets the whole history
     */
    public Flow.Publisher<LaunchEvent> publisher(String identifier) {
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber");
            if (!journals.containsKey(identifier) && !ended.containsKey(identifier)) {
                Optional<SystemStatus> status = statusOf.apply(identifier);
                if (status.isEmpty()) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            // nothing to deliver
                        }

                        @Override
                        public void cancel() {
                            // nothing to release
                        }
                    });
                    subscriber.onError(new UnknownSystemException(identifier));
                    return;
                }
                stateChanged(identifier, status.get().state());
            }
            Journal journal = journal(identifier);
            SubmissionPublisher<LaunchEvent> sink = new SubmissionPublisher<>(delivery, BUFFER);
            sink.subscribe(subscriber);
            synchronized (journal) {
                journal.history.forEach(event -> journal.offer(sink, event));
                if (journal.ended) {
                    sink.close();
                } else {
                    journal.sinks.add(sink);
                }
            }
        };
    }

    /**
     * Waits for a system to be ready without blocking a thread.
     *
     * @param identifier the system identifier
     * @param timeout    how long to wait at most
     * @return a future that completes with the status once the system is ready; exceptionally with
     *         {@link LaunchFailedException} when it fails or ends first, with {@link LaunchTimeoutException}
     *         (holding the last status) when the time runs out, and with {@link UnknownSystemException} when there
     *         is no such system
     */
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Optional<SystemStatus> current = statusOf.apply(identifier);
        if (current.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownSystemException(identifier));
        }
        CompletableFuture<SystemStatus> future = new CompletableFuture<>();
        Journal journal = journal(identifier);
        synchronized (journal) {
            journal.waiters.add(future);
        }
        // Read again after registering: a state recorded in between is seen either here or by the waiter.
        current = statusOf.apply(identifier);
        if (current.isEmpty()) {
            future.completeExceptionally(new UnknownSystemException(identifier));
        } else if (current.get().state().isReady()) {
            future.complete(current.get());
        } else if (current.get().state().isFailed()) {
            future.completeExceptionally(new LaunchFailedException(identifier, current.get().state(), current.get()));
        }
        if (!future.isDone()) {
            ScheduledFuture<?> expiry = timer.schedule(() -> future.completeExceptionally(
                    new LaunchTimeoutException(identifier, timeout, statusOf.apply(identifier).orElse(null))),
                    Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            future.whenComplete((status, failure) -> expiry.cancel(false));
        }
        future.whenComplete((status, failure) -> {
            synchronized (journal) {
                journal.waiters.remove(future);
            }
        });
        return future;
    }

    /** Completes every subscriber, fails every waiter and stops this object's threads. */
    @Override
    public void close() {
        for (String identifier : new ArrayList<>(journals.keySet())) {
            Journal journal = journals.get(identifier);
            if (journal != null) {
                List<CompletableFuture<SystemStatus>> waiters;
                synchronized (journal) {
                    journal.sinks.forEach(SubmissionPublisher::close);
                    journal.sinks.clear();
                    waiters = new ArrayList<>(journal.waiters);
                    journal.waiters.clear();
                }
                // Completed outside the monitor: a waiter's clean-up removes it from the list it is in.
                waiters.forEach(waiter -> waiter.completeExceptionally(new BackendException(identifier,
                        "the backend was closed while waiting for system " + identifier, null)));
            }
        }
        timer.shutdownNow();
        delivery.shutdown();
        waits.shutdown();
    }

    /** The journal of a system: its live one, else its ended one (late events are kept, nothing reopens), else new. */
    private Journal journal(String identifier) {
        Journal journal = journals.get(identifier);
        if (journal == null) {
            journal = ended.get(identifier);
        }
        return journal != null ? journal : journals.computeIfAbsent(identifier, Journal::new);
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One system's history, subscribers and waiters; guarded by its own monitor. */
    private final class Journal {
        private final String identifier;
        private final ArrayDeque<LaunchEvent> history = new ArrayDeque<>();
        private final List<SubmissionPublisher<LaunchEvent>> sinks = new ArrayList<>();
        private final List<CompletableFuture<SystemStatus>> waiters = new ArrayList<>();
        private long sequence;
        private SystemState state;
        private boolean ended;

        private Journal(String identifier) {
            this.identifier = identifier;
        }

        private void append(LaunchEvent event) {
            if (history.size() == HISTORY_LIMIT) {
                history.removeFirst();
            }
            history.addLast(event);
            sinks.removeIf(sink -> sink.isClosed() || sink.getNumberOfSubscribers() == 0);
            sinks.forEach(sink -> offer(sink, event));
        }

        private void offer(SubmissionPublisher<LaunchEvent> sink, LaunchEvent event) {
            sink.offer(event, (subscriber, dropped) -> {
                sink.closeExceptionally(new BackendException(identifier, "an events subscriber of system "
                        + identifier + " fell more than " + BUFFER + " events behind; subscribe again", null));
                return false;
            });
        }

        /** The completions a decisive state causes (run outside the monitor). */
        private List<Runnable> settle(SystemState reached) {
            if (reached.isReady()) {
                if (waiters.isEmpty()) {
                    return List.of();
                }
                List<CompletableFuture<SystemStatus>> ready = new ArrayList<>(waiters);
                waiters.clear();
                return List.of(() -> {
                    Optional<SystemStatus> status = statusOf.apply(identifier);
                    ready.forEach(waiter -> {
                        if (status.isPresent()) {
                            waiter.complete(status.get().withState(reached));
                        } else {
                            waiter.completeExceptionally(new UnknownSystemException(identifier));
                        }
                    });
                });
            }
            return reached.isFailed() ? fail(reached) : List.of();
        }

        private List<Runnable> fail(SystemState reached) {
            List<CompletableFuture<SystemStatus>> failed = new ArrayList<>(waiters);
            waiters.clear();
            if (failed.isEmpty()) {
                return List.of();
            }
            return List.of(() -> {
                SystemStatus status = statusOf.apply(identifier).orElse(null);
                failed.forEach(waiter -> waiter.completeExceptionally(
                        new LaunchFailedException(identifier, reached, status)));
            });
        }
    }
}
