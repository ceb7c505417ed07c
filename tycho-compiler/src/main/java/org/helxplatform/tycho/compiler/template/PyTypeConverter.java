package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.TruthyTypeConverter;

/**
 * The expression engine's conversions with Python semantics: truth as Python's {@code bool()} (the string
 * {@code "false"} is true) and text as Python's {@code str()} ({@code True}, {@code None}, {@code ['a']}).
 */
final class PyTypeConverter extends TruthyTypeConverter {

    private static final long serialVersionUID = 1L;

    @Override
    protected Boolean coerceToBoolean(Object value) {
        return PyValues.truth(value);
    }

    @Override
    protected String coerceToString(Object value) {
        return PyStr.str(value);
    }
}
