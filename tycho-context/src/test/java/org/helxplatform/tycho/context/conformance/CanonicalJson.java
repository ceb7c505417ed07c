package org.helxplatform.tycho.context.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The canonical form of {@code conformance/README.md}: null-valued keys are absent, server-filled fields are not
 * compared, and the Service's owner reference uid is the literal {@code DEPLOYMENT-UID}. Nothing else is loosened:
 * list order, integer versus string and every label count.
 */
final class CanonicalJson {

    /** Server-filled metadata fields. */
    private static final List<String> SERVER_METADATA =
            List.of("namespace", "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields");

    private CanonicalJson() {
    }

    /**
     * @param object        an object read back from the API server
     * @param deploymentUid the uid of the system's Deployment
     * @return its canonical form
     */
    static JsonNode ofServerObject(JsonNode object, String deploymentUid) {
        ObjectNode copy = (ObjectNode) withoutNulls(object);
        copy.remove("status");
        if (copy.get("metadata") instanceof ObjectNode metadata) {
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("ownerReferences") instanceof ArrayNode owners) {
                owners.forEach(owner -> {
                    if (owner.path("uid").asText().equals(deploymentUid)) {
                        ((ObjectNode) owner).put("uid", "DEPLOYMENT-UID");
                    }
                });
            }
        }
        return copy;
    }

    /** @return the node with every null-valued key removed, recursively */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    /**
     * @param actual   what the library produced
     * @param expected what the case expects
     * @return the first JSON path where they differ with both values, or {@code null} when they are equal
     */
    static String firstDifference(JsonNode actual, JsonNode expected) {
        return difference(actual, expected, "$");
    }

    private static String difference(JsonNode actual, JsonNode expected, String path) {
        if (actual.isObject() && expected.isObject()) {
            Set<String> keys = new TreeSet<>();
            actual.fieldNames().forEachRemaining(keys::add);
            expected.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String child = path + "." + key;
                if (!actual.has(key)) {
                    return child + ": missing (expected " + brief(expected.get(key)) + ")";
                }
                if (!expected.has(key)) {
                    return child + ": unexpected " + brief(actual.get(key));
                }
                String difference = difference(actual.get(key), expected.get(key), child);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (actual.isArray() && expected.isArray()) {
            Iterator<JsonNode> a = actual.elements();
            Iterator<JsonNode> e = expected.elements();
            for (int i = 0; a.hasNext() || e.hasNext(); i++) {
                if (!a.hasNext() || !e.hasNext()) {
                    return path + ": " + actual.size() + " items, expected " + expected.size();
                }
                String difference = difference(a.next(), e.next(), path + "[" + i + "]");
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return sameValue(actual, expected) ? null : path + ": " + brief(actual) + ", expected " + brief(expected);
    }

    /**
     * JSON has one number type: an integer read as a Java long equals the same integer read as an int. Integers
     * still differ from strings, and from floating-point numbers.
     */
    private static boolean sameValue(JsonNode actual, JsonNode expected) {
        if (actual.isIntegralNumber() && expected.isIntegralNumber()) {
            return actual.bigIntegerValue().equals(expected.bigIntegerValue());
        }
        return actual.equals(expected);
    }

    private static String brief(JsonNode node) {
        String text = node.toString();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }

}
