package org.helxplatform.tycho.examples;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class QuickStart {

    /** The app the quick start runs. */
    public static final String APP = "jupyter-notebook";
    /** The user it runs the app for. */
    public static final String USER = "alice";

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

    /**
     * Runs the quick start on the cluster of {@code KUBECONFIG}, or on an embedded API server.
     *
     * @param args not used
     */
    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        try (ClusterConnection cluster = ClusterConnection.open(environment, null)) {
            new QuickStart(System.out, cluster, ExampleSettings.from(environment)).run();
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
            StartResult started = tycho.start(Principal.of(USER), APP, resources, "", Map.of());
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

    /** Steps 3 to 5: the objects, the status, a modification. */
    private void inspectAndModify(TychoContext tycho, String sid) {
        String namespace = ((KubernetesBackend) tycho.backend()).namespace();
        step(3, "The objects Tycho created, read back from namespace " + namespace + " by label tycho-guid=" + sid);
        objectsOf(sid, namespace).forEach(object -> out.print(yaml(object)));

        step(4, "Status of " + USER + "'s systems, in the JSON envelope hosts pass on");
        String gpu = tycho.settings().gpuResourceName();
        out.println(TychoResponse.of(tycho.status(StatusQuery.user(USER)), gpu).toJson());

        step(5, "Modify: 2 CPUs, 4G of memory, and the pod label tier=gold");
        ModifyResult modified = tycho.modify(new ModifyRequest(sid, Map.of("tier", "gold"), "2", "4G"));
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
