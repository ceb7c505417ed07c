package org.helxplatform.tycho.backend.kubernetes.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds and removes the fields of a rendered object that its fabric8 type does not know, such as the stray
 * {@code resourceversion} key of Python Tycho's Service template (D7). Jackson keeps such fields in each model
 * object's {@code additionalProperties} and would send them to the API server.
 */
final class UnknownFields {

    private final ObjectMapper mapper;
    private final ClassValue<Shape> shapes = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    /** How to read a model class: its properties and its {@code additionalProperties} map. */
    private record Shape(List<Property> properties, MethodHandle additionalProperties) {
    }

    private record Property(String name, MethodHandle getter) {
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

    @SuppressWarnings("unchecked")
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
        Shape shape = shapes.get(node.getClass());
        Map<String, Object> extra = shape.additionalProperties() == null ? null : (Map<String, Object>) read(shape.additionalProperties(), node);
        if (extra != null && !extra.isEmpty()) {
            extra.keySet().forEach(key -> removed.add(join(path, key)));
            extra.clear();
        }
        for (Property property : shape.properties()) {
            visit(read(property.getter(), node), join(path, property.name()), removed);
        }
    }

    private Shape shapeOf(Class<?> type) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        List<Property> list = new ArrayList<>();
        for (BeanPropertyDefinition definition : description.findProperties()) {
            if (definition.getName().equals("additionalProperties") || !definition.hasGetter()) {
                continue;
            }
            try {
                list.add(new Property(definition.getName(), lookup.unreflect(definition.getGetter().getAnnotated())));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + type.getName() + "." + definition.getName(), e);
            }
        }
        MethodHandle extra;
        try {
            extra = lookup.findVirtual(type, "getAdditionalProperties", MethodType.methodType(Map.class));
        } catch (ReflectiveOperationException e) {
            extra = null;
        }
        return new Shape(List.copyOf(list), extra);
    }

    private static Object read(MethodHandle getter, Object node) {
        try {
            return getter.invoke(node);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read a property of " + node.getClass().getName(), e);
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
