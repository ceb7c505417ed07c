package org.helxplatform.tycho.compiler.compose;

import org.helxplatform.tycho.model.TychoException;

/**
 * An app spec (docker-compose file) Tycho cannot use: invalid YAML, a schema violation, a service without image,
 * a bad volume entry, a port that is not a number. The message names the spec, the path inside it and the value.
 */
public class SpecException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** The spec's source: its file, URL or app. */
    private final String source;
    /** The path in the spec of the value at fault. */
    private final String path;

    /**
     * Creates the exception.
     *
     * @param source  the spec: an app id, file name or URL
     * @param path    where in the spec, e.g. {@code services.web.ports[0]}; empty for the whole spec
     * @param problem what is wrong, with the value and the fix
     */
    public SpecException(String source, String path, String problem) {
        this(source, path, null, located(path, problem));
    }

    /**
     * Creates the exception with a cause.
     *
     * @param source  the spec
     * @param path    where in the spec
     * @param problem what is wrong
     * @param cause   the underlying failure
     */
    public SpecException(String source, String path, String problem, Throwable cause) {
        this(source, path, cause, located(path, problem));
    }

    /**
     * An exception whose message is written in full by the caller, e.g. a list of schema violations.
     *
     * @param source  the spec
     * @param path    where in the spec the (first) problem is
     * @param message the whole message after the source
     * @return the exception
     */
    public static SpecException withMessage(String source, String path, String message) {
        return new SpecException(source, path, null, message);
    }

    private SpecException(String source, String path, Throwable cause, String message) {
        super(source + ": " + message, cause);
        this.source = source;
        this.path = path;
    }

    private static String located(String path, String problem) {
        return (path.isEmpty() ? "" : path + ": ") + problem;
    }

    /** @return the spec: an app id, file name or URL */
    public String source() {
        return source;
    }

    /** @return where in the spec, e.g. {@code services.web.ports[0]} */
    public String path() {
        return path;
    }
}
