package org.helxplatform.tycho.server.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.context.LimitExceededException;

/**
 * A request the server answers with an error: the HTTP status, a short title, the detail and, for invalid input,
 * the fields at fault. The detail never holds a token or a request body.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One field of the request that is wrong.
     *
     * @param field   where, as a dotted path ({@code services.web.port}, {@code labels.team}), or {@code body}
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {
    }

    /** The problem type of a refusal by the resource policy (RFC 9457 {@code type}; a tag URI, not a locator). */
    public static final String LIMIT_EXCEEDED_TYPE = "tag:helxplatform.org,2025:tycho/problems/limit-exceeded";

    private final int status;
    private final String reason;
    private final transient List<FieldError> fields;
    private final boolean transport;
    private final String type;
    private final String title;
    private final transient Map<String, Object> extensions;

    private ApiError(int status, String reason, String detail, List<FieldError> fields, boolean transport) {
        this(status, reason, detail, fields, transport, null, null, Map.of());
    }

    private ApiError(int status, String reason, String detail, List<FieldError> fields, boolean transport,
                     String type, String title, Map<String, Object> extensions) {
        super(detail);
        this.status = status;
        this.reason = reason;
        this.fields = List.copyOf(fields);
        this.transport = transport;
        this.type = type;
        this.title = title;
        this.extensions = extensions;
    }

    /**
     * A start or modify the platform's resource policy refused: 403 Forbidden (the request is understood and
     * refused, as Kubernetes answers a request beyond a ResourceQuota; not 429, which is for request rates), with
     * the problem type {@value #LIMIT_EXCEEDED_TYPE} and the extension members {@code limit} (where the bound is
     * set), {@code bound} and {@code value}. Python endpoints answer it in their envelope, with HTTP 200.
     *
     * @param refusal the refusal
     * @return the error, its detail the refusal's message
     */
    public static ApiError limitExceeded(LimitExceededException refusal) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("limit", refusal.limit());
        extensions.put("bound", refusal.bound());
        extensions.put("value", refusal.value());
        return new ApiError(403, "limit_exceeded", refusal.getMessage(), List.of(), false, LIMIT_EXCEEDED_TYPE,
                "Limit exceeded", Collections.unmodifiableMap(extensions));
    }

    /**
     * An error of the request's content (Python endpoints answer these with HTTP 200 and {@code status: error}).
     *
     * @param status the HTTP status of the /v1 API
     * @param reason the metrics reason tag (a small fixed set: invalid_request, not_found, forbidden, ...)
     * @param detail what is wrong, naming the field and the fix
     * @return the error
     */
    public static ApiError of(int status, String reason, String detail) {
        return new ApiError(status, reason, detail, List.of(), false);
    }

    /**
     * Invalid input, naming the fields.
     *
     * @param fields the fields at fault
     * @return the error (status 400), its detail listing each field and problem
     */
    public static ApiError invalid(List<FieldError> fields) {
        StringBuilder detail = new StringBuilder();
        for (FieldError field : fields) {
            detail.append(detail.length() == 0 ? "" : "; ").append(field.field()).append(": ").append(field.message());
        }
        return new ApiError(400, "invalid_request", detail.toString(), fields, false);
    }

    /**
     * An error of the HTTP exchange itself (no or a wrong token, an oversize body, the server not ready), answered
     * with its status by every endpoint, the Python ones included.
     *
     * @param status the HTTP status
     * @param reason the metrics reason tag
     * @param detail what is wrong
     * @return the error
     */
    public static ApiError transport(int status, String reason, String detail) {
        return new ApiError(status, reason, detail, List.of(), true);
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }

    /** @return the reason tag for metrics */
    public String reason() {
        return reason;
    }

    /** @return the fields at fault, possibly none */
    public List<FieldError> fields() {
        return fields;
    }

    /** @return the RFC 9457 problem type, or {@code null} for {@code about:blank} */
    public String type() {
        return type;
    }

    /** @return the title of the problem type, or {@code null} for the status's own title */
    public String title() {
        return title;
    }

    /** @return the problem type's extension members, in order; possibly none */
    public Map<String, Object> extensions() {
        return extensions;
    }

    /** @return whether the Python endpoints answer it with its HTTP status rather than 200 */
    public boolean transport() {
        return transport;
    }
}
