package org.helxplatform.tycho.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) of a request, shipped in this module, and the check of a request against it: every
 * violation becomes a {@link ApiError.FieldError} naming the field with a dotted path ({@code env.HOME},
 * {@code services.web.port}, {@code labels}) and saying what is wrong. Thread-safe.
 */
public final class RequestSchema {

    private static final String ROOT = "org/helxplatform/tycho/server/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern LOCATION_PREFIX = Pattern.compile("^\\$[^:]*: ");

    private final String name;
    private final Schema schema;

    private RequestSchema(String name, Schema schema) {
        this.name = name;
        this.schema = schema;
    }

    /**
     * Loads a schema of this module.
     *
     * @param name the file name under {@code org/helxplatform/tycho/server/schemas/}
     * @return the schema, compiled
     * @throws IllegalStateException when the file is missing or not a schema (a bug of this module)
     */
    public static RequestSchema load(String name) {
        String resource = ROOT + name;
        try (InputStream in = RequestSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the class path");
            }
            JsonNode node = Json.MAPPER.readTree(in);
            Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:" + resource), node);
            schema.initializeValidators();
            return new RequestSchema(name, schema);
        } catch (IOException e) {
            throw new IllegalStateException("schema " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a document.
     *
     * @param document the request
     * @param prefix   the path of the document in the request, e.g. {@code principal}, or empty
     * @return the violations, in the schema's order, without duplicates; empty when the document is valid
     */
    public List<ApiError.FieldError> violations(JsonNode document, String prefix) {
        Set<ApiError.FieldError> found = new LinkedHashSet<>();
        for (Error error : schema.validate(document)) {
            String field = path(prefix, error.getInstanceLocation());
            String property = error.getProperty();
            String keyword = error.getKeyword();
            if (property != null && ("required".equals(keyword) || "additionalProperties".equals(keyword))) {
                field = join(field, property);
            }
            found.add(new ApiError.FieldError(field.isEmpty() ? "body" : field, message(error)));
        }
        return new ArrayList<>(found);
    }

    /**
     * Checks a request.
     *
     * @param document the request
     * @throws ApiError 400 naming every field at fault
     */
    public void check(JsonNode document) {
        List<ApiError.FieldError> violations = violations(document, "");
        if (!violations.isEmpty()) {
            throw ApiError.invalid(violations);
        }
    }

    private static String message(Error error) {
        String keyword = error.getKeyword();
        if ("required".equals(keyword)) {
            return "is required";
        }
        if ("additionalProperties".equals(keyword)) {
            return "is not a field of this request";
        }
        String text = LOCATION_PREFIX.matcher(error.getMessage()).replaceFirst("");
        return text;
    }

    private static String path(String prefix, NodePath location) {
        String path = prefix;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path + "[" + index + "]" : join(path, String.valueOf(element));
        }
        return path;
    }

    private static String join(String path, String name) {
        String step = PLAIN.matcher(name).matches() ? name : "\"" + name + "\"";
        return path.isEmpty() ? step : path + "." + step;
    }

    @Override
    public String toString() {
        return "RequestSchema[" + name + "]";
    }
}
