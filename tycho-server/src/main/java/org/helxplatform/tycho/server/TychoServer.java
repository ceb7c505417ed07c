package org.helxplatform.tycho.server;

import io.javalin.Javalin;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.helxplatform.tycho.model.TychoException;
import org.helxplatform.tycho.server.internal.Authenticator;
import org.helxplatform.tycho.server.internal.Caller;
import org.helxplatform.tycho.server.internal.ContextHolder;
import org.helxplatform.tycho.server.internal.EventStream;
import org.helxplatform.tycho.server.internal.HttpApp;
import org.helxplatform.tycho.server.internal.JwtVerifier;
import org.helxplatform.tycho.server.internal.OpsApi;
import org.helxplatform.tycho.server.internal.PythonApi;
import org.helxplatform.tycho.server.internal.ServerMetrics;
import org.helxplatform.tycho.server.internal.StaticTokens;
import org.helxplatform.tycho.server.internal.V1Api;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tycho as an HTTP service around one {@link org.helxplatform.tycho.context.TychoContext}: Python Tycho's
 * {@code /system/start|status|delete|modify}, the {@code /v1} API with launch events, {@code /healthz}, {@code /readyz},
 * {@code /metrics}, {@code /openapi.json} and {@code /apidocs}. Every endpoint but the health checks needs a bearer
 * token. Start one with its settings, stop it with {@link #close()}:
 * <pre>{@code
 * try (TychoServer server = TychoServer.start(ServerSettings.fromEnvironment(System.getenv()))) {
 *     System.out.println("listening on " + server.url());
 *     ...
 * }
 * }</pre>
 * {@link Main} does the same as a program. Thread-safe.
 */
public final class TychoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TychoServer.class);
    /** The user name of the administrator token of {@code TYCHO_SERVER_ADMIN_TOKEN}, or of a generated one. */
    public static final String ADMIN_USER = "admin";

    private final Javalin http;
    private final ContextHolder contexts;
    private final OpsApi ops;
    private final EventStream streams;
    private final ServerMetrics metrics;
    private final String generatedToken;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TychoServer(Javalin http, ContextHolder contexts, OpsApi ops, EventStream streams,
                        ServerMetrics metrics, String generatedToken, String host) {
        this.http = http;
        this.contexts = contexts;
        this.ops = ops;
        this.streams = streams;
        this.metrics = metrics;
        this.generatedToken = generatedToken;
        this.host = host;
    }

    /**
     * Builds the context (the registry is loaded, the backend created), then starts listening.
     *
     * @param settings the settings
     * @return the running server
     * @throws TychoException when the settings do not work: an invalid tokens file, an undefined product, an unknown
     *                        backend, a port in use...
     */
    public static TychoServer start(ServerSettings settings) {
        String generated = settings.hasConfiguredCredentials() ? null
                : HexFormat.of().formatHex(random());
        StaticTokens tokens = StaticTokens.none();
        if (settings.tokensFile().isPresent()) {
            tokens = tokens.and(StaticTokens.read(settings.tokensFile().get()));
        }
        Optional<String> admin = settings.adminToken().or(() -> Optional.ofNullable(generated));
        if (admin.isPresent()) {
            tokens = tokens.and(StaticTokens.of(admin.get(), new Caller(ADMIN_USER, true, "token")));
        }
        JwtVerifier jwt = settings.jwksUrl().isPresent() ? new JwtVerifier(settings) : null;
        Authenticator authenticator = new Authenticator(tokens, jwt);

        ContextHolder contexts = ContextHolder.open(settings);
        ServerMetrics metrics = new ServerMetrics();
        OpsApi ops = new OpsApi(contexts, metrics);
        EventStream streams = new EventStream();
        try {
            Javalin http = HttpApp.create(settings, authenticator,
                    new PythonApi(contexts, metrics, settings.maxBodyBytes()),
                    new V1Api(contexts, metrics, settings.maxBodyBytes(), streams), ops, metrics);
            http.start();
            String host = settings.bindAddress().equals("0.0.0.0") || settings.bindAddress().equals("::")
                    ? "127.0.0.1" : settings.bindAddress();
            TychoServer server = new TychoServer(http, contexts, ops, streams, metrics, generated, host);
            LOG.info("Tycho server listening on {}:{}, product {}, {}", settings.bindAddress(), http.port(),
                    settings.product(), contexts.description());
            return server;
        } catch (RuntimeException e) {
            streams.close();
            ops.close();
            metrics.close();
            contexts.close();
            throw new TychoException("cannot start the Tycho server on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** @return the port the server listens on */
    public int port() {
        return http.port();
    }

    /** @return the server's base URL, e.g. {@code http://127.0.0.1:8080/} (a loopback address when bound to all) */
    public URI url() {
        String address = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + address + ":" + port() + "/");
    }

    /**
     * @return the administrator token generated because no credentials were configured; empty when tokens or a JWKS
     *         URL are configured. A secret: print it for the person who started the server, never log it.
     */
    public Optional<String> generatedAdminToken() {
        return Optional.ofNullable(generatedToken);
    }

    /** @return the backend and where it runs, for people */
    public String backendDescription() {
        return contexts.description();
    }

    /**
     * Stops the server: no new connection is accepted, requests in flight get up to
     * {@code TYCHO_SERVER_STOP_TIMEOUT_SECONDS} to finish, then the context and its backend are closed (running
     * systems keep running). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            streams.close(); // event streams never end by themselves: end them, then wait for the other requests
            http.stop();
        } finally {
            ops.close();
            contexts.close();
            metrics.close();
            LOG.info("Tycho server stopped");
        }
    }
}
