package org.helxplatform.tycho.backend.kubernetes.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.TychoSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns rendered YAML trees into typed fabric8 objects: label, annotation, selector and env values become strings
 * ({@code null} becomes {@code ""} for labels and annotations, deviation D7), fields the type does not know are
 * dropped with a warning, and a value of the wrong type is a clear error naming the template.
 */
final class Manifests {

    private static final Logger LOG = LoggerFactory.getLogger(Manifests.class);

    private final KubernetesSerialization serialization;
    /**
     * The codec of the token buffers: fabric8's deserializers of Quantity, IntOrString and the like read their
     * value as a tree through the parser's codec. A mapper configured as fabric8 configures its own.
     */
    private final ObjectMapper codec = new ObjectMapper();
    private final UnknownFields unknownFields;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Manifests(KubernetesSerialization serialization) {
        this.serialization = serialization;
        new KubernetesSerialization(codec, false); // configures the codec
        this.unknownFields = new UnknownFields(new ObjectMapper());
    }

    /**
     * Converts a rendered tree.
     *
     * @param tree     the tree
     * @param type     the fabric8 type
     * @param template the template it was rendered from, for messages
     * @param system   the system, for messages
     * @param <T>      the type
     * @return the object
     * @throws StartException naming the template and the field when a value has the wrong type
     */
    <T> T convert(Object tree, Class<T> type, String template, TychoSystem system) {
        T object;
        try {
            object = serialization.convertValue(tokens(tree, type == ObjectMeta.class ? "metadata" : null),
                    type);
        } catch (IllegalArgumentException e) {
            throw new StartException(system.identifier(), "app " + system.appId() + ": template " + template
                    + " rendered a " + type.getSimpleName() + " the Kubernetes API cannot read: "
                    + rootMessage(e), e);
        }
        List<String> removed = unknownFields.strip(object);
        if (!removed.isEmpty() && reported.add(template + removed)) {
            LOG.warn("template {} renders fields a {} does not have; they are dropped (reported once): {}", template,
                    type.getSimpleName(), removed);
        }
        return object;
    }

    /**
     * The tree as the JSON tokens Jackson would serialize it to, normalized (D7), ready to be read as a fabric8
     * type: no intermediate copy of the tree, no map serializer (Jackson reads a TokenBuffer as it is).
     *
     * @param tree the rendered tree: maps, lists, strings, numbers, booleans and nulls
     * @param key  the key of the tree in its parent, {@code metadata} for an ObjectMeta
     * @return the tokens
     */
    private TokenBuffer tokens(Object tree, String key) {
        TokenBuffer tokens = new TokenBuffer(codec, false);
        try {
            write(tree, key, null, tokens);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot buffer a rendered object", e); // a TokenBuffer does no I/O
        }
        return tokens;
    }

    /** D7: values Kubernetes requires as strings become strings, whatever type YAML gave them. */
    private static void write(Object tree, String key, String parentKey, TokenBuffer out) throws IOException {
        if (tree instanceof Map<?, ?> map) {
            boolean stringValues = "metadata".equals(parentKey) && ("labels".equals(key) || "annotations".equals(key))
                    || "matchLabels".equals(key) || "selector".equals(key) && !map.containsKey("matchLabels")
                    && !map.containsKey("matchExpressions");
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String name = String.valueOf(entry.getKey());
                Object value = entry.getValue();
                out.writeFieldName(name);
                if (stringValues && !(value instanceof Map) && !(value instanceof List)) {
                    out.writeString(value == null ? "" : String.valueOf(value));
                } else if ("env".equals(parentKey) && "value".equals(name) && value != null
                        && !(value instanceof Map)) {
                    out.writeString(String.valueOf(value));
                } else {
                    write(value, name, key, out);
                }
            }
            out.writeEndObject();
        } else if (tree instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(item, key, key, out);
            }
            out.writeEndArray();
        } else if (tree == null) {
            out.writeNull();
        } else if (tree instanceof String text) {
            out.writeString(text);
        } else if (tree instanceof Boolean bool) {
            out.writeBoolean(bool);
        } else if (tree instanceof Integer || tree instanceof Short || tree instanceof Byte) {
            out.writeNumber(((Number) tree).intValue());
        } else if (tree instanceof Long number) {
            out.writeNumber(number);
        } else if (tree instanceof BigInteger number) {
            out.writeNumber(number);
        } else if (tree instanceof Double number) {
            out.writeNumber(number);
        } else if (tree instanceof Float number) {
            out.writeNumber(number);
        } else if (tree instanceof BigDecimal number) {
            out.writeNumber(number);
        } else {
            out.writeString(String.valueOf(tree));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
