package org.helxplatform.tycho.model;

/**
 * How a reverse proxy (Ambassador) rewrites the app's URL prefix.
 *
 * @param enabled whether the proxy rewrites the path
 * @param target  the path to rewrite to, or {@code null} for the app's own prefix
 */
public record ProxyRewrite(boolean enabled, String target) {

    /**
     * The target is written into the Ambassador Mapping, itself YAML: a line break would add keys there.
     *
     * @param enabled whether the proxy rewrites the path
     * @param target  the path to rewrite to, or {@code null} for the app's own prefix
     * @throws InvalidValueException when a value is invalid
     */
    public ProxyRewrite {
        if (target != null) {
            Names.requireUrlPath("proxy-rewrite.target", target);
        }
    }

    /** No rewriting. */
    public static final ProxyRewrite DISABLED = new ProxyRewrite(false, null);
}
