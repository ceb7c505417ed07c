package org.helxplatform.tycho.server.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.server.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks JWTs (OIDC access or ID tokens) against the keys of a JSON Web Key Set URL: the signature (RSA, RSA-PSS
 * or EC), the expiry, and, when configured, the issuer and audience; the configured claim names the user, and a
 * configured group in the groups claim makes an administrator. The key set is fetched on first use, cached, and
 * fetched again for an unknown key id (key rotation). Thread-safe.
 */
public final class JwtVerifier {

    /** Three base64url parts: header, claims, signature. */
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String userClaim;
    private final String groupsClaim;
    private final String adminGroup;

    /**
     * @param settings the JWKS URL, claims, issuer, audience and administrator group
     */
    public JwtVerifier(ServerSettings settings) {
        URI url = settings.jwksUrl().orElseThrow();
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(url.toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new InvalidValueException(ServerSettings.JWKS_URL, url, "is not a URL the server can fetch: "
                    + e.getMessage());
        }
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        algorithms.addAll(JWSAlgorithm.Family.RSA);
        algorithms.addAll(JWSAlgorithm.Family.EC);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        this.userClaim = settings.jwtUserClaim();
        this.groupsClaim = settings.jwtGroupsClaim();
        this.adminGroup = settings.jwtAdminGroup().orElse(null);
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        settings.jwtIssuer().ifPresent(exact::issuer);
        Set<String> audience = settings.jwtAudience().map(Set::of).orElse(null);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<SecurityContext>(audience, exact.build(),
                new HashSet<>(List.of("exp", userClaim)), null));
    }

    /**
     * @param token a bearer token
     * @return whether it has the shape of a JWT (three base64url parts)
     */
    public static boolean looksLikeJwt(String token) {
        return JWT_SHAPE.matcher(token).matches();
    }

    /**
     * Checks a token.
     *
     * @param token the JWT
     * @return the caller it names
     * @throws ApiError 401 when the token is not valid (saying why, never showing it), 403 when its user claim is
     *                  not a valid Tycho user name
     */
    public Caller verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException e) {
            throw ApiError.transport(401, "unauthorized", "the bearer token is not a valid JWT for this server: "
                    + e.getMessage());
        } catch (JOSEException e) {
            LOG.warn("cannot check a JWT: {}", e.getMessage());
            throw ApiError.transport(401, "unauthorized", "the bearer token cannot be checked now (the key set at "
                    + "TYCHO_SERVER_JWKS_URL is unavailable); try again later");
        }
        Object user = claims.getClaim(userClaim);
        if (!(user instanceof String name) || !Names.isLabelValue(name)
                || name.isEmpty()) {
            throw ApiError.transport(403, "forbidden", "the JWT's " + userClaim + " claim is not a valid Tycho user"
                    + " name (at most 63 letters, digits, '-', '_' and '.'); set TYCHO_SERVER_JWT_USER_CLAIM to a claim"
                    + " that holds one");
        }
        return new Caller(name, isAdmin(claims), "jwt");
    }

    private boolean isAdmin(JWTClaimsSet claims) {
        if (adminGroup == null) {
            return false;
        }
        Object groups = claims.getClaim(groupsClaim);
        if (groups instanceof String single) {
            return single.equals(adminGroup);
        }
        return groups instanceof List<?> list && list.contains(adminGroup);
    }
}
