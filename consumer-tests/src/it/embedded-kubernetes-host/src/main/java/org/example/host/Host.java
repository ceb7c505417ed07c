package org.example.host;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.kubernetes.embedded.EmbeddedKubernetes;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * A host that runs Tycho's Kubernetes backend on an API server in its own JVM: starts the built-in nginx app for a
 * user, reads the objects back from the API server, modifies and deletes the system. Fails (exit code 1 of the
 * build) when any step does not give what it should.
 */
public final class Host {

    public static void main(String[] args) {
        try (EmbeddedKubernetes kubernetes = EmbeddedKubernetes.start();
             TychoContext tycho = TychoContext.builder()
                     .settings(Map.of("NAMESPACE", "apps", "DEV_PHASE", "test"))
                     .backend("kubernetes")
                     .backendConfiguration(BackendConfiguration.builder()
                             .with(KubernetesClient.class, kubernetes.client())
                             .build())
                     .validate(true)
                     .build()) {
            StartResult started = tycho.start(StartRequest.builder(Principal.of("alice"), "nginx")
                    .resources(ResourceRequest.of("0.5", "256M"))
                    .host("apps.example.org")
                    .build());
            String identifier = started.identifier();
            KubernetesClient client = kubernetes.client();
            int deployments = client.apps().deployments().inNamespace("apps").withLabel("tycho-guid", identifier)
                    .list().getItems().size();
            int services = client.services().inNamespace("apps").withLabel("tycho-guid", identifier)
                    .list().getItems().size();
            List<SystemStatus> mine = tycho.status(StatusQuery.user("alice"));
            tycho.modify(ModifyRequest.builder(identifier).cpus("1").memory("512M").build());
            String cpus = client.apps().deployments().inNamespace("apps").withLabel("tycho-guid", identifier)
                    .list().getItems().get(0).getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getResources().getLimits().get("cpu").toString();
            DeleteResult deleted = tycho.delete(identifier);
            int left = client.apps().deployments().inNamespace("apps").withLabel("tycho-guid", identifier)
                    .list().getItems().size();

            System.out.println("host: started " + started.name() + ": " + deployments + " Deployment, " + services
                    + " Service; status of alice: " + mine.size() + " system; modified cpus to " + cpus
                    + "; deleted " + deleted.deletedObjects() + " objects, " + left + " Deployment left");
            if (deployments != 1 || services != 1 || mine.size() != 1 || !cpus.equals("1")
                    || deleted.deletedObjects() == 0 || left != 0) {
                throw new IllegalStateException("the embedded API server does not hold what Tycho did");
            }
        }
    }
}
