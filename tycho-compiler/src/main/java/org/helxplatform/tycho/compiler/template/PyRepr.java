package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.objects.PyWrapper;

/**
 * A template value that knows how Python's {@code repr()} prints it. As a {@link PyWrapper}, Jinjava passes it through
 * unchanged (it would otherwise turn a {@link PyTuple} into a list).
 */
interface PyRepr extends PyWrapper {

    /**
     * Returns the text Python's {@code repr()} gives for this value.
     *
     * @return the Python representation
     */
    String pyRepr();

    /**
     * Returns the text Python's {@code str()} gives for this value; the same as {@link #pyRepr()} unless the type
     * says otherwise (a datetime prints as {@code 2024-01-02 03:04:05}).
     *
     * @return the printed form
     */
    default String pyStr() {
        return pyRepr();
    }
}
