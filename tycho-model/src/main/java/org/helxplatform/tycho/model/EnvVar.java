package org.helxplatform.tycho.model;

import java.util.Objects;

/**
 * One environment variable of a container.
 *
 * @param name  a valid environment variable name
 * @param value the value, possibly empty; never {@code null}
 */
public record EnvVar(String name, String value) {

    /**
     * Validates the name.
     *
     * @param name  a valid environment variable name
     * @param value the value, possibly empty; never {@code null}
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public EnvVar {
        Names.requireEnvName("env", name);
        Objects.requireNonNull(value, () -> "env " + name + ": value must not be null (use \"\")");
    }

    /**
     * Parses a {@code NAME=value} entry, split at the first {@code =} (Python Tycho split at every one); an entry without {@code =}
     * has an empty value.
     *
     * @param entry the entry
     * @return the variable
     */
    public static EnvVar parse(String entry) {
        int equals = entry.indexOf('=');
        return equals < 0 ? new EnvVar(entry, "") : new EnvVar(entry.substring(0, equals), entry.substring(equals + 1));
    }

    /** @return {@code name=value}; values of environment variables may be secrets, so never log this */
    @Override
    public String toString() {
        return name + "=****";
    }
}
