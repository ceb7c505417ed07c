package org.helxplatform.tycho.backend.kubernetes;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and removes the fields of a rendered object that its fabric8 type does not know, such as the stray
 * {@code resourceversion} key of Python Tycho's Service template (D7). Jackson keeps such fields in each model
 * object's {@code additionalProperties} and would send them to the API server.
 */
final class UnknownFields {

    private final ObjectMapper mapper;
    private final Map<Class<?>, List<Property>> properties = new ConcurrentHashMap<>();

    private record Property(String name, AnnotatedMember accessor) {
    }

    UnknownFields(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Removes every unknown field.
     *
     * @param root a fabric8 model object
     * @return the paths of the removed fields, e.g. {@code resourceversion}, {@code spec.ports[0].prot}
     */
    List<String> strip(Object root) {
        List<String> removed = new ArrayList<>();
        visit(root, "", removed);
        return removed;
    }

    private void visit(Object node, String path, List<String> removed) {
        if (node == null || node instanceof CharSequence || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                visit(list.get(i), path + "[" + i + "]", removed);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> visit(value, join(path, String.valueOf(key)), removed));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")
                || node instanceof GenericKubernetesResource || node instanceof AnyType || node instanceof Quantity
                || node instanceof IntOrString) {
            return;
        }
        Map<String, Object> extra = additionalProperties(node);
        if (extra != null && !extra.isEmpty()) {
            extra.keySet().forEach(key -> removed.add(join(path, key)));
            extra.clear();
        }
        for (Property property : properties.computeIfAbsent(node.getClass(), this::propertiesOf)) {
            visit(property.accessor().getValue(node), join(path, property.name()), removed);
        }
    }

    private List<Property> propertiesOf(Class<?> type) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        List<Property> list = new ArrayList<>();
        for (BeanPropertyDefinition definition : description.findProperties()) {
            AnnotatedMember accessor = definition.getAccessor();
            if (accessor != null && !definition.getName().equals("additionalProperties")) {
                accessor.fixAccess(true);
                list.add(new Property(definition.getName(), accessor));
            }
        }
        return List.copyOf(list);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> additionalProperties(Object node) {
        try {
            return (Map<String, Object>) node.getClass().getMethod("getAdditionalProperties").invoke(node);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
