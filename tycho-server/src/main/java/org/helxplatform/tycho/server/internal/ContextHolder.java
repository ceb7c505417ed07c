package org.helxplatform.tycho.server.internal;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.server.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one {@link TychoContext}, built from the settings. A registry that cannot be fetched at start (a
 * network failure) does not stop the server: it answers 503 and {@code /readyz} says why, while the context is built
 * again every few seconds in the background. Any other failure (an undefined product, an invalid registry, an
 * unknown backend) is a configuration error and stops the start. Thread-safe.
 */
public final class ContextHolder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContextHolder.class);
    private static final long MAX_RETRY_SECONDS = 60;

    private final ServerSettings settings;
    private final AtomicReference<TychoContext> context = new AtomicReference<>();
    private final AtomicReference<String> notReady = new AtomicReference<>("the app registry is not loaded yet");
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tycho-server-context");
        thread.setDaemon(true);
        return thread;
    });
    private final EmbeddedCluster embedded;
    private final String backendDescription;
    private volatile boolean closed;

    private ContextHolder(ServerSettings settings) {
        this.settings = settings;
        boolean useEmbedded = settings.backend().equals("kubernetes") && switch (settings.kubernetes()) {
            case EMBEDDED -> true;
            case CLUSTER -> false;
            case AUTO -> isBlank(settings.environment().get("KUBERNETES_SERVICE_HOST"))
                    && isBlank(settings.environment().get("KUBECONFIG"));
        };
        this.embedded = useEmbedded ? EmbeddedCluster.start() : null;
        this.backendDescription = "backend " + settings.backend() + (embedded == null ? ""
                : " on an embedded Kubernetes API server at " + embedded.url()
                + " (it stores objects but runs no pods)");
    }

    /**
     * Builds the context, or, when the registry cannot be fetched, starts building it again in the background.
     *
     * @param settings the settings
     * @return the holder
     * @throws org.helxplatform.tycho.model.TychoException on a configuration error
     */
    public static ContextHolder open(ServerSettings settings) {
        ContextHolder holder = new ContextHolder(settings);
        try {
            holder.build(1);
        } catch (RuntimeException e) {
            holder.close();
            throw e;
        }
        return holder;
    }

    private void build(long attempt) {
        if (closed) {
            return;
        }
        try {
            TychoContext.Builder builder = TychoContext.builder()
                    .registry(settings.registry())
                    .product(settings.product())
                    .settings(settings.tychoSettings())
                    .backend(settings.backend());
            if (embedded != null) {
                builder.backendConfiguration(embedded.backendConfiguration());
            }
            context.set(builder.build());
            notReady.set(null);
        } catch (LoadException e) {
            long delay = Math.min(MAX_RETRY_SECONDS, 1L << Math.min(attempt, 6));
            notReady.set("the app registry cannot be loaded: " + e.getMessage());
            LOG.warn("cannot load the app registry (attempt {}), trying again in {} s: {}", attempt, delay,
                    e.getMessage());
            retries.schedule(() -> build(attempt + 1), delay, TimeUnit.SECONDS);
        }
    }

    /**
     * @return the context
     * @throws ApiError 503 while it is not built
     */
    public TychoContext get() {
        TychoContext current = context.get();
        if (current == null) {
            throw ApiError.transport(503, "not_ready", "the server is not ready: " + notReady.get());
        }
        return current;
    }

    /** @return why the context is not built, or empty when it is */
    public Optional<String> notReadyReason() {
        return Optional.ofNullable(notReady.get());
    }

    /** @return the backend and where it runs, for people */
    public String description() {
        return backendDescription;
    }

    /** Closes the context (running systems keep running) and the embedded API server. Idempotent. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        TychoContext current = context.getAndSet(null);
        notReady.set("the server is stopping");
        if (current != null) {
            current.close();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
