package org.helxplatform.tycho.context.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks trees against {@code registry.schema.json}: whole registries, and app definitions (app-defaults.yaml,
 * resolved apps) against its {@code $defs/app}. Violations are reported as {@code path: problem}, with paths in
 * dotted form ({@code contexts.helx.apps.webtop.count: must be an integer}).
 *
 * <p>The only user of json-schema-validator in this package, so that it can be replaced by a shared validator. The
 * compiled schemas are immutable and safe for concurrent use.
 */
final class RegistrySchema {

    static final String RESOURCE = "/org/helxplatform/tycho/context/registry.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Schema REGISTRY;
    private static final Schema APP;

    static {
        JsonNode root = readSchema();
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        REGISTRY = schemas.getSchema(root);
        ObjectNode app = JSON.createObjectNode();
        app.set("$schema", root.get("$schema"));
        app.set("$defs", root.get("$defs"));
        app.put("$ref", "#/$defs/app");
        APP = schemas.getSchema(app);
    }

    private RegistrySchema() {
    }

    /**
     * @param registry a canonical registry tree
     * @return its violations, empty when it is a valid registry
     */
    static List<String> registryViolations(Object registry) {
        return violations(REGISTRY, registry);
    }

    /**
     * @param app a canonical app definition (or app defaults)
     * @return its violations, empty when it is a valid app definition
     */
    static List<String> appViolations(Object app) {
        return violations(APP, app);
    }

    private static List<String> violations(Schema schema, Object tree) {
        Set<String> found = new LinkedHashSet<>();
        for (Error error : schema.validate(JSON.valueToTree(tree))) {
            found.add(path(error.getInstanceLocation()) + ": " + problem(error));
        }
        return new ArrayList<>(found);
    }

    private static String path(NodePath location) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(element);
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static String problem(Error error) {
        switch (error.getKeyword()) {
            case "type": {
                JsonNode types = error.getSchemaNode();
                List<String> allowed = new ArrayList<>();
                for (JsonNode type : types.isArray() ? types : List.of(types)) {
                    if (!type.asText().equals("null")) {
                        allowed.add(describe(type.asText()));
                    }
                }
                return "must be " + String.join(" or ", allowed);
            }
            case "required":
                return "must have '" + error.getProperty() + "'";
            default:
                return error.getMessage();
        }
    }

    private static String describe(String type) {
        switch (type) {
            case "object":
                return "a map";
            case "array":
                return "a list";
            case "integer":
                return "an integer";
            default:
                return "a " + type;
        }
    }

    private static JsonNode readSchema() {
        try (InputStream in = RegistrySchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
