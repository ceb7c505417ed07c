package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.beans.FeatureDescriptor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Resolves {@code x.name}, {@code x[key]} and {@code x.method(...)} on template values as Jinja2 does, ahead of
 * Jinjava's resolvers.
 *
 * <ul>
 *   <li>dicts: keys; a missing key is undefined; methods {@code items keys values get};</li>
 *   <li>lists and tuples: integer indexes, negative from the end; out of range is undefined;</li>
 *   <li>strings: integer indexes give characters; the Python string methods of {@link PyMethods};</li>
 *   <li>{@code None}: every attribute is undefined;</li>
 *   <li>the engine's own objects ({@link TemplateObject}): their attributes and methods;</li>
 *   <li>Java bean properties and methods are not exposed on these values (Jinjava would resolve
 *       {@code 'abc'.empty} or {@code list.size()}); no other Java method is callable, except Jinjava's own
 *       filter and test objects.</li>
 * </ul>
 */
final class PyELResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null || !isPythonValue(base)) {
            return null;
        }
        context.setPropertyResolved(true);
        return item(base, property);
    }

    /**
     * Jinja2's {@code getitem}/{@code getattr} on a template value, as {@code x.name} and {@code x[key]} do.
     *
     * @param base     the value, not null
     * @param property the attribute name or item key
     * @return the attribute or item, or {@code null} (undefined) when there is none
     */
    static Object item(Object base, Object property) {
        if (base instanceof TemplateObject) {
            return ((TemplateObject) base).attribute(String.valueOf(property));
        }
        if (base instanceof Map) {
            return mapItem((Map<?, ?>) base, property);
        }
        if (base instanceof List || base instanceof Object[]) {
            List<?> list = base instanceof List ? (List<?>) base : Arrays.asList((Object[]) base);
            Integer index = index(property, list.size());
            if (index == null) {
                return base instanceof PyTuple ? ((PyTuple) base).field(String.valueOf(property)) : null;
            }
            return base instanceof PyView && !((PyView) base).isSubscriptable() ? null : list.get(index);
        }
        if (PyValues.isString(base)) {
            String text = base.toString();
            Integer index = index(property, text.length());
            return index == null ? null : String.valueOf(text.charAt(index));
        }
        return null;
    }

    /**
     * A dict item. Jinjava turns every key written in a template into text, so a key that is not a string (such
     * as the number 8080) is found by its text.
     */
    private static Object mapItem(Map<?, ?> map, Object property) {
        if (map.containsKey(property)) {
            return map.get(property);
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            if (!(key instanceof String) && key != null && key.toString().equals(String.valueOf(property))) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean isPythonValue(Object base) {
        return base instanceof Map || base instanceof List || base instanceof Object[] || PyValues.isString(base)
            || base == PyNone.NONE || base instanceof PyGenerator || PyValues.isNumber(base)
            || base instanceof TemplateObject;
    }

    /** The position an item key denotes, or null when it is not an integer within the bounds. */
    private static Integer index(Object property, int size) {
        long index;
        try {
            index = property instanceof Number ? ((Number) property).longValue() : Long.parseLong(property.toString());
        } catch (NumberFormatException e) {
            return null;
        }
        if (index < 0) {
            index += size;
        }
        return index >= 0 && index < size ? (int) index : null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || base instanceof Filter || base instanceof ExpTest) {
            return null;
        }
        String name = String.valueOf(method);
        context.setPropertyResolved(true);
        if (base instanceof TemplateObject) {
            return ((TemplateObject) base).call(name, params == null ? new Object[0] : params);
        }
        if (base instanceof Map) {
            return PyMethods.callDictMethod((Map<?, ?>) base, name, params);
        }
        if (PyValues.isString(base)) {
            return PyMethods.callStringMethod(base.toString(), name, params);
        }
        throw PyMethods.unsupported(PyValues.typeName(base), name);
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Template values are read-only here: templates assign only with the set tag, which does not use EL.
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
