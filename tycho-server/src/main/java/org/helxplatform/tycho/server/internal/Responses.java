package org.helxplatform.tycho.server.internal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes results and errors: JSON, Python Tycho's envelope, and RFC 9457 problem details. */
public final class Responses {

    /** The media type of problem details. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The media type of JSON results. */
    public static final String JSON = "application/json";

    /** Set on a request once this class has written its answer. */
    public static final String ANSWERED = "tycho.answered";

    private static final Map<Integer, String> TITLES = titles();

    private Responses() {
    }

    /**
     * @param ctx    the request
     * @param status the status
     * @param value  the body, as maps, lists and scalars
     */
    public static void json(Context ctx, int status, Object value) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType(JSON).result(Json.write(value));
    }

    /**
     * @param ctx    the request
     * @param status the status
     * @param text   the body, as UTF-8 plain text
     */
    public static void text(Context ctx, int status, String text) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType("text/plain; charset=utf-8").result(text);
    }

    /**
     * Python Tycho's success envelope, HTTP 200.
     *
     * @param ctx     the request
     * @param result  the result
     * @param message the message
     */
    public static void success(Context ctx, Object result, String message) {
        json(ctx, 200, Views.envelope("success", result, message));
    }

    /**
     * Writes an error: in Python Tycho's envelope on its endpoints (HTTP 200, unless the error is about the HTTP
     * exchange itself, such as a missing token or an oversize body), as problem details elsewhere.
     *
     * @param ctx   the request
     * @param error the error
     */
    public static void error(Context ctx, ApiError error) {
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", ctx.path().startsWith("/apidocs") || ctx.path().equals("/openapi.json")
                    ? "Basic realm=\"tycho\", charset=\"UTF-8\"" : "Bearer realm=\"tycho\"");
        }
        if (Routes.isPython(ctx.path())) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("error", error.getMessage());
            json(ctx, error.transport() ? error.status() : 200, Views.envelope("error", result, error.getMessage()));
            return;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", error.type() == null ? "about:blank" : error.type());
        problem.put("title", error.title() == null ? TITLES.getOrDefault(error.status(), "Error") : error.title());
        problem.put("status", error.status());
        problem.put("detail", error.getMessage());
        problem.putAll(error.extensions());
        if (!error.fields().isEmpty()) {
            List<Object> fields = new ArrayList<>();
            for (ApiError.FieldError field : error.fields()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("field", field.field());
                entry.put("message", field.message());
                fields.add(entry);
            }
            problem.put("errors", fields);
        }
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.header("Cache-Control", "no-store");
        ctx.status(error.status()).contentType(PROBLEM_JSON).result(Json.write(problem));
    }

    private static Map<Integer, String> titles() {
        Map<Integer, String> titles = new LinkedHashMap<>();
        titles.put(400, "Bad Request");
        titles.put(401, "Unauthorized");
        titles.put(403, "Forbidden");
        titles.put(404, "Not Found");
        titles.put(405, "Method Not Allowed");
        titles.put(406, "Not Acceptable");
        titles.put(409, "Conflict");
        titles.put(413, "Content Too Large");
        titles.put(415, "Unsupported Media Type");
        titles.put(500, "Internal Server Error");
        titles.put(502, "Bad Gateway");
        titles.put(503, "Service Unavailable");
        return titles;
    }
}
