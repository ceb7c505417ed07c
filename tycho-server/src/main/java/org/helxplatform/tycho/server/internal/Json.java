package org.helxplatform.tycho.server.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON in and out: one mapper for the server (the project's Jackson 2), and request bodies read with a size limit.
 * A duplicate key in a request is an error, so a body means one thing only.
 */
public final class Json {

    /** The most of a refused body read and dropped before the 413 is sent. */
    private static final long SWALLOW_BYTES = 2L * 1024 * 1024;

    /** The mapper for requests and responses; maps keep their insertion order. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /**
     * Reads a request body of at most {@code limit} bytes as JSON. The declared length is checked first, then the
     * bytes actually read, so a chunked body cannot pass the limit either.
     *
     * @param ctx   the request
     * @param limit the largest body accepted, in bytes
     * @return the document
     * @throws ApiError 413 when the body is larger than the limit; 400 naming {@code body} when it is empty or not
     *                  JSON
     */
    public static JsonNode body(Context ctx, long limit) {
        byte[] bytes = bytes(ctx, limit);
        if (bytes.length == 0) {
            throw ApiError.invalid(List.of(new ApiError.FieldError("body", "is empty; send a JSON object")));
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw ApiError.invalid(List.of(new ApiError.FieldError("body", "is not valid JSON" + location + ": "
                    + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a request body of at most {@code limit} bytes.
     *
     * @param ctx   the request
     * @param limit the largest body accepted, in bytes
     * @return the bytes
     * @throws ApiError 413 when the body is larger than the limit
     */
    public static byte[] bytes(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                throw swallowed(in, limit);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > limit) {
                    throw swallowed(in, limit);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiError.transport(400, "invalid_request", "the request body could not be read: " + e.getMessage());
        }
    }

    /**
     * Reads and drops what is left of a body refused as too large, up to {@value #SWALLOW_BYTES} bytes (as Tomcat's
     * {@code maxSwallowSize}): a client still sending it then reads the 413, where closing the connection on unread
     * bytes would reset it before the client reads the answer. Beyond that the connection is closed.
     */
    private static ApiError swallowed(InputStream in, long limit) {
        byte[] buffer = new byte[8192];
        long dropped = 0;
        try {
            int read;
            while (dropped < SWALLOW_BYTES && (read = in.read(buffer)) >= 0) {
                dropped += read;
            }
        } catch (IOException e) {
            // the client went away: nobody reads the answer
        }
        return tooLarge(limit);
    }

    /**
     * @param limit the limit that was passed
     * @return the 413 error
     */
    public static ApiError tooLarge(long limit) {
        return ApiError.transport(413, "too_large", "the request body is larger than " + limit + " bytes (the limit"
                + " is set by TYCHO_SERVER_MAX_BODY_BYTES)");
    }

    /**
     * @param value maps, lists and scalars
     * @return the value as JSON text
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param node a JSON document
     * @return it as plain Java maps (in document order), lists, strings, numbers, booleans and nulls
     */
    public static Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : MAPPER.convertValue(node, Object.class);
    }
}
