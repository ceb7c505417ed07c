package org.helxplatform.tycho.compiler.internal.schema;

import java.io.Serializable;
import java.util.Objects;

/**
 * One way in which a document does not match its JSON Schema.
 *
 * <p>The path names the offending place the way a person reading the YAML file finds it: keys joined with dots and
 * list positions in brackets, as in {@code services.web.ports[1]}. A key that is not a plain word (it holds a dot, a
 * slash, a space, ...) is written in quoted brackets: {@code labels["app.kubernetes.io/name"]}. The document itself
 * has the empty path. The message says what is wrong there, for example
 * {@code must be a string or an integer (got mapping)} or {@code missing required key "image"}.
 *
 * @param path    where the problem is; empty for the whole document
 * @param message what is wrong there, readable by the person who wrote the file
 */
public record Violation(String path, String message) implements Serializable {

    /**
     * Creates a violation.
     *
     * @param path    where the problem is; empty for the whole document
     * @param message what is wrong there
     * @throws NullPointerException if either is {@code null}
     */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The violation as one line, {@code path: message}, with {@code (root)} standing for the empty path.
     *
     * @return for example {@code services.web.ports[1]: must be a string or an integer (got mapping)}
     */
    @Override
    public String toString() {
        return (path.isEmpty() ? "(root)" : path) + ": " + message;
    }
}
