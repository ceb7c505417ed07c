package org.helxplatform.tycho.compiler.internal.schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.NullNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.DialectId;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.model.TychoException;

/**
 * Validates plain Java trees against a JSON Schema (draft 2020-12) shipped as a classpath resource, with messages
 * written for the person who wrote the YAML file.
 *
 * <p>The trees are what {@link org.helxplatform.tycho.compiler.internal.yaml.Yaml11} produces: maps (keys are written as
 * text, a {@code null} key as {@code "null"}), lists, strings, numbers, booleans and {@code null}. Each violation
 * names the place with a dotted/indexed path ({@code services.web.ports[1]}) and says what is wrong in plain words
 * ({@code must be a string or an integer (got mapping)}); for {@code oneOf}/{@code anyOf} it reports either the one
 * list of allowed shapes or the errors of the alternative the value was clearly meant to be (see
 * {@link Violation}).
 *
 * <p>A schema is read, checked against the draft 2020-12 meta-schema and compiled once, when first asked for by
 * {@link #fromClasspath(String)}; later calls with the same resource name return the same instance. Instances are
 * immutable and thread-safe: any number of threads may validate with one at the same time.
 *
 * <pre>{@code
 * JsonSchemaValidator compose = JsonSchemaValidator.fromClasspath("org/helxplatform/tycho/schema/compose.json");
 * List<Violation> problems = compose.validate(Yaml11.load(text, "apps/jupyter/docker-compose.yaml"));
 * }</pre>
 */
public final class JsonSchemaValidator {

    private static final ObjectMapper MAPPER = newMapper();

    /** One registry for all schemas: draft 2020-12 only, English messages whatever the JVM's locale. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));

    private static final Map<String, JsonSchemaValidator> CACHE = new ConcurrentHashMap<>();

    private final String resource;
    private final Schema schema;

    private JsonSchemaValidator(String resource, Schema schema) {
        this.resource = resource;
        this.schema = schema;
    }

    /**
     * Returns the validator for a JSON Schema classpath resource, loading and compiling it on first use.
     *
     * <p>Relative {@code $ref}s resolve against the resource's own location ({@code classpath:...}), so a schema
     * may refer to sibling resources. The schema must be draft 2020-12 (no {@code $schema}, or that one).
     *
     * @param resource the resource name, as for {@link ClassLoader#getResource(String)}, e.g.
     *                 {@code "schema/compose.json"}; a leading {@code /} is ignored
     * @return the validator, the same instance for every call with the same name
     * @throws TychoException naming the resource when it is missing, is not JSON, does not conform to the draft
     *                        2020-12 meta-schema (listing every problem), or cannot be compiled (for instance an
     *                        unresolvable {@code $ref})
     */
    public static JsonSchemaValidator fromClasspath(String resource) {
        Objects.requireNonNull(resource, "resource");
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        return CACHE.computeIfAbsent(name, JsonSchemaValidator::load);
    }

    /**
     * Validates a tree.
     *
     * @param tree the document: nested {@link Map}s, {@link List}s, strings, numbers, booleans and {@code null}s
     * @return every violation, in document order (the order of the keys and items in the tree); empty when the
     *         tree is valid
     * @throws TychoException if the tree holds something that is not plain data (such as an object that Jackson
     *                        cannot write)
     */
    public List<Violation> validate(Object tree) {
        String cycle = Yaml11.selfReference(tree);
        if (cycle != null) {
            return List.of(new Violation(cycle, "refers to itself (a YAML alias inside its own value); "
                    + "the document cannot be checked"));
        }
        JsonNode node;
        try {
            node = tree == null ? NullNode.getInstance() : MAPPER.valueToTree(tree);
        } catch (IllegalArgumentException e) {
            throw new TychoException("Cannot check a document against " + resource
                    + ": it is not plain data (maps, lists, strings, numbers, booleans, null): " + e.getMessage(), e);
        }
        return ErrorRenderer.render(schema.validate(node), node);
    }

    /**
     * The classpath resource this validator was loaded from.
     *
     * @return the resource name, without a leading {@code /}
     */
    public String resource() {
        return resource;
    }

    @Override
    public String toString() {
        return "JsonSchemaValidator[" + resource + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private static JsonSchemaValidator load(String resource) {
        JsonNode schemaNode = read(resource);
        List<Violation> metaViolations = ErrorRenderer.render(MetaSchema.DRAFT_2020_12.validate(schemaNode), schemaNode);
        if (!metaViolations.isEmpty()) {
            StringBuilder message = new StringBuilder("JSON Schema ").append(resource)
                    .append(" is not a valid draft 2020-12 schema:");
            metaViolations.forEach(v -> message.append("\n  ").append(v));
            throw new TychoException(message.toString());
        }
        try {
            Schema schema = REGISTRY.getSchema(SchemaLocation.of("classpath:" + resource), schemaNode);
            schema.initializeValidators(); // resolve every $ref now, not during the first validation
            return new JsonSchemaValidator(resource, schema);
        } catch (SchemaException e) {
            throw new TychoException("JSON Schema " + resource + " cannot be compiled: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(String resource) {
        URL url = JsonSchemaValidator.class.getClassLoader().getResource(resource);
        if (url == null && Thread.currentThread().getContextClassLoader() != null) {
            url = Thread.currentThread().getContextClassLoader().getResource(resource);
        }
        if (url == null) {
            throw new TychoException("JSON Schema " + resource + " is not on the classpath");
        }
        try (InputStream in = url.openStream()) {
            JsonNode node = MAPPER.readTree(in);
            if (node == null || node.isMissingNode()) {
                throw new TychoException("JSON Schema " + resource + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new TychoException("JSON Schema " + resource + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TychoException("JSON Schema " + resource + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        // A YAML "~: value" key: write it as "null", like PyYAML followed by json.dumps.
        mapper.getSerializerProvider().setNullKeySerializer(new JsonSerializer<Object>() {
            @Override
            public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeFieldName("null");
            }
        });
        return mapper;
    }

    /** The draft 2020-12 meta-schema (bundled in networknt's jar), compiled on first use. */
    private static final class MetaSchema {
        static final Schema DRAFT_2020_12 = compile();

        private static Schema compile() {
            Schema meta = REGISTRY.getSchema(SchemaLocation.of(DialectId.DRAFT_2020_12));
            meta.initializeValidators();
            return meta;
        }
    }
}
