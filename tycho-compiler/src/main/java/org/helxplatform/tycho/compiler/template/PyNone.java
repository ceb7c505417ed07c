package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * Python's {@code None} inside templates.
 *
 * <p>Jinjava treats a Java {@code null} as an undefined name, while in Jinja2 {@code None} is a value that prints
 * {@code None}, is defined, equals {@code None} and is not replaced by {@code |default}. The engine therefore
 * turns every {@code null} of a render context into this sentinel, and the names {@code None} and {@code none}
 * resolve to it; {@code null} keeps meaning "undefined".
 */
enum PyNone implements HasObjectTruthValue, PyRepr {
    /** The single {@code None} value. */
    NONE;

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    public String pyRepr() {
        return "None";
    }

    @Override
    public String toString() {
        return "None";
    }
}
