package org.helxplatform.tycho.server.internal;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.model.LaunchEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launch events as server-sent events: each event is a {@code data:} line holding its JSON, with its sequence number
 * as {@code id:}, so a client that reconnects with {@code Last-Event-ID} gets only what it missed. The stream ends
 * with an {@code end} event when the system is deleted, or an {@code error} event when the events cannot be read.
 * A comment every few seconds keeps proxies from closing an idle stream. One event is asked of the publisher at a
 * time, so a slow client slows its own stream only. Thread-safe; {@link #close()} ends every open stream (before a
 * graceful stop, which would otherwise wait for them).
 */
public final class EventStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private static final long KEEP_ALIVE_SECONDS = 15;

    private final Set<SseClient> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tycho-server-events");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Answers a request with a stream of events.
     *
     * @param ctx    the request, already authorized
     * @param events the events of the system
     * @param after  the sequence number of the last event the client has, 0 for all
     */
    public void stream(Context ctx, Flow.Publisher<LaunchEvent> events, long after) {
        ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no");
        try {
            ctx.res().flushBuffer();
        } catch (java.io.IOException e) {
            return; // the client went away
        }
        SseClient client = new SseClient(ctx);
        client.keepAlive();
        open.add(client);
        events.subscribe(new Subscriber(client, after));
    }

    /** Ends every open stream. */
    @Override
    public void close() {
        keepAlive.shutdownNow();
        for (SseClient client : open) {
            client.close();
        }
    }

    private final class Subscriber implements Flow.Subscriber<LaunchEvent> {
        private final SseClient client;
        private final long after;
        private volatile Flow.Subscription subscription;
        private volatile ScheduledFuture<?> comments;

        Subscriber(SseClient client, long after) {
            this.client = client;
            this.after = after;
        }

        @Override
        public void onSubscribe(Flow.Subscription value) {
            subscription = value;
            client.onClose(() -> {
                open.remove(client);
                value.cancel();
                ScheduledFuture<?> scheduled = comments;
                if (scheduled != null) {
                    scheduled.cancel(false);
                }
            });
            if (!keepAlive.isShutdown()) {
                comments = keepAlive.scheduleAtFixedRate(() -> client.sendComment("keep-alive"), KEEP_ALIVE_SECONDS,
                        KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
            }
            value.request(1);
        }

        @Override
        public void onNext(LaunchEvent event) {
            if (event.sequence() > after) {
                client.sendData(Json.write(Views.event(event)), String.valueOf(event.sequence()));
            }
            if (client.terminated()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            ApiError problem = Failures.classify(error);
            if (problem.reason().equals("internal")) {
                // The answer says "the server log has the details": put them there, as for other requests.
                LOG.atError().setCause(error).log("event stream failed");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", problem.status());
            body.put("detail", problem.getMessage());
            client.sendEvent("error", Json.write(body));
            client.close();
        }

        @Override
        public void onComplete() {
            client.sendEvent("end", "{}");
            client.close();
        }
    }
}
