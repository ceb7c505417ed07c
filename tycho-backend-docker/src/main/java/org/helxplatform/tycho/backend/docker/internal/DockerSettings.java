package org.helxplatform.tycho.backend.docker.internal;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * The Docker backend's settings, read by name from a {@link BackendConfiguration} and checked: an unusable value
 * fails here, naming the setting, the value and the fix.
 *
 * @param dockerHost      {@value #DOCKER_HOST}: the engine, {@code unix:///var/run/docker.sock} by default
 * @param tlsVerify       {@value #DOCKER_TLS_VERIFY}: whether to talk TLS to a {@code tcp://} engine
 * @param certPath        {@value #DOCKER_CERT_PATH}: the directory of {@code ca.pem}, {@code cert.pem},
 *                        {@code key.pem}, or {@code null}
 * @param bindAddress     {@value #BIND_ADDRESS}: the host address services are published on, {@code 127.0.0.1}
 * @param endpointAddress the address reported for published services: the bind address, or for a wildcard bind
 *                        address the host of a {@code tcp://} engine, else {@code 127.0.0.1}
 * @param volumeRoot      {@value #VOLUME_ROOT}: the directory holding one directory per claim
 * @param hostPorts       {@value #HOST_PORTS}: the host ports to publish services on, or {@code null} to let the
 *                        engine choose free ephemeral ports
 * @param pullTimeout     {@value #PULL_TIMEOUT}: how long pulling one image may take
 * @param crashRestarts   {@value #CRASH_RESTARTS}: restarts after which a container that is not ready is in a
 *                        crash loop, and its system {@code FAILED}
 */
public record DockerSettings(URI dockerHost, boolean tlsVerify, String certPath, String bindAddress,
                             String endpointAddress, Path volumeRoot, PortRange hostPorts, Duration pullTimeout,
                             int crashRestarts) {

    /** The engine to talk to, as for the {@code docker} command. */
    public static final String DOCKER_HOST = "DOCKER_HOST";
    /** {@code 1} or {@code true}: verify a {@code tcp://} engine with the certificates of {@link #DOCKER_CERT_PATH}. */
    public static final String DOCKER_TLS_VERIFY = "DOCKER_TLS_VERIFY";
    /** The directory of the TLS certificates. */
    public static final String DOCKER_CERT_PATH = "DOCKER_CERT_PATH";
    /** The host address published services listen on. */
    public static final String BIND_ADDRESS = "TYCHO_DOCKER_BIND_ADDRESS";
    /** The directory under which claims ({@code pvc://claim/subpath}) are directories. */
    public static final String VOLUME_ROOT = "TYCHO_DOCKER_VOLUME_ROOT";
    /** A range of host ports ({@code 30000-30999}) to publish services on instead of ephemeral ports. */
    public static final String HOST_PORTS = "TYCHO_DOCKER_HOST_PORTS";
    /** Seconds one image pull may take. */
    public static final String PULL_TIMEOUT = "TYCHO_DOCKER_PULL_TIMEOUT";
    /** Restarts after which a container that is not ready is in a crash loop. */
    public static final String CRASH_RESTARTS = "TYCHO_DOCKER_CRASH_RESTARTS";

    /** The engine of a default installation. */
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    /** Published services are reachable from this machine only, unless told otherwise. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The default pull timeout, in seconds. */
    public static final int DEFAULT_PULL_TIMEOUT_SECONDS = 600;
    /** The default number of restarts that make a crash loop. */
    public static final int DEFAULT_CRASH_RESTARTS = 3;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");

    /**
     * Requires every part but the optional ones.
     *
     * @param dockerHost      the engine
     * @param tlsVerify       whether to talk TLS
     * @param certPath        the certificates' directory, or {@code null}
     * @param bindAddress     the host address services are published on
     * @param endpointAddress the address reported for published services
     * @param volumeRoot      the directory of claims
     * @param hostPorts       the host ports to publish on, or {@code null}
     * @param pullTimeout     how long one pull may take
     * @param crashRestarts   restarts that make a crash loop, 1 or more
     */
    public DockerSettings {
        Objects.requireNonNull(dockerHost, "dockerHost");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(endpointAddress, "endpointAddress");
        Objects.requireNonNull(volumeRoot, "volumeRoot");
        Objects.requireNonNull(pullTimeout, "pullTimeout");
        if (crashRestarts < 1) {
            throw new IllegalArgumentException("crashRestarts must be 1 or more: " + crashRestarts);
        }
    }

    /**
     * A range of host ports, both ends included.
     *
     * @param first the first port
     * @param last  the last port, not below {@code first}
     */
    public record PortRange(int first, int last) {
        /**
         * Checks the ends.
         *
         * @param first the first port, 1 or more
         * @param last  the last port, at most 65535, not below {@code first}
         */
        public PortRange {
            if (first < 1 || last > 65535 || first > last) {
                throw new IllegalArgumentException("not a port range: " + first + "-" + last);
            }
        }

        /** @return {@code first-last} */
        @Override
        public String toString() {
            return first + "-" + last;
        }
    }

    /**
     * Reads the settings of a configuration.
     *
     * @param configuration the backend configuration
     * @param userHome      the user's home directory, under which claims go by default
     *                      ({@code <home>/.tycho/volumes})
     * @return the settings
     * @throws InvalidValueException naming the setting, its value and the fix, when one is unusable
     */
    public static DockerSettings from(BackendConfiguration configuration, Path userHome) {
        URI host = dockerHost(configuration.setting(DOCKER_HOST).orElse(DEFAULT_DOCKER_HOST));
        boolean tls = tlsVerify(configuration.setting(DOCKER_TLS_VERIFY).orElse("0"));
        String certPath = configuration.setting(DOCKER_CERT_PATH).orElse(null);
        if (tls && certPath == null) {
            throw new InvalidValueException(DOCKER_CERT_PATH, null, "is unset but " + DOCKER_TLS_VERIFY + "=1: set it"
                    + " to the directory holding ca.pem, cert.pem and key.pem");
        }
        if (tls && !"tcp".equals(host.getScheme())) {
            throw new InvalidValueException(DOCKER_HOST, host, "is not a tcp:// engine, which " + DOCKER_TLS_VERIFY
                    + "=1 needs; unset " + DOCKER_TLS_VERIFY + " for a local socket");
        }
        String bind = bindAddress(configuration.setting(BIND_ADDRESS).orElse(DEFAULT_BIND_ADDRESS).trim());
        boolean wildcard = bind.equals("0.0.0.0") || bind.replace("0", "").equals("::");
        String endpoint = !wildcard ? bind
                : "tcp".equals(host.getScheme()) && host.getHost() != null ? host.getHost() : DEFAULT_BIND_ADDRESS;
        Path root = volumeRoot(configuration.setting(VOLUME_ROOT).orElse(null), userHome);
        PortRange ports = configuration.setting(HOST_PORTS).map(DockerSettings::portRange).orElse(null);
        Duration pull = pullTimeout(configuration.setting(PULL_TIMEOUT)
                .orElse(String.valueOf(DEFAULT_PULL_TIMEOUT_SECONDS)));
        String restarts = configuration.setting(CRASH_RESTARTS).orElse(String.valueOf(DEFAULT_CRASH_RESTARTS)).trim();
        if (!restarts.matches("\\d{1,4}") || Integer.parseInt(restarts) < 1) {
            throw new InvalidValueException(CRASH_RESTARTS, restarts, "must be a whole number of"
                    + " restarts, 1 or more, such as " + DEFAULT_CRASH_RESTARTS);
        }
        return new DockerSettings(host, tls, certPath, bind, endpoint, root, ports, pull, Integer.parseInt(restarts));
    }

    private static URI dockerHost(String value) {
        try {
            URI uri = URI.create(value.trim());
            if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()
                    || "tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0
                    || "npipe".equals(uri.getScheme())) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new InvalidValueException(DOCKER_HOST, value, "is not a Docker engine address: use"
                + " unix:///path/to/docker.sock or tcp://host:port (default " + DEFAULT_DOCKER_HOST + ")");
    }

    private static boolean tlsVerify(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false", "" -> false;
            default -> throw new InvalidValueException(DOCKER_TLS_VERIFY, value, "must be 1 or 0"
                    + " (true or false)");
        };
    }

    private static String bindAddress(String value) {
        Matcher v4 = IPV4.matcher(value);
        if (v4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(v4.group(group)) > 255) {
                    throw invalidBindAddress(value);
                }
            }
            return value;
        }
        if (IPV6.matcher(value).matches()) {
            try {
                // A literal: no name lookup happens for it.
                java.net.InetAddress.getByName(value);
                return value;
            } catch (java.net.UnknownHostException e) {
                throw invalidBindAddress(value);
            }
        }
        throw invalidBindAddress(value);
    }

    private static InvalidValueException invalidBindAddress(String value) {
        return new InvalidValueException(BIND_ADDRESS, value, "is not an IP address: use an"
                + " address of this machine such as 127.0.0.1 (the default), 0.0.0.0 for every interface, or ::1");
    }

    private static Path volumeRoot(String value, Path userHome) {
        Path root;
        try {
            root = value == null ? userHome.resolve(".tycho").resolve("volumes") : Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw new InvalidValueException(VOLUME_ROOT, value, "is not a path: " + e.getMessage());
        }
        if (!root.isAbsolute()) {
            throw new InvalidValueException(VOLUME_ROOT, value, "must be an absolute path (the"
                    + " engine mounts it by its path), such as /srv/tycho/volumes");
        }
        return root.normalize();
    }

    private static PortRange portRange(String value) {
        Matcher matcher = RANGE.matcher(value.trim());
        if (matcher.matches()) {
            int first = Integer.parseInt(matcher.group(1));
            int last = Integer.parseInt(matcher.group(2));
            if (first >= 1 && last <= 65535 && first <= last) {
                return new PortRange(first, last);
            }
        }
        throw new InvalidValueException(HOST_PORTS, value, "is not a port range: use FIRST-LAST"
                + " such as 30000-30999 (1-65535, FIRST not above LAST), or leave it unset for ports the engine"
                + " chooses");
    }

    private static Duration pullTimeout(String value) {
        if (value.trim().matches("\\d{1,6}") && Integer.parseInt(value.trim()) > 0) {
            return Duration.ofSeconds(Integer.parseInt(value.trim()));
        }
        throw new InvalidValueException(PULL_TIMEOUT, value, "must be a positive number of"
                + " seconds, such as " + DEFAULT_PULL_TIMEOUT_SECONDS);
    }
}
