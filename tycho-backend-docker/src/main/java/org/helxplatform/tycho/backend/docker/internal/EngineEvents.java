package org.helxplatform.tycho.backend.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's event stream for Tycho's containers (label {@code executor=tycho}) and hands each event to
 * the backend, in order, on one thread of its own; and, once a second on the same thread, lets the backend look
 * at the systems that are not settled yet (a safety net for events the stream did not carry). The stream is opened
 * on first use and reopened after a failure or an idle timeout, from the time of the last event seen, so no event
 * is lost or repeated. Health check runs ({@code exec_*} events) are left out. Thread-safe.
 */
final class EngineEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineEvents.class);
    private static final long POLL_MILLIS = 1000;
    private static final long MAX_BACKOFF_SECONDS = 30;

    private final DockerClient client;
    private final Consumer<Event> onEvent;
    private final Runnable onPoll;
    private final ScheduledExecutorService thread;
    private final Set<String> seenAtLastTime = ConcurrentHashMap.newKeySet();
    private volatile Closeable stream;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile long lastTimeNano;
    private int failures;

    /**
     * @param client  the engine
     * @param onEvent what to do with each event of a Tycho container (called on this object's thread)
     * @param onPoll  what to do once a second (called on this object's thread)
     */
    EngineEvents(DockerClient client, Consumer<Event> onEvent, Runnable onPoll) {
        this.client = client;
        this.onEvent = onEvent;
        this.onPoll = onPoll;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread daemon = new Thread(runnable, "tycho-docker-events");
            daemon.setDaemon(true);
            return daemon;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.thread = executor;
    }

    /** Opens the stream and starts polling, unless done already. */
    synchronized void start() {
        if (started || closed) {
            return;
        }
        started = true;
        lastTimeNano = System.currentTimeMillis() * 1_000_000L;
        thread.execute(this::open);
        thread.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs a task on this object's thread, after the events before it; nothing once closed. */
    void execute(Runnable task) {
        if (!closed) {
            try {
                thread.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                // closed meanwhile
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        closeStream();
        thread.shutdownNow();
    }

    private void poll() {
        try {
            onPoll.run();
        } catch (RuntimeException e) {
            LOG.debug("polling the unsettled systems failed: {}", e.toString());
        }
    }

    /** Opens the stream from the last event seen (on this object's thread). */
    private void open() {
        if (closed) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.EXECUTOR, Labels.TYCHO);
        String since = (lastTimeNano / 1_000_000_000L) + "." + String.format(Locale.ROOT, "%09d",
                lastTimeNano % 1_000_000_000L);
        try {
            stream = client.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withLabelFilter(labels)
                    .withSince(since).exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            execute(() -> handle(event));
                        }

                        @Override
                        public void onError(Throwable throwable) {
                            execute(() -> reopen(throwable));
                        }

                        @Override
                        public void onComplete() {
                            execute(() -> reopen(null));
                        }
                    });
        } catch (RuntimeException e) {
            reopen(e);
        }
    }

    private void handle(Event event) {
        failures = 0;
        long time = event.getTimeNano() != null ? event.getTimeNano()
                : event.getTime() == null ? 0 : event.getTime() * 1_000_000_000L;
        String key = event.getId() + " " + event.getAction();
        if (time < lastTimeNano || time == lastTimeNano && !seenAtLastTime.add(key)) {
            return;
        }
        if (time > lastTimeNano) {
            lastTimeNano = time;
            seenAtLastTime.clear();
            seenAtLastTime.add(key);
        }
        String action = event.getAction() == null ? String.valueOf(event.getStatus()) : event.getAction();
        if (action.startsWith("exec_")) {
            return;
        }
        try {
            onEvent.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("could not follow engine event {} of container {}: {}", action, event.getId(), e.toString());
        }
    }

    /** Reopens the stream after it ended (on this object's thread): at once after a timeout, else backing off. */
    private void reopen(Throwable failure) {
        if (closed) {
            return;
        }
        closeStream();
        long delay = 0;
        if (failure != null && !(failure instanceof java.net.SocketTimeoutException)
                && !(failure.getCause() instanceof java.net.SocketTimeoutException)) {
            failures++;
            delay = Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(failures - 1, 5));
            LOG.debug("the engine's event stream failed ({}); reopening in {} s", failure.toString(), delay);
        }
        thread.schedule(this::open, delay, TimeUnit.SECONDS);
    }

    private void closeStream() {
        Closeable open = stream;
        stream = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.debug("could not close the engine's event stream: {}", e.toString());
            }
        }
    }
}
