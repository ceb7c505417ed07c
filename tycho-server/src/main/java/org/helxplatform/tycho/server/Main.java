package org.helxplatform.tycho.server;

import java.io.PrintStream;
import java.util.Map;
import org.helxplatform.tycho.model.TychoException;

/**
 * The {@code tycho-server} program: {@code java -jar tycho-server-<version>.jar}. It reads its settings from the
 * environment ({@link ServerSettings}), starts a {@link TychoServer}, prints where it listens (and the administrator
 * token it generated when no credentials are configured), and stops gracefully on SIGTERM or Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the server until the JVM is asked to stop.
     *
     * @param args none are read; the server is configured by environment variables
     */
    public static void main(String[] args) {
        TychoServer server;
        try {
            server = start(System.getenv(), System.out);
        } catch (TychoException e) {
            System.err.println("tycho-server: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tycho-server-shutdown"));
    }

    /**
     * Starts a server and tells the person who started it where it is and how to call it.
     *
     * @param environment the environment variables
     * @param out         where to print
     * @return the running server
     * @throws TychoException when the settings do not work
     */
    public static TychoServer start(Map<String, String> environment, PrintStream out) {
        ServerSettings settings = ServerSettings.fromEnvironment(environment);
        TychoServer server = TychoServer.start(settings);
        String apps = server.url().resolve("v1/apps").toString();
        out.println("Tycho server listening on " + server.url() + " (product " + settings.product() + ", "
                + server.backendDescription() + ")");
        server.generatedAdminToken().ifPresentOrElse(token -> {
            out.println("Administrator token, generated for this run (set TYCHO_SERVER_ADMIN_TOKEN or"
                    + " TYCHO_SERVER_TOKENS_FILE to choose tokens): " + token);
            out.println("Try: curl -H \"Authorization: Bearer " + token + "\" " + apps);
        }, () -> out.println("Try: curl -H \"Authorization: Bearer $TOKEN\" " + apps));
        out.flush();
        return server;
    }
}
