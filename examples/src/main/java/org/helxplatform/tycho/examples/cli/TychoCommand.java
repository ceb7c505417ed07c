package org.helxplatform.tycho.examples.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.kubernetes.KubernetesBackendProvider;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.examples.ClusterConnection;
import org.helxplatform.tycho.examples.ExampleSettings;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.TychoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code tycho} command: the options every command shares, and what the commands do with them. */
@Command(name = "tycho",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        version = "tycho, the command line of Tycho for Java (examples module)",
        description = "Starts apps on Kubernetes from docker-compose specs and an app registry, like Python Tycho's"
                + " client, through the Tycho for Java library.",
        subcommands = {AppsCommand.class, CompileCommand.class, UpCommand.class, StatusCommand.class,
                ModifyCommand.class, DownCommand.class},
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the operation failed; the message on the error stream says why",
            "2:invalid command line"},
        footerHeading = "%nCluster:%n",
        footer = {
            "With --server URL, apps, up, status, modify and down are sent to a Tycho server (tycho-server), with the"
                    + " token of $TYCHO_TOKEN; compile always runs here.",
            "Otherwise up, status, modify and down use the cluster of --kubeconfig, else of $KUBECONFIG. Without"
                    + " either they use an embedded Kubernetes API server that lives only as long as the command: it stores"
                    + " objects but runs no pods, and a system started by one command is gone for the next."
                    + " The manifests backend (--backend manifests) keeps its systems in files between commands, and"
                    + " the docker backend (--backend docker) runs them for real on a Docker engine."})
final class TychoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--registry", paramLabel = "DIR|URL", scope = ScopeType.INHERIT,
            description = "The app registry: a directory or http(s) URL holding app-registry.yaml and"
                    + " app-defaults.yaml (default: the registry built into Tycho).")
    private String registry;

    @Option(names = "--product", paramLabel = "NAME", defaultValue = "common", scope = ScopeType.INHERIT,
            description = "The product (registry context) whose apps to offer (default: ${DEFAULT-VALUE}).")
    private String product;

    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The kubeconfig of the cluster to use (default: $KUBECONFIG; see Cluster below).")
    private Path kubeconfig;

    @Option(names = "--namespace", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "The namespace apps run in (default: the setting NAMESPACE, else the kubeconfig's,"
                    + " else default).")
    private String namespace;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = KubernetesBackendProvider.NAME,
            scope = ScopeType.INHERIT,
            description = "The backend that runs apps: kubernetes, docker (the Docker engine of $DOCKER_HOST, else"
                    + " the local socket), or another on the class path, such as manifests (writes YAML files to"
                    + " $TYCHO_MANIFESTS_DIR) (default: ${DEFAULT-VALUE}).")
    private String backend;

    @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "A Tycho server to send up, status, modify, down and apps to (its base URL, e.g."
                    + " http://127.0.0.1:8080), with the token of $TYCHO_TOKEN; the cluster options are then the"
                    + " server's business.")
    private URI server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "json", scope = ScopeType.INHERIT,
            description = "json (the {status, result, message} envelope of Python Tycho), yaml (the same as YAML)"
                    + " or table (default: ${DEFAULT-VALUE}).")
    private Output.Format output;

    private final TychoCli cli;

    TychoCommand(TychoCli cli) {
        this.cli = cli;
    }

    /** Without a command there is nothing to do. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * @return the Tycho server of {@code --server}, or {@code null} to run Tycho in this process
     * @throws TychoException when {@code --server} is given without {@code TYCHO_TOKEN}
     */
    RemoteTycho remote() {
        if (server == null) {
            return null;
        }
        String token = cli.environment().get(RemoteTycho.TOKEN);
        if (token == null || token.isBlank()) {
            throw new TychoException("--server " + server + " needs a token: set " + RemoteTycho.TOKEN + " to a token"
                    + " of that server (the one it printed at start, or one of its tokens file)");
        }
        return new RemoteTycho(server, token.strip());
    }

    /** @return the Tycho settings: the environment's, {@code DEV_PHASE=test} by default, and {@code --namespace} */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(ExampleSettings.from(cli.environment()));
        if (namespace != null) {
            settings.put("NAMESPACE", namespace);
        }
        return settings;
    }

    /** @return the product of {@code --product} */
    String product() {
        return product;
    }

    /** @return the registry of {@code --registry}: built in, a directory or a URL */
    RegistrySource registry() {
        if (registry == null) {
            return RegistrySource.builtIn();
        }
        if (registry.matches("(?i)(https?|file|classpath):.*")) {
            try {
                return RegistrySource.url(URI.create(registry));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("--registry", registry, "is not a valid URL: " + e.getMessage());
            }
        }
        Path directory = Path.of(registry);
        if (!Files.isDirectory(directory)) {
            throw new InvalidValueException("--registry", registry, "is not a directory; name a directory holding"
                    + " app-registry.yaml, or an http(s) URL");
        }
        return RegistrySource.directory(directory);
    }

    /**
     * Runs an operation on the backend of {@code --backend}: for {@code kubernetes}, on the cluster of
     * {@code --kubeconfig} (noting on the error stream when that is an embedded API server).
     *
     * @param operation what to do
     * @param <T>       its result
     * @return the result
     */
    <T> T withBackend(Function<Backend, T> operation) {
        BackendConfiguration configuration = BackendConfiguration.builder().settings(settings()).build();
        if (!backend.equals(KubernetesBackendProvider.NAME)) {
            try (Backend chosen = Backends.create(backend, configuration)) {
                return operation.apply(chosen);
            }
        }
        try (ClusterConnection cluster = cli.openCluster(kubeconfig)) {
            if (cluster.isEmbedded()) {
                note(ClusterConnection.EMBEDDED_NOTICE);
            }
            try (Backend kubernetes = Backends.create(backend,
                    cluster.backendConfiguration().toBuilder().settings(configuration.settings()).build())) {
                return operation.apply(kubernetes);
            }
        }
    }

    /**
     * Prints a result in the format of {@code -o}.
     *
     * @param response the result in its JSON envelope
     * @param table    the result as a table
     */
    void print(TychoResponse response, Table table) {
        Output.print(cli.out(), output, response, table);
    }

    /** @return the format of {@code -o} */
    Output.Format output() {
        return output;
    }

    /** @return where results go */
    PrintWriter out() {
        return cli.out();
    }

    /** @param text a note for the user, on the error stream so that results stay parseable */
    void note(String text) {
        cli.err().println("tycho: note: " + text);
    }

    /** @param text a progress line, on the error stream so that results stay parseable */
    void progress(String text) {
        cli.err().println("tycho: " + text);
        cli.err().flush();
    }

    /** @param text a warning, on the error stream */
    void warn(String text) {
        cli.err().println("tycho: warning: " + text);
    }

    /** Compiles the spec with these settings, printing its warnings. */
    CompiledSystem compile(SpecOptions spec) {
        CompiledSystem compiled = spec.compile(settings());
        compiled.warnings().forEach(warning -> warn(warning.toString()));
        return compiled;
    }
}
