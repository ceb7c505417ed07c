package org.helxplatform.tycho.server.internal;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.javalin.json.JavalinJackson;
import java.util.UUID;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.helxplatform.tycho.server.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty, with the routes of {@link Routes}, authentication before every route but the
 * health checks, the body limit, CORS when origins are configured, one structured log line and one metric per
 * request, and a graceful stop that lets requests in flight finish.
 */
public final class HttpApp {

    private static final Logger LOG = LoggerFactory.getLogger("org.helxplatform.tycho.server.requests");
    private static final String CALLER = "tycho.caller";
    private static final String REQUEST_ID = "tycho.request-id";
    private static final String STARTED = "tycho.started";

    private HttpApp() {
    }

    /**
     * Creates the server, not started.
     *
     * @param settings      the settings
     * @param authenticator finds callers
     * @param python        Python Tycho's endpoints
     * @param v1            the /v1 API
     * @param ops           health, readiness, metrics and documentation
     * @param metrics       the metrics
     * @return the server
     */
    public static Javalin create(ServerSettings settings, Authenticator authenticator, PythonApi python, V1Api v1,
                                 OpsApi ops, ServerMetrics metrics) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.host = settings.bindAddress();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(settings.stopTimeoutSeconds() * 1000L);
                server.insertHandler(new GracefulHandler());
            });
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            if (!settings.corsOrigins().isEmpty()) {
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    String first = settings.corsOrigins().get(0);
                    rule.allowHost(first, settings.corsOrigins().subList(1, settings.corsOrigins().size())
                            .toArray(String[]::new));
                    rule.exposeHeader("Location");
                }));
            }
            config.requestLogger.http((ctx, ms) -> logRequest(ctx, metrics));
            routes(config, settings, authenticator, python, v1, ops, metrics);
        });
    }

    /**
     * @param ctx a request that passed authentication
     * @return its caller
     */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw ApiError.transport(401, "unauthorized", "not authenticated");
        }
        return caller;
    }

    private static void routes(JavalinConfig config, ServerSettings settings, Authenticator authenticator,
                               PythonApi python, V1Api v1, OpsApi ops, ServerMetrics metrics) {
        boolean cors = !settings.corsOrigins().isEmpty();
        config.routes.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            String id = UUID.randomUUID().toString();
            ctx.attribute(REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
            ctx.header("X-Content-Type-Options", "nosniff");
            if (Routes.isOpen(ctx.method().name(), ctx.path()) || cors && ctx.method().equals(HandlerType.OPTIONS)) {
                return;
            }
            ctx.attribute(CALLER, authenticator.authenticate(ctx.header("Authorization")));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            ApiError error = e instanceof NotFoundResponse ? noEndpoint(ctx) : Failures.classify(e);
            String id = ctx.attribute(REQUEST_ID);
            if (error.reason().equals("internal")) {
                LOG.atError().setCause(e).addKeyValue("request_id", id).log("request failed");
            } else if (error.status() >= 500) {
                LOG.atWarn().addKeyValue("request_id", id).addKeyValue("reason", error.reason())
                        .log("request failed: {}", error.getMessage());
            }
            metrics.failure(Routes.template(ctx.path()), error.reason());
            Responses.error(ctx, error);
        });
        config.routes.error(404, ctx -> {
            if (ctx.attribute(Responses.ANSWERED) == null) { // Javalin's own 404: no route has this path
                metrics.failure("unmatched", "not_found");
                Responses.error(ctx, noEndpoint(ctx));
            }
        });

        route(config, "GET", Routes.HEALTHZ, ops::healthz);
        route(config, "GET", Routes.READYZ, ops::readyz);
        route(config, "GET", "/metrics", ops::metrics);
        route(config, "GET", "/openapi.json", ops::openApi);
        route(config, "GET", "/apidocs", ops::apidocs);
        route(config, "GET", "/apidocs/{file}", ops::apidocsFile);
        route(config, "POST", "/system/start", python::start);
        route(config, "POST", "/system/status", python::status);
        route(config, "POST", "/system/delete", python::delete);
        route(config, "POST", "/system/modify", python::modify);
        route(config, "GET", "/v1/apps", v1::apps);
        route(config, "GET", "/v1/apps/{app}", v1::app);
        route(config, "GET", "/v1/systems", v1::systems);
        route(config, "POST", "/v1/systems", v1::start);
        route(config, "GET", "/v1/systems/{identifier}", v1::system);
        route(config, "PATCH", "/v1/systems/{identifier}", v1::modify);
        route(config, "DELETE", "/v1/systems/{identifier}", v1::delete);
        route(config, "GET", "/v1/systems/{identifier}/events", v1::events);
        route(config, "GET", "/v1/systems/{identifier}/logs", v1::logs);
    }

    private static ApiError noEndpoint(Context ctx) {
        return ApiError.transport(404, "not_found", "no endpoint " + ctx.method().name() + " " + ctx.path()
                + "; /openapi.json describes the endpoints");
    }

    private static void route(JavalinConfig config, String method, String path, io.javalin.http.Handler handler) {
        Routes.require(method, path);
        config.routes.addHttpHandler(HandlerType.findOrCreate(method), path, handler);
    }

    /** One line per request: method, route template, status, duration, user; never a token, a body or a query. */
    private static void logRequest(Context ctx, ServerMetrics metrics) {
        Long started = ctx.attribute(STARTED);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        String route = Routes.template(ctx.path());
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, nanos);
        Caller caller = ctx.attribute(CALLER);
        String id = ctx.attribute(REQUEST_ID);
        LOG.atInfo()
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6))
                .addKeyValue("user", caller == null ? "-" : caller.user())
                .addKeyValue("request_id", id)
                .log("request");
    }
}
