package org.helxplatform.tycho.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * Python Tycho's four endpoints, wire-compatible: {@code POST /system/start|status|delete|modify} with a JSON body,
 * answered with HTTP 200 and the {@code {status, result, message}} envelope, errors included (an error's
 * {@code result} is {@code {"error": "<text>"}}). Requests are checked against the JSON schemas of this module, and
 * a violation names the field. A user sees and changes only their own systems; another user's system is answered
 * exactly as a system that does not exist.
 */
public final class PythonApi {

    private static final String API = "python";
    private static final RequestSchema START = RequestSchema.load("python-start.schema.json");
    private static final RequestSchema PRINCIPAL = RequestSchema.load("python-principal.schema.json");
    private static final RequestSchema STATUS = RequestSchema.load("python-status.schema.json");
    private static final RequestSchema DELETE = RequestSchema.load("python-delete.schema.json");
    private static final RequestSchema MODIFY = RequestSchema.load("python-modify.schema.json");

    private final ContextHolder contexts;
    private final ServerMetrics metrics;
    private final long maxBodyBytes;

    /**
     * @param contexts     the context
     * @param metrics      the metrics
     * @param maxBodyBytes the request body limit
     */
    public PythonApi(ContextHolder contexts, ServerMetrics metrics, long maxBodyBytes) {
        this.contexts = contexts;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * {@code POST /system/start}: compiles the compose spec of the request and starts it for the principal.
     *
     * @param ctx the request
     */
    public void start(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        START.check(body);
        Principal principal = principal(body.get("principal"), caller);
        String name = body.get("name").asText();
        ComposeSpec spec = ComposeSpec.of(Json.plain(body.get("system")), "system");
        CompileRequest request = CompileRequest.builder(name, UUID.randomUUID().toString().replace("-", ""), spec,
                        principal)
                .serviceAccount(text(body.get("serviceaccount")))
                .appSettings(strings(body.get("env")))
                .services(services(body.get("services")))
                .build();
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        StartResult result = metrics.operation("start", API, () -> systems.start(request));
        Responses.success(ctx, Views.pythonStart(result), "Started system " + result.name());
    }

    /**
     * {@code POST /system/status}: all systems ({@code {}}), one ({@code name}: its sid) or one user's
     * ({@code username}, which wins when both are given, as in Python Tycho); a user sees only their own.
     *
     * @param ctx the request
     */
    public void status(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        STATUS.check(body);
        String sid = text(body.get("name"));
        String username = text(body.get("username"));
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        List<SystemStatus> found = metrics.operation("status", API, () -> username == null && sid != null
                ? systems.get(sid).map(List::of).orElse(List.of())
                : systems.list(username));
        List<Object> entries = new ArrayList<>();
        found.forEach(system -> entries.add(Views.pythonStatus(system)));
        Responses.success(ctx, entries, "Found " + found.size() + " running "
                + (found.size() == 1 ? "system" : "systems"));
    }

    /**
     * {@code POST /system/delete}: deletes a system; the result is the number of objects deleted. Deleting a system
     * that does not exist (or another user's) deletes nothing and is not an error, as in Python Tycho.
     *
     * @param ctx the request
     */
    public void delete(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        DELETE.check(body);
        String sid = body.get("name").asText();
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        DeleteResult result = metrics.operation("delete", API, () -> systems.delete(sid));
        Responses.success(ctx, result.deletedObjects(), "Deleted system " + sid);
    }

    /**
     * {@code POST /system/modify}: labels, CPU and memory ({@code cpu} and {@code memory} at the top, or in
     * {@code resources}); the result is {@code {"patches": [...]}}, as in Python Tycho.
     *
     * @param ctx the request
     */
    public void modify(Context ctx) {
        Caller caller = HttpApp.caller(ctx);
        JsonNode body = Json.body(ctx, maxBodyBytes);
        MODIFY.check(body);
        String sid = body.get("tycho-guid").asText();
        JsonNode resources = body.path("resources");
        String cpu = quantity(body.get("cpu") != null && !body.get("cpu").isNull() ? body.get("cpu")
                : resources.get("cpu"));
        String memory = text(body.get("memory") != null && !body.get("memory").isNull() ? body.get("memory")
                : resources.get("memory"));
        ModifyRequest request = new ModifyRequest(sid, strings(body.get("labels")), cpu, memory);
        if (!request.changesSomething()) {
            throw ApiError.invalid(List.of(new ApiError.FieldError("labels", "nothing to modify: give labels, cpu"
                    + " or memory")));
        }
        CallerSystems systems = CallerSystems.of(contexts.get(), caller);
        ModifyResult result = metrics.operation("modify", API, () -> systems.modify(request));
        Map<String, Object> patches = new LinkedHashMap<>();
        patches.put("patches", new ArrayList<>(result.patches()));
        Responses.success(ctx, patches, "Modified system " + sid);
    }

    /** The principal: an object, or a string holding one (what Python's client sends); absent: the caller. */
    private static Principal principal(JsonNode value, Caller caller) {
        JsonNode principal = value;
        if (value == null || value.isNull()) {
            return Principal.of(caller.user());
        }
        if (value.isTextual()) {
            try {
                principal = Json.MAPPER.readTree(value.asText());
            } catch (JsonProcessingException e) {
                throw ApiError.invalid(List.of(new ApiError.FieldError("principal", "is a string but not a JSON"
                        + " object such as {\"username\": \"alice\"}: " + e.getOriginalMessage())));
            }
        }
        List<ApiError.FieldError> violations = PRINCIPAL.violations(principal, "principal");
        if (!violations.isEmpty()) {
            throw ApiError.invalid(violations);
        }
        String username = principal.get("username").asText();
        Principal result;
        try {
            result = new Principal(username, text(principal.get("access_token")),
                    text(principal.get("refresh_token")));
        } catch (InvalidValueException e) {
            throw Failures.classify(e);
        }
        if (!caller.mayStartFor(username)) {
            throw ApiError.of(403, "forbidden", "principal.username: '" + username + "' is not you ('"
                    + caller.user() + "'); a user starts systems only for themselves");
        }
        return result;
    }

    /** Registry-style services: container to port; a client restriction is refused rather than dropped. */
    private static Map<String, String> services(JsonNode services) {
        Map<String, String> result = new LinkedHashMap<>();
        if (services == null || services.isNull()) {
            return result;
        }
        for (Map.Entry<String, JsonNode> entry : services.properties()) {
            JsonNode clients = entry.getValue().get("clients");
            if (clients != null && !clients.isNull() && !clients.isEmpty()) {
                throw ApiError.invalid(List.of(new ApiError.FieldError("services." + entry.getKey() + ".clients",
                        "client restrictions (a NetworkPolicy) are not supported by this server; send an empty"
                                + " list")));
            }
            result.put(entry.getKey(), entry.getValue().get("port").asText());
        }
        return result;
    }

    private static Map<String, String> strings(JsonNode map) {
        Map<String, String> result = new LinkedHashMap<>();
        if (map != null && !map.isNull()) {
            for (Map.Entry<String, JsonNode> entry : map.properties()) {
                result.put(entry.getKey(), entry.getValue().isNull() ? "" : entry.getValue().asText());
            }
        }
        return result;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String quantity(JsonNode value) {
        return value == null || value.isNull() ? null : value.isNumber() ? value.numberValue().toString()
                : value.asText();
    }
}
