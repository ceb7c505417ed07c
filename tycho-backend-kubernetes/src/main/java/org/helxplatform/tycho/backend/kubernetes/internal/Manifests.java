package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final UnknownFields unknownFields;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Manifests(KubernetesSerialization serialization) {
        this.serialization = serialization;
        this.unknownFields = new UnknownFields(new com.fasterxml.jackson.databind.ObjectMapper());
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
            object = serialization.convertValue(normalize(tree, type == ObjectMeta.class ? "metadata" : null, null), type);
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

    /** D7: values Kubernetes requires as strings become strings, whatever type YAML gave them. */
    private static Object normalize(Object tree, String key, String parentKey) {
        if (tree instanceof Map<?, ?> map) {
            boolean stringValues = "metadata".equals(parentKey) && ("labels".equals(key) || "annotations".equals(key))
                    || "matchLabels".equals(key) || "selector".equals(key) && !map.containsKey("matchLabels")
                    && !map.containsKey("matchExpressions");
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                if (stringValues && !(v instanceof Map) && !(v instanceof List)) {
                    copy.put(name, v == null ? "" : String.valueOf(v));
                } else if ("env".equals(parentKey) && "value".equals(name) && v != null && !(v instanceof Map)) {
                    copy.put(name, String.valueOf(v));
                } else {
                    copy.put(name, normalize(v, name, key));
                }
            });
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(normalize(item, key, key)));
            return copy;
        }
        return tree;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
