package org.helxplatform.tycho.model;

/**
 * A value that would be meaningless or unsafe: a blank image, a negative port, a name that is not a valid
 * Kubernetes name, a resource quantity that is not a quantity, a setting or a registry URI that cannot be used.
 * Thrown by the constructors of the model's value types, so that an invalid system can never be built, let alone
 * started, and by every other part of Tycho that checks a value it is given: this is the one kind of error for bad
 * input.
 */
public class InvalidValueException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** The field that holds the value, as a path. */
    private final String field;
    private final transient Object value;

    /**
     * Creates the exception.
     *
     * @param field   the field that holds the value, as a path ({@code container.image}, {@code principal.username})
     * @param value   the rejected value
     * @param problem what is wrong with it and how to fix it
     */
    public InvalidValueException(String field, Object value, String problem) {
        super(field + ": " + (value == null ? "null" : "'" + value + "'") + " " + problem);
        this.field = field;
        this.value = value;
    }

    /** @return the field that holds the rejected value, as a path */
    public String field() {
        return field;
    }

    /** @return the rejected value */
    public Object value() {
        return value;
    }
}
