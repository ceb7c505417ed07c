package org.helxplatform.tycho.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * Operations endpoints: health, readiness, Prometheus metrics, the OpenAPI document and the Swagger UI page, whose
 * files are served from the Swagger UI webjar in this server's class path (no CDN).
 */
public final class OpsApi implements AutoCloseable {

    /** A system identifier no system has: asking for it is the cheapest status call a backend answers. */
    private static final String NO_SYSTEM = "00000000000000000000000000000000";
    private static final long READY_TIMEOUT_SECONDS = 5;
    private static final String RESOURCES = "org/helxplatform/tycho/server/";
    /** The Swagger UI files the page loads; nothing else of the webjar is served. */
    private static final Map<String, String> SWAGGER_FILES = swaggerFiles();
    /** The page's own script, which starts Swagger UI on /openapi.json (a file, so the page needs no inline script). */
    private static final String INIT_SCRIPT = "apidocs.js";

    private final ContextHolder contexts;
    private final ServerMetrics metrics;
    private final byte[] openApi;
    private final byte[] page;
    private final String swaggerRoot;
    /** The Swagger UI files, read once (the bundle is over a megabyte). */
    private final Map<String, byte[]> swaggerFiles = new ConcurrentHashMap<>();
    /** One thread: a backend that hangs holds at most one probe, however many callers ask. */
    private final ExecutorService probes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tycho-server-probe");
        thread.setDaemon(true);
        return thread;
    });
    /** The last probe: concurrent readiness checks share it while it runs. */
    private Future<?> probe;

    /**
     * @param contexts the context
     * @param metrics  the metrics
     */
    public OpsApi(ContextHolder contexts, ServerMetrics metrics) {
        this.contexts = contexts;
        this.metrics = metrics;
        this.openApi = resource(RESOURCES + "openapi.json");
        this.page = resource(RESOURCES + "apidocs.html");
        Properties properties = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(resource(RESOURCES + "server.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.swaggerRoot = "META-INF/resources/webjars/swagger-ui/" + properties.getProperty("swagger-ui.version")
                + "/";
    }

    /**
     * {@code GET /healthz}: 200 while the process serves requests.
     *
     * @param ctx the request
     */
    public void healthz(Context ctx) {
        Responses.json(ctx, 200, Map.of("status", "ok"));
    }

    /**
     * {@code GET /readyz}: 200 when the registry is loaded and the backend answers a status call within a few
     * seconds; else 503 saying which.
     *
     * @param ctx the request
     */
    public void readyz(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<String> notReady = contexts.notReadyReason();
        String backend = notReady.isPresent() ? "unknown" : backendProblem().orElse("ok");
        body.put("status", notReady.isEmpty() && backend.equals("ok") ? "ready" : "not ready");
        body.put("registry", notReady.orElse("loaded"));
        body.put("backend", backend);
        Responses.json(ctx, notReady.isEmpty() && backend.equals("ok") ? 200 : 503, body);
    }

    /**
     * {@code GET /metrics}: Prometheus text format.
     *
     * @param ctx the request
     */
    public void metrics(Context ctx) {
        String text = metrics.scrape(() -> contexts.notReadyReason().isPresent() ? List.<SystemStatus>of()
                : contexts.get().status(StatusQuery.all()));
        ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(text);
    }

    /**
     * {@code GET /openapi.json}: the OpenAPI 3 document of every endpoint.
     *
     * @param ctx the request
     */
    public void openApi(Context ctx) {
        ctx.status(200).contentType("application/json").result(openApi);
    }

    /**
     * {@code GET /apidocs}: the Swagger UI page for {@code /openapi.json}.
     *
     * @param ctx the request
     */
    public void apidocs(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'"
                + " 'unsafe-inline'; frame-ancestors 'none'");
        ctx.status(200).contentType("text/html; charset=utf-8").result(page);
    }

    /**
     * {@code GET /apidocs/{file}}: one of the Swagger UI files the page loads.
     *
     * @param ctx the request
     */
    public void apidocsFile(Context ctx) {
        String file = ctx.pathParam("file");
        String type = SWAGGER_FILES.get(file);
        if (type == null) {
            throw ApiError.of(404, "not_found", "no Swagger UI file '" + file + "'");
        }
        String path = file.equals(INIT_SCRIPT) ? RESOURCES + INIT_SCRIPT : swaggerRoot + file;
        ctx.status(200).contentType(type).header("Cache-Control", "max-age=3600")
                .result(swaggerFiles.computeIfAbsent(path, OpsApi::resource));
    }

    /** Stops the probe threads. */
    @Override
    public void close() {
        probes.shutdownNow();
    }

    private Optional<String> backendProblem() {
        Future<?> call = probe();
        try {
            call.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + READY_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        }
    }

    private synchronized Future<?> probe() {
        if (probe == null || probe.isDone()) {
            probe = probes.submit(() -> contexts.get().status(StatusQuery.identifier(NO_SYSTEM)));
        }
        return probe;
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsApi.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> swaggerFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("swagger-ui.css", "text/css; charset=utf-8");
        files.put("swagger-ui-bundle.js", "text/javascript; charset=utf-8");
        files.put("swagger-ui-standalone-preset.js", "text/javascript; charset=utf-8");
        files.put("favicon-32x32.png", "image/png");
        files.put(INIT_SCRIPT, "text/javascript; charset=utf-8");
        return files;
    }

}
