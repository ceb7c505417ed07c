package org.helxplatform.tycho.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the caller of a request from its {@code Authorization} header: {@code Bearer <token>}, where the token is a
 * static token or (when a JWKS URL is configured) a JWT; or {@code Basic}, whose password is such a token (what
 * Python's {@code requests} sends from a {@code ~/.netrc} entry, and what a browser sends after asking), the user
 * part being ignored. Tokens are never logged nor put in an error message. Thread-safe.
 */
public final class Authenticator {

    private final StaticTokens tokens;
    private final JwtVerifier jwt;

    /**
     * @param tokens the static tokens
     * @param jwt    the JWT checker, or {@code null} when JWTs are not accepted
     */
    public Authenticator(StaticTokens tokens, JwtVerifier jwt) {
        this.tokens = tokens;
        this.jwt = jwt;
    }

    /**
     * @param authorization the {@code Authorization} header, or {@code null}
     * @return the caller
     * @throws ApiError 401 when there is no usable header or the token is not valid, 403 when a JWT names no valid
     *                  user
     */
    public Caller authenticate(String authorization) {
        String token = token(authorization);
        Optional<Caller> caller = tokens.lookup(token);
        if (caller.isPresent()) {
            return caller.get();
        }
        if (jwt != null && JwtVerifier.looksLikeJwt(token)) {
            return jwt.verify(token);
        }
        throw ApiError.transport(401, "unauthorized", "the bearer token is not valid for this server");
    }

    private static String token(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiError.transport(401, "unauthorized", "this endpoint needs a token: send the header"
                    + " 'Authorization: Bearer <token>'");
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String credentials = space < 0 ? "" : header.substring(space + 1).strip();
        switch (scheme.toLowerCase(Locale.ROOT)) {
            case "bearer" -> {
                if (credentials.isEmpty()) {
                    break;
                }
                return credentials;
            }
            case "basic" -> {
                String decoded;
                try {
                    decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    break;
                }
                int colon = decoded.indexOf(':');
                if (colon >= 0 && colon < decoded.length() - 1) {
                    return decoded.substring(colon + 1);
                }
            }
            default -> {
                // reported below
            }
        }
        throw ApiError.transport(401, "unauthorized", "the Authorization header must be 'Bearer <token>' (or Basic"
                + " with the token as password)");
    }
}
