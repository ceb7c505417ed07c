package org.helxplatform.tycho.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.examples.ClusterConnection;
import org.helxplatform.tycho.model.TychoException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code tycho} command line, after Python Tycho's client: start a docker-compose spec ({@code up}), list
 * ({@code status}), change ({@code modify}) and stop ({@code down}) systems, print the Kubernetes objects of a spec
 * without applying them ({@code compile}), and list the apps of a registry ({@code apps}). Run
 * {@code tycho --help} or {@code tycho <command> --help} for the options.
 *
 * <p>It runs in-process too, which is how it is tested: give it the streams to write to, the environment, and how
 * to reach the cluster, e.g. one {@link EmbeddedKubernetes} shared by several commands:
 * <pre>{@code
 * TychoCli cli = TychoCli.sharing(kubernetes, out, err, Map.of());
 * int code = cli.execute("up", "-f", "docker-compose.yaml", "--user", "alice");
 * }</pre>
 * Each {@link #execute(String...)} parses its arguments afresh; an instance can run any number of commands, one at
 * a time.
 */
public final class TychoCli {

    /** Exit code of a command that succeeded. */
    public static final int OK = 0;
    /** Exit code of a command whose operation failed; its message is on the error stream. */
    public static final int FAILED = 1;
    /** Exit code of an invalid command line. */
    public static final int USAGE = 2;

    /** Opens the cluster a command talks to. */
    @FunctionalInterface
    public interface Clusters {
        /**
         * @param kubeconfig the {@code --kubeconfig} option, or {@code null}
         * @return the connection; the command closes it when done
         */
        ClusterConnection open(Path kubeconfig);
    }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> environment;
    private final Clusters clusters;

    /**
     * Creates a command line.
     *
     * @param out         where results go
     * @param err         where errors, warnings and notes go
     * @param environment the environment: Tycho settings (by their environment variable names) and {@code KUBECONFIG}
     * @param clusters    opens the cluster of the {@code --kubeconfig} option
     */
    public TychoCli(PrintStream out, PrintStream err, Map<String, String> environment, Clusters clusters) {
        this.out = new PrintWriter(Objects.requireNonNull(out, "out"), true, StandardCharsets.UTF_8);
        this.err = new PrintWriter(Objects.requireNonNull(err, "err"), true, StandardCharsets.UTF_8);
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.clusters = Objects.requireNonNull(clusters, "clusters");
    }

    /**
     * A command line whose commands all talk to one embedded API server, which outlives them: what a test needs to
     * run {@code up}, {@code status} and {@code down} one after the other. {@code --kubeconfig} is ignored.
     *
     * @param kubernetes  the server
     * @param out         where results go
     * @param err         where errors, warnings and notes go
     * @param environment the environment (Tycho settings)
     * @return the command line
     */
    public static TychoCli sharing(EmbeddedKubernetes kubernetes, PrintStream out, PrintStream err,
                                   Map<String, String> environment) {
        return new TychoCli(out, err, environment, kubeconfig -> ClusterConnection.shared(kubernetes));
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        int code = new TychoCli(System.out, System.err, environment,
                kubeconfig -> ClusterConnection.open(environment, kubeconfig)).execute(args);
        System.exit(code);
    }

    /**
     * Runs a command.
     *
     * @param args the command line, e.g. {@code status --user alice -o table}
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    public int execute(String... args) {
        CommandLine commandLine = new CommandLine(new TychoCommand(this))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(this::usageError)
                .setExecutionExceptionHandler(this::failure);
        return commandLine.execute(args);
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Map<String, String> environment() {
        return environment;
    }

    ClusterConnection openCluster(Path kubeconfig) {
        return clusters.open(kubeconfig);
    }

    /** An invalid command line: one line naming the problem and where to find the usage. */
    private int usageError(ParameterException e, String[] args) {
        CommandSpec command = e.getCommandLine().getCommandSpec();
        String message = oneLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched) {
            List<String> arguments = unmatched.getUnmatched();
            if (!unmatched.isUnknownOption() && !command.subcommands().isEmpty() && !arguments.isEmpty()) {
                message = "unknown command '" + arguments.get(0) + "'; the commands are "
                        + String.join(", ", command.subcommands().keySet());
            }
        }
        err.println("tycho: " + message + "; run '" + command.qualifiedName() + " --help' for usage");
        return USAGE;
    }

    /** A failed operation: its message, on one line. */
    private int failure(Exception e, CommandLine commandLine, ParseResult parseResult) {
        String message = e instanceof TychoException ? e.getMessage() : "unexpected error: " + e;
        err.println("tycho: " + oneLine(message));
        return FAILED;
    }

    /** Joins the lines of a message (a spec's schema violations are listed one per line). */
    static String oneLine(String message) {
        String[] lines = String.valueOf(message).strip().split("\\s*\\R\\s*");
        StringBuilder text = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            text.append(i == 1 && lines[0].endsWith(":") ? " " : "; ").append(lines[i]);
        }
        return text.toString();
    }
}
