package org.helxplatform.tycho.compiler.template;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.MethodExpression;
import jinjava.javax.el.ValueExpression;

/**
 * The engine's expression factory: Jinjava's, except that an expression that calls no function is bound once and
 * reused. Jinjava creates a value expression for every evaluation, binding the parsed tree (cached by the
 * {@link TreeStore}) to the render's function and variable mappers. Only function names depend on the render (a
 * macro of the template shadows a global function); variables are never mapped (identifiers are resolved by the
 * EL resolver when evaluated). So the bound expression of a tree without function calls is the same for every
 * render, and it is immutable: {@code getValue} reads the context it is given.
 */
final class PyExpressionFactory extends jinjava.javax.el.ExpressionFactory {

    /** How many bound expressions to keep; beyond, the cache starts over. */
    private static final int CACHE_SIZE = 4096;

    private final ExpressionFactoryImpl factory;
    private final TreeStore store;
    private final Map<String, ValueExpression> bound = new ConcurrentHashMap<>();

    /**
     * Creates the factory.
     *
     * @param store     the parsed-expression cache
     * @param converter the type converter
     */
    PyExpressionFactory(TreeStore store, PyTypeConverter converter) {
        this.factory = new ExpressionFactoryImpl(store, converter);
        this.store = store;
    }

    @Override
    public ValueExpression createValueExpression(ELContext context, String expression, Class<?> expectedType) {
        if (expectedType != Object.class) {
            return factory.createValueExpression(context, expression, expectedType);
        }
        ValueExpression cached = bound.get(expression);
        if (cached != null) {
            return cached;
        }
        ValueExpression created = factory.createValueExpression(context, expression, expectedType);
        if (!store.get(expression).getFunctionNodes().iterator().hasNext()) {
            if (bound.size() >= CACHE_SIZE) {
                bound.clear();
            }
            bound.put(expression, created);
        }
        return created;
    }

    @Override
    public ValueExpression createValueExpression(Object instance, Class<?> expectedType) {
        return factory.createValueExpression(instance, expectedType);
    }

    @Override
    public MethodExpression createMethodExpression(ELContext context, String expression, Class<?> expectedReturnType,
                                                   Class<?>[] expectedParamTypes) {
        return factory.createMethodExpression(context, expression, expectedReturnType, expectedParamTypes);
    }

    @Override
    public Object coerceToType(Object obj, Class<?> targetType) {
        return factory.coerceToType(obj, targetType);
    }
}
