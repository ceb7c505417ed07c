package org.helxplatform.tycho.backend.kubernetes.internal;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds and removes the fields of a rendered object that its fabric8 type does not know, such as the stray
 * {@code resourceversion} key of Python Tycho's Service template (D7). Jackson keeps such fields in each model
 * object's {@code additionalProperties} and would send them to the API server.
 *
 * <p>The walk reads only the properties that can hold model objects (a {@code String}, a number, a
 * {@code Quantity} or a {@code Map<String, String>} cannot), through method handles adapted once per class.
 */
final class UnknownFields {

    /** A getter's type once adapted: {@code (Object) -> Object}, so that it is called with invokeExact. */
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType EXTRA = MethodType.methodType(Map.class, Object.class);

    private final ObjectMapper mapper;
    private final ClassValue<Shape> shapes = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return shapeOf(type);
        }
    };

    /** How to read a model class: the properties that may hold model objects, and its additionalProperties. */
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
        List<String> removed = new ArrayList<>(0);
        visit(root, new ArrayList<>(), removed);
        return removed;
    }

    /**
     * @param node    a value of the object
     * @param path    the names (strings) and list indexes (integers) leading to it; restored on return
     * @param removed where the removed fields' paths are added
     */
    @SuppressWarnings("unchecked")
    private void visit(Object node, List<Object> path, List<String> removed) {
        if (!mayHoldModel(node)) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                path.add(i);
                visit(list.get(i), path, removed);
                path.remove(path.size() - 1);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                path.add(String.valueOf(key));
                visit(value, path, removed);
                path.remove(path.size() - 1);
            });
            return;
        }
        Shape shape = shapes.get(node.getClass());
        Map<String, Object> extra = shape.additionalProperties() == null ? null
                : (Map<String, Object>) read(shape.additionalProperties(), node);
        if (extra != null && !extra.isEmpty()) {
            extra.keySet().forEach(key -> removed.add(join(path, key)));
            extra.clear();
        }
        for (Property property : shape.properties()) {
            path.add(property.name());
            visit(read(property.getter(), node), path, removed);
            path.remove(path.size() - 1);
        }
    }

    /** @return whether a value may be or hold a model object with additional properties */
    private static boolean mayHoldModel(Object node) {
        if (node == null || node instanceof CharSequence || node instanceof Number || node instanceof Boolean
                || node instanceof Enum<?>) {
            return false;
        }
        if (node instanceof List<?> || node instanceof Map<?, ?>) {
            return true;
        }
        return isModel(node.getClass());
    }

    private static boolean isModel(Class<?> type) {
        return type.getName().startsWith("io.fabric8.kubernetes.api.model")
                && !GenericKubernetesResource.class.isAssignableFrom(type) && !AnyType.class.isAssignableFrom(type)
                && type != Quantity.class && type != IntOrString.class;
    }

    /** @return whether a property of this declared type may hold a model object: false for leaves, maps of leaves */
    private static boolean mayHoldModel(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isPrimitive() || CharSequence.class.isAssignableFrom(c) || Number.class.isAssignableFrom(c)
                    || c == Boolean.class || c == Character.class || c.isEnum() || c == Quantity.class
                    || c == IntOrString.class) {
                return false;
            }
            if (c.getName().startsWith("io.fabric8.kubernetes.api.model")) {
                return isModel(c) || c.isInterface();
            }
            return true;
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw) && arguments.length == 1) {
                return mayHoldModel(arguments[0]);
            }
            if (Map.class.isAssignableFrom(raw) && arguments.length == 2) {
                return mayHoldModel(arguments[1]);
            }
        }
        return true;
    }

    private Shape shapeOf(Class<?> type) {
        BeanDescription description = mapper.getSerializationConfig().introspect(mapper.constructType(type));
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        List<Property> list = new ArrayList<>();
        for (BeanPropertyDefinition definition : description.findProperties()) {
            if (definition.getName().equals("additionalProperties") || !definition.hasGetter()) {
                continue;
            }
            AnnotatedMember getter = definition.getGetter();
            if (getter.getAnnotated() instanceof Method method && !mayHoldModel(method.getGenericReturnType())) {
                continue;
            }
            try {
                list.add(new Property(definition.getName(),
                        lookup.unreflect((Method) getter.getAnnotated()).asType(GETTER)));
            } catch (IllegalAccessException | ClassCastException e) {
                throw new IllegalStateException("cannot read " + type.getName() + "." + definition.getName(), e);
            }
        }
        MethodHandle extra;
        try {
            extra = lookup.findVirtual(type, "getAdditionalProperties", MethodType.methodType(Map.class))
                    .asType(EXTRA);
        } catch (ReflectiveOperationException e) {
            extra = null;
        }
        return new Shape(List.copyOf(list), extra);
    }

    private static Object read(MethodHandle getter, Object node) {
        try {
            return getter.type().equals(GETTER) ? (Object) getter.invokeExact(node) : (Map<?, ?>) getter.invokeExact(node);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read a property of " + node.getClass().getName(), e);
        }
    }

    /** @return the path as {@code spec.ports[0].prot} */
    private static String join(List<Object> path, String name) {
        StringBuilder text = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(segment);
            }
        }
        return text.append(text.length() == 0 ? "" : ".").append(name).toString();
    }
}
