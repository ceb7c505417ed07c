package org.helxplatform.tycho.model;

/**
 * The user a system runs for, with the tokens handed to the app's containers.
 *
 * <p>The user name becomes a Kubernetes label value and part of paths, so it must be a valid label value (at most
 * 63 letters, digits, {@code -}, {@code _} and {@code .}). Tokens are secrets: they never appear in
 * {@link #toString()} and Tycho never logs them.
 *
 * @param username     the user name, e.g. {@code alice} or {@code bob.smith}
 * @param accessToken  the access token passed to containers as {@code ACCESS_TOKEN}; may be {@code null}
 * @param refreshToken the refresh token; may be {@code null}
 */
public record Principal(String username, String accessToken, String refreshToken) {

    /**
     * Validates the user name.
     *
     * @param username     the user name, e.g. {@code alice} or {@code bob.smith}
     * @param accessToken  the access token passed to containers as {@code ACCESS_TOKEN}; may be {@code null}
     * @param refreshToken the refresh token; may be {@code null}
     * @throws InvalidValueException when a value is invalid
     */
    public Principal {
        Names.requireNonBlank("principal.username", username);
        Names.requireLabelValue("principal.username", username);
    }

    /**
     * A principal without tokens.
     *
     * @param username the user name
     * @return the principal
     */
    public static Principal of(String username) {
        return new Principal(username, null, null);
    }

    /**
     * A principal with an access token.
     *
     * @param username    the user name
     * @param accessToken the access token
     * @return the principal
     */
    public static Principal of(String username, String accessToken) {
        return new Principal(username, accessToken, null);
    }

    /** @return the user name with tokens masked, never the tokens themselves */
    @Override
    public String toString() {
        return "Principal[username=" + username + ", accessToken=" + mask(accessToken)
                + ", refreshToken=" + mask(refreshToken) + "]";
    }

    private static String mask(String token) {
        return token == null ? "null" : "****";
    }
}
