package org.helxplatform.tycho.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The /v1 API: the product's apps, and the caller's systems (an administrator's: everyone's). Proper status codes
 * (201 with {@code Location} for a start, 204 for a delete, 404 for a system that does not exist or belongs to
 * another user) and RFC 9457 problem details for errors, with the fields at fault in {@code errors}.
 */
public final class V1Api {

    private static final String API = "v1";
    private static final RequestSchema START = RequestSchema.load("v1-start.schema.json");
    private static final RequestSchema MODIFY = RequestSchema.load("v1-modify.schema.json");
    /** The lines of a log answered when {@code tail} is not given. */
    private static final int DEFAULT_TAIL = 100;
    /** The most lines of a log one request may ask for. */
    private static final int MAX_TAIL = 10_000;

    private final ContextHolder contexts;
    private final ServerMetrics metrics;
    private final long maxBodyBytes;
    private final EventStream streams;

    /**
     * @param contexts     the context
     * @param metrics      the metrics
     * @param maxBodyBytes the request body limit
     * @param streams      the open event streams
     */
    public V1Api(ContextHolder contexts, ServerMetrics metrics, long maxBodyBytes, EventStream streams) {
        this.contexts = contexts;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.streams = streams;
    }

    /**
     * {@code GET /v1/apps}: the apps of the product, in registry order.
     *
     * @param ctx the request
     */
    public void apps(Context ctx) {
        HttpApp.caller(ctx);
        TychoContext tycho = contexts.get();
        List<Object> apps = new ArrayList<>();
        metrics.operation("apps", API, tycho::apps).values().forEach(app -> apps.add(Views.app(app)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("product", tycho.product());
        body.put("apps", apps);
        Responses.json(ctx, 200, body);
    }

    /**
     * {@code GET /v1/apps/{app}}: one app.
     *
     * @param ctx the request
     */
    public void app(Context ctx) {
        HttpApp.caller(ctx);
        TychoContext tycho = contexts.get();
        String id = ctx.pathParam("app");
        AppEntry app = tycho.apps().get(id);
        if (app == null) {
            throw ApiError.of(404, "not_found", "product " + tycho.product() + " has no app '" + id
                    + "'; GET /v1/apps lists its apps");
        }
        Responses.json(ctx, 200, Views.app(app));
    }

    /**
     * {@code POST /v1/systems}: starts an app of the registry for the caller (an administrator may name another
     * user in {@code user}).
     *
     * @param ctx the request
     */
    public void start(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        START.check(body);
        TychoContext tycho = contexts.get();
        String app = body.get("app").asText();
        if (!tycho.apps().containsKey(app)) {
            throw ApiError.invalid(List.of(new ApiError.FieldError("app", "'" + app + "' is not an app of product "
                    + tycho.product() + "; GET /v1/apps lists them")));
        }
        String user = body.hasNonNull("user") ? body.get("user").asText() : caller.user();
        if (!caller.mayStartFor(user)) {
            throw ApiError.of(403, "forbidden", "user: '" + user + "' is not you ('" + caller.user() + "'); only an"
                    + " administrator starts systems for other users");
        }
        Principal principal = new Principal(Names.requireLabelValue("user", user), text(body, "accessToken"),
                text(body, "refreshToken"));
        StartRequest request = new StartRequest(principal, app, resources(body.get("resources")),
                text(body, "host"), strings(body.get("env")));
        CallerSystems systems = CallerSystems.of(tycho, caller);
        StartResult result = metrics.operation("start", API, () -> systems.start(request));
        ctx.header("Location", "/v1/systems/" + result.identifier());
        Responses.json(ctx, 201, Views.started(result, app, user));
    }

    /**
     * {@code GET /v1/systems}: the caller's systems; an administrator's: all, or one user's with {@code ?user=}.
     *
     * @param ctx the request
     */
    public void systems(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String user = ctx.queryParam("user");
        if (user != null) {
            Names.requireLabelValue("user", user);
        }
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        List<SystemStatus> found = metrics.operation("status", API, () -> systems.list(user));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("systems", Views.systems(found));
        Responses.json(ctx, 200, body);
    }

    /**
     * {@code GET /v1/systems/{identifier}}: one system.
     *
     * @param ctx the request
     */
    public void system(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String identifier = identifier(ctx);
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        SystemStatus system = metrics.operation("status", API, () -> systems.get(identifier))
                .orElseThrow(() -> notFound(identifier));
        Responses.json(ctx, 200, Views.system(system));
    }

    /**
     * {@code PATCH /v1/systems/{identifier}}: changes labels, CPU and memory.
     *
     * @param ctx the request
     */
    public void modify(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String identifier = identifier(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        MODIFY.check(body);
        ModifyRequest.Builder change = ModifyRequest.builder(identifier).labels(strings(body.get("labels")));
        if (body.hasNonNull("cpus")) {
            change.cpus(scalar(body.get("cpus")));
        }
        if (body.hasNonNull("memory")) {
            change.memory(body.get("memory").asText());
        }
        ModifyRequest request = change.build();
        if (!request.changesSomething()) {
            throw ApiError.invalid(List.of(new ApiError.FieldError("labels", "nothing to modify: give labels, cpus"
                    + " or memory")));
        }
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        ModifyResult result = metrics.operation("modify", API, () -> systems.modify(request));
        Responses.json(ctx, 200, Views.modified(result));
    }

    /**
     * {@code DELETE /v1/systems/{identifier}}: deletes a system; 204, or 404 when there is none (of the caller's).
     *
     * @param ctx the request
     */
    public void delete(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String identifier = identifier(ctx);
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        DeleteResult result = metrics.operation("delete", API, () -> systems.delete(identifier));
        if (result.deletedObjects() == 0) {
            throw notFound(identifier); // nothing to delete: no such system, or another user's
        }
        ctx.status(204);
    }

    /**
     * {@code GET /v1/systems/{identifier}/events}: the system's launch events as server-sent events (its history,
     * then each new event until it is deleted); {@code Last-Event-ID} resumes after an event.
     *
     * @param ctx the request
     */
    public void events(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String identifier = identifier(ctx);
        String accept = ctx.header("Accept");
        if (accept != null && !accept.contains("text/event-stream") && !accept.contains("*/*")) {
            throw ApiError.of(406, "invalid_request", "this endpoint sends text/event-stream; send Accept:"
                    + " text/event-stream");
        }
        long after = 0;
        String last = ctx.header("Last-Event-ID");
        if (last != null && !last.isBlank()) {
            if (!last.strip().matches("\\d{1,18}")) {
                throw ApiError.invalid(List.of(new ApiError.FieldError("Last-Event-ID", "'" + last + "' is not an"
                        + " event sequence number")));
            }
            after = Long.parseLong(last.strip());
        }
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        if (metrics.operation("status", API, () -> systems.get(identifier)).isEmpty()) {
            throw notFound(identifier);
        }
        streams.stream(ctx, systems.events(identifier), after);
    }

    /**
     * {@code GET /v1/systems/{identifier}/logs?container=&tail=}: the last lines a container of the system wrote, as
     * {@code text/plain}. The container defaults to the main one, which is named like the app; {@code tail} is 1 to
     * {@value #MAX_TAIL} lines, {@value #DEFAULT_TAIL} by default. Parameters are checked before the system is looked
     * up, so a bad one gets the same answer whoever's the system is.
     *
     * @param ctx the request
     */
    public void logs(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        String identifier = identifier(ctx);
        int tail = tail(ctx.queryParam("tail"));
        String requested = ctx.queryParam("container");
        if (requested != null) {
            Names.requireDnsLabel("container", requested);
        }
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        SystemStatus system = metrics.operation("status", API, () -> systems.get(identifier))
                .orElseThrow(() -> notFound(identifier));
        String container = requested == null ? system.appId() : requested;
        if (!system.utilization().isEmpty() && !system.utilization().containsKey(container)) {
            throw ApiError.invalid(List.of(new ApiError.FieldError("container", "system " + identifier
                    + " has no container '" + container + "'; its containers: "
                    + String.join(", ", system.utilization().keySet()))));
        }
        String text = metrics.operation("logs", API, () -> systems.logs(identifier, container, tail));
        Responses.text(ctx, 200, text);
    }

    private static int tail(String value) {
        if (value == null) {
            return DEFAULT_TAIL;
        }
        if (value.matches("[0-9]{1,5}")) {
            int lines = Integer.parseInt(value);
            if (lines >= 1 && lines <= MAX_TAIL) {
                return lines;
            }
        }
        throw ApiError.invalid(List.of(new ApiError.FieldError("tail", "'" + value + "' is not a number of lines"
                + " from 1 to " + MAX_TAIL + " (default " + DEFAULT_TAIL + ")")));
    }

    private static String identifier(Context ctx) {
        return Names.requireIdentifier("identifier", ctx.pathParam("identifier"));
    }

    private static RuntimeException notFound(String identifier) {
        return new UnknownSystemException(identifier);
    }

    /** Resources: {@code cpus}, {@code memory}... as limits and reservations alike, or {@code limits} and
     *  {@code reservations} apart. */
    private static ResourceRequest resources(JsonNode resources) {
        if (resources == null || resources.isNull()) {
            return null;
        }
        if (resources.has("limits") || resources.has("reservations")) {
            for (String flat : List.of("cpus", "memory", "gpus", "ephemeralStorage")) {
                if (resources.has(flat)) {
                    throw ApiError.invalid(List.of(new ApiError.FieldError("resources." + flat, "give either"
                            + " limits and reservations, or cpus, memory, gpus and ephemeralStorage, not both")));
                }
            }
            return new ResourceRequest(limits(resources.get("limits")), limits(resources.get("reservations")));
        }
        return ResourceRequest.of(limits(resources));
    }

    private static ResourceLimits limits(JsonNode limits) {
        if (limits == null || limits.isNull()) {
            return ResourceLimits.NONE;
        }
        return new ResourceLimits(scalar(limits.get("cpus")), scalar(limits.get("memory")),
                scalar(limits.get("gpus")), scalar(limits.get("ephemeralStorage")));
    }

    private static String scalar(JsonNode value) {
        return value == null || value.isNull() ? null : value.isNumber() ? value.numberValue().toString()
                : value.asText();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> result = new LinkedHashMap<>();
        if (map != null && !map.isNull()) {
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                result.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return result;
    }
}
