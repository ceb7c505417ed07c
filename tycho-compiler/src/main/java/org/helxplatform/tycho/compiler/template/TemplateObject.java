package org.helxplatform.tycho.compiler.template;

/**
 * An object the engine creates for templates (a loop's {@code loop}, a {@code cycler()}), resolved by
 * {@link PyELResolver} through this interface rather than through Java reflection.
 */
interface TemplateObject extends PyRepr {

    /**
     * Reads an attribute ({@code loop.index}).
     *
     * @param name the attribute
     * @return its value, or {@code null} (undefined) when there is no such attribute
     */
    Object attribute(String name);

    /**
     * Calls a method ({@code loop.cycle('odd', 'even')}).
     *
     * @param name the method
     * @param args the arguments
     * @return the result
     * @throws RuntimeException the render error when there is no such method or the arguments do not fit
     */
    Object call(String name, Object[] args);
}
