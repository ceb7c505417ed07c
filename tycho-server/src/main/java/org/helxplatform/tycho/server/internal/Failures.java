package org.helxplatform.tycho.server.internal;

import io.javalin.http.HttpResponseException;
import java.util.List;
import org.helxplatform.tycho.backend.BackendConfigurationException;
import org.helxplatform.tycho.backend.BackendException;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.context.LimitExceededException;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.TychoException;

/** What a failure means for the caller: its HTTP status, its reason tag and the message it may see. */
public final class Failures {

    private Failures() {
    }

    /**
     * @param error anything an operation threw
     * @return it as an {@link ApiError}; an unexpected failure becomes a 500 whose detail says only that
     */
    public static ApiError classify(Throwable error) {
        if (error instanceof ApiError api) {
            return api;
        }
        if (error instanceof UnknownSystemException) {
            return ApiError.of(404, "not_found", error.getMessage());
        }
        if (error instanceof InvalidValueException invalid) {
            String message = invalid.getMessage();
            String prefix = invalid.field() + ": ";
            return ApiError.invalid(List.of(new ApiError.FieldError(invalid.field(),
                    message.startsWith(prefix) ? message.substring(prefix.length()) : message)));
        }
        if (error instanceof SpecException spec) {
            return ApiError.of(400, "invalid_spec", spec.getMessage());
        }
        if (error instanceof LoadException) {
            return ApiError.of(502, "registry_unavailable", error.getMessage());
        }
        if (error instanceof BackendConfigurationException) {
            return ApiError.of(503, "backend_unavailable", error.getMessage());
        }
        if (error instanceof BackendException) {
            return ApiError.of(502, "backend", error.getMessage());
        }
        if (error instanceof LimitExceededException limit) {
            return ApiError.limitExceeded(limit);
        }
        if (error instanceof TychoException) {
            return ApiError.of(400, "invalid_request", error.getMessage());
        }
        if (error instanceof HttpResponseException http) {
            return http.getStatus() == 413 ? ApiError.transport(413, "too_large", "the request body is too large (the"
                    + " limit is set by TYCHO_SERVER_MAX_BODY_BYTES)")
                    : ApiError.transport(http.getStatus(), "invalid_request", http.getMessage());
        }
        return ApiError.of(500, "internal", "internal error; the server log has the details");
    }
}
