package org.helxplatform.tycho.backend.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Reads what a system left in a namespace, for assertions. */
final class Cluster {

    private Cluster() {
    }

    /** @return every object of every kind Tycho creates or deletes that carries the identifier's label */
    static List<HasMetadata> objectsOf(KubernetesClient client, String namespace, String identifier) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.addAll(client.apps().deployments().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems());
        objects.addAll(client.apps().replicaSets().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems());
        objects.addAll(client.pods().inNamespace(namespace).withLabel("tycho-guid", identifier).list().getItems());
        objects.addAll(client.services().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems());
        objects.addAll(client.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel("tycho-guid", identifier).list().getItems());
        objects.addAll(client.persistentVolumeClaims().inNamespace(namespace).withLabel("tycho-guid", identifier)
                .list().getItems());
        objects.addAll(client.secrets().inNamespace(namespace).withLabel("tycho-guid", identifier).list()
                .getItems());
        return objects;
    }
}
