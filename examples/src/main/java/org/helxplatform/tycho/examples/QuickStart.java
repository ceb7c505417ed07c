package org.helxplatform.tycho.examples;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import org.helxplatform.tycho.backend.docker.DockerBackendProvider;
import org.helxplatform.tycho.backend.kubernetes.KubernetesBackendProvider;
import org.helxplatform.tycho.backend.kubernetes.internal.KubernetesBackend;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoException;

/**
 * The quick start: the whole life of an app through {@link TychoContext}, the facade a host program uses. It
 * starts {@value #APP} from the built-in registry for the user {@value #USER}, shows the Kubernetes objects that
 * were created, the status, changes CPU, memory and a label, and deletes the system again.
 *
 * <p>Run it with {@code mvn -B -q -pl examples exec:java}. Without {@code KUBECONFIG} it runs against an embedded
 * API server ({@link ClusterConnection}), where no pod actually runs; with {@code KUBECONFIG} it runs on that
 * cluster (in the namespace of the setting {@code NAMESPACE}, else the kubeconfig's). Settings come from the
 * environment ({@link ExampleSettings}).
 *
 * <p>With {@code --backend docker} it runs {@value #DOCKER_APP} on the Docker engine of {@code DOCKER_HOST} (else
 * the local socket) instead, for real: it waits until the app is ready, fetches its page at the URL the backend
 * reports, modifies and deletes it.
 */
public final class QuickStart {

    /** The app the quick start runs. */
    public static final String APP = "jupyter-notebook";
    /** The user it runs the app for. */
    public static final String USER = "alice";
    /** The app the quick start runs on Docker: small, and it answers over HTTP. */
    public static final String DOCKER_APP = "nginx";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    private static final int STEPS = 6;

    private final PrintStream out;
    private final ClusterConnection cluster;
    private final Map<String, String> settings;

    /**
     * Creates the quick start.
     *
     * @param out      where it reports its progress
     * @param cluster  the API server to run on
     * @param settings Tycho settings by name
     */
    public QuickStart(PrintStream out, ClusterConnection cluster, Map<String, String> settings) {
        this.out = Objects.requireNonNull(out, "out");
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    private QuickStart(PrintStream out, Map<String, String> settings) {
        this.out = Objects.requireNonNull(out, "out");
        this.cluster = null;
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The quick start on a Docker engine: {@value #DOCKER_APP} runs for real, and answers at its URL.
     *
     * @param out      where it reports its progress
     * @param settings Tycho settings by name, among them the Docker backend's ({@code DOCKER_HOST}, ...)
     * @return the quick start
     */
    public static QuickStart onDocker(PrintStream out, Map<String, String> settings) {
        return new QuickStart(out, settings);
    }

    /**
     * Runs the quick start on the cluster of {@code KUBECONFIG}, or on an embedded API server; with
     * {@code --backend docker}, on a Docker engine.
     *
     * @param args nothing, {@code --backend kubernetes} or {@code --backend docker}
     */
    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        String backend = args.length == 2 && args[0].equals("--backend") ? args[1]
                : args.length == 0 ? KubernetesBackendProvider.NAME : "";
        try {
            if (backend.equals(DockerBackendProvider.NAME)) {
                onDocker(System.out, ExampleSettings.from(environment)).run();
            } else if (backend.equals(KubernetesBackendProvider.NAME)) {
                try (ClusterConnection cluster = ClusterConnection.open(environment, null)) {
                    new QuickStart(System.out, cluster, ExampleSettings.from(environment)).run();
                }
            } else {
                System.err.println("usage: QuickStart [--backend kubernetes|docker]");
                System.exit(2);
            }
        } catch (TychoException e) {
            System.err.println("The quick start failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts, shows, modifies and deletes one system.
     *
     * @throws TychoException when a step fails
     */
    public void run() {
        if (cluster == null) {
            runOnDocker();
            return;
        }
        out.println("Tycho quick start: " + APP + " for " + USER + " on the " + cluster.description());
        if (cluster.isEmbedded()) {
            out.println("  Note: " + ClusterConnection.EMBEDDED_NOTICE + ".");
            out.println("  Set KUBECONFIG to run the same steps on a real cluster.");
        }
        try (TychoContext tycho = TychoContext.builder()
                .registry(RegistrySource.builtIn())
                .settings(settings)
                .backend(KubernetesBackendProvider.NAME)
                .backendConfiguration(cluster.backendConfiguration())
                .build()) {
            step(1, "Load the built-in app registry, product " + tycho.product());
            tycho.apps().values().forEach(app -> detail(app.id() + ": " + app.name() + " - " + app.description()));

            step(2, "Start " + APP + " for " + USER + " with at most 1 CPU and 2G of memory (0.5 and 1G reserved)");
            ResourceRequest resources = new ResourceRequest(ResourceLimits.of("1", "2G"),
                    ResourceLimits.of("0.5", "1G"));
            StartResult started = tycho.start(StartRequest.builder(Principal.of(USER), APP).resources(resources).build());
            String sid = started.identifier();
            detail("started " + started.name() + " (sid " + sid + ")");
            try {
                inspectAndModify(tycho, sid);
            } catch (RuntimeException e) {
                deleteAfterFailure(tycho, sid, e);
                throw e;
            }

            step(6, "Delete the system");
            DeleteResult deleted = tycho.delete(sid);
            detail("deleted " + deleted.deletedObjects() + " objects");
            List<SystemStatus> remaining = tycho.status(StatusQuery.user(USER));
            detail("status of " + USER + "'s systems: " + (remaining.isEmpty() ? "none" : remaining.size()));
        }
        out.println("Done: started, inspected, modified and deleted " + APP + ".");
    }

    /** The quick start on Docker: start, open the URL, status, modify, delete. */
    private void runOnDocker() {
        String engine = settings.getOrDefault("DOCKER_HOST", "");
        out.println("Tycho quick start: " + DOCKER_APP + " for " + USER + " on the Docker engine at "
                + (engine.isBlank() ? "unix:///var/run/docker.sock" : engine));
        try (TychoContext tycho = TychoContext.builder()
                .registry(RegistrySource.builtIn())
                .settings(settings)
                .backend(DockerBackendProvider.NAME)
                .build()) {
            step(1, "Load the built-in app registry, product " + tycho.product());
            tycho.apps().values().forEach(app -> detail(app.id() + ": " + app.name() + " - " + app.description()));

            step(2, "Start " + DOCKER_APP + " for " + USER + " with at most 0.5 CPU and 256M of memory (its image is"
                    + " pulled if the engine does not have it)");
            ResourceRequest resources = new ResourceRequest(ResourceLimits.of("0.5", "256M"),
                    ResourceLimits.of("0.25", "128M"));
            StartResult started = tycho.start(StartRequest.builder(Principal.of(USER), DOCKER_APP).resources(resources)
                    .build());
            String sid = started.identifier();
            String url = started.url();
            detail("started " + started.name() + " (sid " + sid + "), published at " + url);
            try {
                openAndModify(tycho, sid, url);
            } catch (RuntimeException e) {
                deleteAfterFailure(tycho, sid, e);
                throw e;
            }

            step(6, "Delete the system");
            DeleteResult deleted = tycho.delete(sid);
            detail("deleted " + deleted.deletedObjects() + " containers and networks");
            List<SystemStatus> remaining = tycho.status(StatusQuery.user(USER));
            detail("status of " + USER + "'s systems: " + (remaining.isEmpty() ? "none" : remaining.size()));
        }
        out.println("Done: started, opened, modified and deleted " + DOCKER_APP + ".");
    }

    /** Docker steps 3 to 5: wait until ready and open the URL, the status, a modification. */
    private void openAndModify(TychoContext tycho, String sid, String url) {
        step(3, "Wait until it is ready (its readiness probe passes), then open " + url);
        long began = System.nanoTime();
        SystemStatus ready;
        try {
            ready = tycho.awaitReady(sid, READY_TIMEOUT).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof TychoException failure ? failure
                    : new TychoException(DOCKER_APP + " did not become ready: " + e.getCause(), e.getCause());
        }
        detail("ready after " + Duration.ofNanos(System.nanoTime() - began).toMillis() + " ms ("
                + ready.state().reason() + ": " + ready.state().message() + ")");
        HttpResponse<String> page = fetch(url);
        detail("GET " + url + ": HTTP " + page.statusCode() + ", " + page.body().length() + " characters");

        step(4, "Status of " + USER + "'s systems, in the JSON envelope hosts pass on");
        String gpu = tycho.settings().gpuResourceName();
        out.println(TychoResponse.of(tycho.status(StatusQuery.user(USER)), gpu).toJson());

        step(5, "Modify: 1 CPU and 512M of memory, live; and the label tier=gold");
        ModifyResult modified = tycho.modify(new ModifyRequest(sid, Map.of("tier", "gold"), "1", "512M"));
        SystemStatus status = tycho.status(StatusQuery.identifier(sid)).get(0);
        status.utilization().forEach((container, limits) -> detail("container " + container + ": cpu "
                + limits.get("cpu") + ", memory " + limits.get("memory")));
        modified.patches().stream().filter(patch -> Boolean.FALSE.equals(patch.get("applied")))
                .forEach(patch -> detail("labels " + patch.get("labels") + " not applied: " + patch.get("reason")));
    }

    private static HttpResponse<String> fetch(String url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TychoException("cannot open " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TychoException("interrupted while opening " + url, e);
        }
    }

    /** Steps 3 to 5: the objects, the status, a modification. */
    private void inspectAndModify(TychoContext tycho, String sid) {
        String namespace = ((KubernetesBackend) tycho.backend()).namespace();
        step(3, "The objects Tycho created, read back from namespace " + namespace + " by label tycho-guid=" + sid);
        objectsOf(sid, namespace).forEach(object -> out.print(yaml(object)));

        step(4, "Status of " + USER + "'s systems, in the JSON envelope hosts pass on");
        String gpu = tycho.settings().gpuResourceName();
        out.println(TychoResponse.of(tycho.status(StatusQuery.user(USER)), gpu).toJson());

        step(5, "Modify: 2 CPUs, 4G of memory, and the pod label tier=gold");
        ModifyResult modified = tycho.modify(ModifyRequest.builder(sid).label("tier", "gold").cpus("2").memory("4G")
                .build());
        detail("patched " + modified.patches().size() + " deployment(s); the system now has:");
        SystemStatus status = tycho.status(StatusQuery.identifier(sid)).get(0);
        status.utilization().forEach((container, limits) -> detail("  container " + container + ": cpu "
                + limits.get("cpu") + ", memory " + limits.get("memory")));
        detail("  pod label tier=" + podLabels(sid, namespace).get("tier"));
    }

    /** Does not leave the app running on a real cluster when a step fails. */
    private static void deleteAfterFailure(TychoContext tycho, String sid, RuntimeException failure) {
        try {
            tycho.delete(sid);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private List<HasMetadata> objectsOf(String sid, String namespace) {
        KubernetesClient client = cluster.client();
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().deployments().inNamespace(namespace).withLabel("tycho-guid", sid).list()
                .getItems());
        objects.addAll(client.network().v1().networkPolicies().inNamespace(namespace).withLabel("tycho-guid", sid)
                .list().getItems());
        objects.addAll(client.services().inNamespace(namespace).withLabel("tycho-guid", sid).list().getItems());
        return objects;
    }

    private Map<String, String> podLabels(String sid, String namespace) {
        Deployment deployment = cluster.client().apps().deployments().inNamespace(namespace)
                .withLabel("tycho-guid", sid).list().getItems().get(0);
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** The object as YAML, without the bookkeeping a real API server adds for server-side apply. */
    private String yaml(HasMetadata object) {
        object.getMetadata().setManagedFields(null);
        return Yaml.write(object);
    }

    private void step(int number, String text) {
        out.println();
        out.println("[" + number + "/" + STEPS + "] " + text);
    }

    private void detail(String text) {
        out.println("      " + text);
    }
}
