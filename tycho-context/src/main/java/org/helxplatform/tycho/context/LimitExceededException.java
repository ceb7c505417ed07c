package org.helxplatform.tycho.context;

import org.helxplatform.tycho.model.TychoException;

/**
 * A start or modify would go beyond a bound of the platform: a resource bound of one system
 * ({@code TYCHO_APP_MAX_CPUS}, ...), of all systems of a user ({@code TYCHO_USER_MAX_SYSTEMS},
 * {@code TYCHO_USER_MAX_MEMORY}, ...), or the registry's {@code count} of an app. Nothing was created or changed.
 * The message names the value, the bound and where the bound is set; the accessors give them to a host that maps
 * the refusal onto its own answer (an HTTP server answers 403 or 429, say).
 */
public class LimitExceededException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** Where the bound is set. */
    private final String limit;
    /** The bound, as set. */
    private final String bound;
    /** The value that would go beyond it. */
    private final String value;

    /**
     * Creates the exception.
     *
     * @param limit   where the bound is set: a setting name such as {@code TYCHO_USER_MAX_SYSTEMS}, or
     *                {@code count of app <id>} for the registry's count
     * @param bound   the bound, as set ({@code 8}, {@code 64Gi})
     * @param value   the value that would go beyond it ({@code 12}, {@code 70000000000})
     * @param message the whole message: what was asked, the value, the bound, the setting and the fix
     */
    public LimitExceededException(String limit, String bound, String value, String message) {
        super(message);
        this.limit = limit;
        this.bound = bound;
        this.value = value;
    }

    /** @return where the bound is set: a setting name, or {@code count of app <id>} */
    public String limit() {
        return limit;
    }

    /** @return the bound, as set */
    public String bound() {
        return bound;
    }

    /** @return the value that would go beyond the bound */
    public String value() {
        return value;
    }
}
