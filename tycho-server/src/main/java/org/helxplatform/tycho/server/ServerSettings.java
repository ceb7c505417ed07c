package org.helxplatform.tycho.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * The configuration of a {@link TychoServer}, read from environment variables (a map: {@code System.getenv()} in
 * production, a literal map in tests). The server's own settings are named {@code TYCHO_SERVER_*}; every other
 * entry is handed to the library as a Tycho setting ({@code NAMESPACE}, {@code STDNFS_PVC}, ..., see the main
 * README). Every value is checked when the settings are read, and a bad one fails naming the variable, the value and
 * the fix. Nothing is set: the defaults start a server on {@code 127.0.0.1:8080} with the built-in registry, product
 * {@code common}, the {@code kubernetes} backend on an embedded API server, and a generated administrator token.
 * Instances are immutable; their {@link #toString()} shows no token.
 */
public final class ServerSettings {

    /** The TCP port to listen on; {@code 0} takes any free port. Default {@value #DEFAULT_PORT}. */
    public static final String PORT = "TYCHO_SERVER_PORT";
    /** The address to listen on, such as {@code 0.0.0.0} in a container. Default {@code 127.0.0.1}. */
    public static final String BIND_ADDRESS = "TYCHO_SERVER_BIND_ADDRESS";
    /** The app registry: an {@code http(s):}, {@code file:} or {@code classpath:} URL, or a directory. */
    public static final String REGISTRY = "TYCHO_SERVER_REGISTRY";
    /** The product (registry context) whose apps the server offers. Default {@code common}. */
    public static final String PRODUCT = "TYCHO_SERVER_PRODUCT";
    /** The backend systems run on: {@code kubernetes} (default), {@code memory}, or another provider's name. */
    public static final String BACKEND = "TYCHO_SERVER_BACKEND";
    /**
     * Which Kubernetes API server the {@code kubernetes} backend uses: {@code auto} (default: the cluster the server
     * runs in, or the one {@code KUBECONFIG} names, else an embedded API server), {@code embedded}, or
     * {@code cluster} (fabric8's discovery: in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}).
     */
    public static final String KUBERNETES = "TYCHO_SERVER_KUBERNETES";
    /** A YAML or JSON file of static bearer tokens: SHA-256 hashes, each mapped to a user or an administrator. */
    public static final String TOKENS_FILE = "TYCHO_SERVER_TOKENS_FILE";
    /** An administrator's bearer token (at least {@value #MIN_TOKEN_LENGTH} characters), user {@code admin}. */
    public static final String ADMIN_TOKEN = "TYCHO_SERVER_ADMIN_TOKEN";
    /** The URL of a JSON Web Key Set: bearer tokens may then be JWTs signed by one of its keys. */
    public static final String JWKS_URL = "TYCHO_SERVER_JWKS_URL";
    /** The JWT claim naming the user. Default {@code preferred_username}. */
    public static final String JWT_USER_CLAIM = "TYCHO_SERVER_JWT_USER_CLAIM";
    /** The issuer ({@code iss}) a JWT must have; unset: any. */
    public static final String JWT_ISSUER = "TYCHO_SERVER_JWT_ISSUER";
    /** An audience ({@code aud}) a JWT must have; unset: any. */
    public static final String JWT_AUDIENCE = "TYCHO_SERVER_JWT_AUDIENCE";
    /** The JWT claim listing the user's groups. Default {@code groups}. */
    public static final String JWT_GROUPS_CLAIM = "TYCHO_SERVER_JWT_GROUPS_CLAIM";
    /** The group whose members are administrators; unset: no JWT makes an administrator. */
    public static final String JWT_ADMIN_GROUP = "TYCHO_SERVER_JWT_ADMIN_GROUP";
    /** The largest request body accepted, in bytes; larger ones are answered 413. Default 1 MiB. */
    public static final String MAX_BODY_BYTES = "TYCHO_SERVER_MAX_BODY_BYTES";
    /** Origins allowed to call the API from a browser, comma-separated; unset: CORS off. {@code *} is refused. */
    public static final String CORS_ORIGINS = "TYCHO_SERVER_CORS_ORIGINS";
    /** How long a stop waits for requests in flight, in seconds. Default {@value #DEFAULT_STOP_TIMEOUT_SECONDS}. */
    public static final String STOP_TIMEOUT_SECONDS = "TYCHO_SERVER_STOP_TIMEOUT_SECONDS";

    /** The default port. */
    public static final int DEFAULT_PORT = 8080;
    /** The default body limit, 1 MiB: a compose spec is a few kilobytes. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The default stop timeout. */
    public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 20;
    /** The shortest static token accepted in {@link #ADMIN_TOKEN}. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** How the {@code kubernetes} backend finds its API server. */
    public enum KubernetesMode {
        /** The cluster the server runs in, or {@code KUBECONFIG}'s; else an embedded API server. */
        AUTO,
        /** An embedded API server that stores objects but runs no pods. */
        EMBEDDED,
        /** fabric8's discovery; fails when there is no cluster. */
        CLUSTER
    }

    private final int port;
    private final String bindAddress;
    private final RegistrySource registry;
    private final String registryText;
    private final String product;
    private final String backend;
    private final KubernetesMode kubernetes;
    private final Path tokensFile;
    private final String adminToken;
    private final URI jwksUrl;
    private final String jwtUserClaim;
    private final String jwtIssuer;
    private final String jwtAudience;
    private final String jwtGroupsClaim;
    private final String jwtAdminGroup;
    private final long maxBodyBytes;
    private final List<String> corsOrigins;
    private final int stopTimeoutSeconds;
    private final Map<String, String> environment;
    private final TychoSettings tychoSettings;

    private ServerSettings(Map<String, String> env) {
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        this.port = integer(PORT, DEFAULT_PORT, 0, 65535);
        this.bindAddress = text(BIND_ADDRESS).orElse("127.0.0.1");
        this.registryText = text(REGISTRY).orElse(null);
        this.registry = registryText == null ? RegistrySource.builtIn() : registry(registryText);
        this.product = text(PRODUCT).orElse("common");
        this.backend = text(BACKEND).orElse("kubernetes");
        this.kubernetes = kubernetesMode();
        this.tokensFile = text(TOKENS_FILE).map(Path::of).orElse(null);
        if (tokensFile != null && !Files.isRegularFile(tokensFile)) {
            throw new InvalidValueException(TOKENS_FILE, tokensFile, "is not a file; name the YAML file of token"
                    + " hashes (see tycho-server/README.md), or unset it");
        }
        this.adminToken = text(ADMIN_TOKEN).orElse(null);
        if (adminToken != null && (adminToken.length() < MIN_TOKEN_LENGTH || adminToken.chars().anyMatch(
                c -> c <= ' ' || c > '~'))) {
            // never show the value: it is a secret, even a bad one
            throw new InvalidValueException(ADMIN_TOKEN, "****", "must be at least " + MIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces; generate one with: openssl rand -hex 32");
        }
        this.jwksUrl = text(JWKS_URL).map(value -> url(JWKS_URL, value)).orElse(null);
        this.jwtUserClaim = text(JWT_USER_CLAIM).orElse("preferred_username");
        this.jwtIssuer = text(JWT_ISSUER).orElse(null);
        this.jwtAudience = text(JWT_AUDIENCE).orElse(null);
        this.jwtGroupsClaim = text(JWT_GROUPS_CLAIM).orElse("groups");
        this.jwtAdminGroup = text(JWT_ADMIN_GROUP).orElse(null);
        this.maxBodyBytes = integer(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 1, Integer.MAX_VALUE - 1);
        this.corsOrigins = readCorsOrigins();
        this.stopTimeoutSeconds = integer(STOP_TIMEOUT_SECONDS, DEFAULT_STOP_TIMEOUT_SECONDS, 0, 3600);
        this.tychoSettings = TychoSettings.of(environment);
    }

    /**
     * Reads the settings.
     *
     * @param environment the environment variables, e.g. {@code System.getenv()}
     * @return the settings
     * @throws InvalidValueException naming the variable, its value (never a token's) and the fix
     * @throws org.helxplatform.tycho.model.TychoException when a Tycho setting of the library is invalid
     */
    public static ServerSettings fromEnvironment(Map<String, String> environment) {
        return new ServerSettings(environment);
    }

    /** @return the port; {@code 0} for any free port */
    public int port() {
        return port;
    }

    /** @return the address to listen on */
    public String bindAddress() {
        return bindAddress;
    }

    /** @return where the app registry is loaded from */
    public RegistrySource registry() {
        return registry;
    }

    /** @return the product whose apps are offered */
    public String product() {
        return product;
    }

    /** @return the backend name */
    public String backend() {
        return backend;
    }

    /** @return how the {@code kubernetes} backend finds its API server */
    public KubernetesMode kubernetes() {
        return kubernetes;
    }

    /** @return the static tokens file, if one is configured */
    public Optional<Path> tokensFile() {
        return Optional.ofNullable(tokensFile);
    }

    /** @return the administrator token of {@link #ADMIN_TOKEN}, if set; a secret: never log it */
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    /** @return the JWKS URL, if JWTs are accepted */
    public Optional<URI> jwksUrl() {
        return Optional.ofNullable(jwksUrl);
    }

    /** @return the JWT claim naming the user */
    public String jwtUserClaim() {
        return jwtUserClaim;
    }

    /** @return the issuer JWTs must have, if any */
    public Optional<String> jwtIssuer() {
        return Optional.ofNullable(jwtIssuer);
    }

    /** @return an audience JWTs must have, if any */
    public Optional<String> jwtAudience() {
        return Optional.ofNullable(jwtAudience);
    }

    /** @return the JWT claim listing groups */
    public String jwtGroupsClaim() {
        return jwtGroupsClaim;
    }

    /** @return the group of administrators in JWTs, if any */
    public Optional<String> jwtAdminGroup() {
        return Optional.ofNullable(jwtAdminGroup);
    }

    /** @return the largest request body accepted, in bytes */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** @return the origins allowed by CORS, in order; empty when CORS is off */
    public List<String> corsOrigins() {
        return corsOrigins;
    }

    /** @return how long a stop waits for requests in flight, in seconds */
    public int stopTimeoutSeconds() {
        return stopTimeoutSeconds;
    }

    /** @return the Tycho settings of the library, read from the same environment */
    public TychoSettings tychoSettings() {
        return tychoSettings;
    }

    /** @return the whole environment the settings were read from (backends read their own settings in it) */
    public Map<String, String> environment() {
        return environment;
    }

    /** @return whether any way to authenticate is configured; without one, the server makes an admin token */
    public boolean hasConfiguredCredentials() {
        return tokensFile != null || adminToken != null || jwksUrl != null;
    }

    /** @return the settings without secrets */
    @Override
    public String toString() {
        return "ServerSettings[" + bindAddress + ":" + port + ", registry=" + (registryText == null ? "built-in"
                : registryText) + ", product=" + product + ", backend=" + backend + ", kubernetes="
                + kubernetes.name().toLowerCase(Locale.ROOT) + ", tokensFile=" + tokensFile + ", adminToken="
                + (adminToken == null ? "unset" : "****") + ", jwks=" + jwksUrl + ", maxBodyBytes=" + maxBodyBytes
                + ", cors=" + corsOrigins + "]";
    }

    private Optional<String> text(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private long integer(String name, long defaultValue, long min, long max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.get());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidValueException(name, value.get(), "must be a whole number from " + min + " to " + max);
    }

    private int integer(String name, int defaultValue, int min, int max) {
        return (int) integer(name, (long) defaultValue, min, max);
    }

    private KubernetesMode kubernetesMode() {
        String value = text(KUBERNETES).orElse("auto");
        try {
            return KubernetesMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(KUBERNETES, value, "must be auto, embedded or cluster");
        }
    }

    private static RegistrySource registry(String value) {
        if (value.matches("(?i)(https?|file|classpath):.*")) {
            return RegistrySource.url(url(REGISTRY, value));
        }
        Path directory = Path.of(value);
        if (!Files.isDirectory(directory)) {
            throw new InvalidValueException(REGISTRY, value, "is neither an http(s), file: or classpath: URL nor a"
                    + " directory; name the directory or URL holding app-registry.yaml and app-defaults.yaml");
        }
        return RegistrySource.directory(directory);
    }

    private static URI url(String name, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null) {
                throw new InvalidValueException(name, value, "is not an absolute URL such as https://host/path");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new InvalidValueException(name, value, "is not a valid URL: " + e.getReason());
        }
    }

    private List<String> readCorsOrigins() {
        List<String> origins = new ArrayList<>();
        for (String origin : text(CORS_ORIGINS).orElse("").split(",")) {
            String trimmed = origin.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.contains("*")) {
                throw new InvalidValueException(CORS_ORIGINS, trimmed, "is a wildcard; list the origins allowed to"
                        + " call the API, such as https://apps.example.org");
            }
            if (!trimmed.matches("https?://[^/\\s]+")) {
                throw new InvalidValueException(CORS_ORIGINS, trimmed, "is not an origin: write scheme://host[:port]"
                        + " without a path, such as https://apps.example.org");
            }
            origins.add(trimmed);
        }
        return Collections.unmodifiableList(origins);
    }
}
