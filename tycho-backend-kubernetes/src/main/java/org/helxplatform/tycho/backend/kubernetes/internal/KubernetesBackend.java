package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.DeleteException;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.backend.SystemEvents;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.backend.kubernetes.KubernetesBackendProvider;
import org.helxplatform.tycho.compiler.internal.render.SystemRenderer;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoException;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs systems on Kubernetes with the fabric8 client (BEHAVIOUR.md §5–§6).
 *
 * <p>A start reads the few cluster facts it needs by name (D5), plans every object with {@link StartPlanner},
 * then creates them: the Deployment, the NetworkPolicy if required, the Services owned by the Deployment. If a
 * create fails, everything created for the system is deleted before the error is reported (D3). Status reads
 * Deployments by label; modify merges the rendered patch into each Deployment of the system; delete removes
 * every object labelled with the identifier (D4). Thread-safe; one backend serves all request threads.
 */
public final class KubernetesBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    private static final int EDIT_ATTEMPTS = 5;
    private static final SystemState STARTED = SystemState.of(SystemPhase.PENDING, "Created",
            "the system's objects were created");
    private static final SystemState DELETED = SystemState.of(SystemPhase.TERMINATING, "Deleted",
            "the system was deleted");

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final SystemRenderer renderer;
    private final StartPlanner planner;
    private final SystemEvents events;

    /**
     * Creates a backend. Prefer {@link KubernetesBackendProvider} or {@code Backends.create("kubernetes", ...)}.
     *
     * @param client     the client
     * @param ownsClient whether {@link #close()} closes the client
     * @param namespace  the namespace systems run in
     * @param renderer   renders systems through the templates
     */
    public KubernetesBackend(KubernetesClient client, boolean ownsClient, String namespace, SystemRenderer renderer) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.planner = new StartPlanner(renderer, client.getKubernetesSerialization());
        this.events = new SystemEvents(Clock.systemUTC(),
                identifier -> status(StatusQuery.identifier(identifier)).stream().findFirst());
    }

    @Override
    public String name() {
        return KubernetesBackendProvider.NAME;
    }

    /** @return the namespace systems run in */
    public String namespace() {
        return namespace;
    }

    /** @return the renderer of this backend's templates; {@code renderer().engine().resolve("pod.yaml")} tells where a template comes from */
    public SystemRenderer renderer() {
        return renderer;
    }

    /**
     * Reads the cluster facts a start of the system depends on, each by name (D5): the claims it mounts, the
     * Ambassador service, the Secret {@code <app id>-env}.
     *
     * @param system the system
     * @return the facts
     */
    public ClusterFacts clusterFacts(TychoSystem system) {
        Set<String> claims = new LinkedHashSet<>();
        for (Volume volume : system.volumes()) {
            if (!volume.claimName().equals(StartPlanner.ALWAYS_MOUNTED_CLAIM) && !claims.contains(volume.claimName())
                    && client.persistentVolumeClaims().inNamespace(namespace).withName(volume.claimName()).get() != null) {
                claims.add(volume.claimName());
            }
        }
        String ambassador = system.options().ambassador().serviceName();
        boolean hasAmbassador = !ambassador.isBlank()
                && client.services().inNamespace(namespace).withName(ambassador).get() != null;
        Secret secret = client.secrets().inNamespace(namespace).withName(system.appId() + "-env").get();
        return new ClusterFacts(claims, hasAmbassador, secret == null ? Map.of() : decode(secret, system));
    }

    @Override
    public StartResult start(TychoSystem system) {
        String id = system.identifier();
        StartPlan plan;
        try {
            plan = planner.plan(system, clusterFacts(system));
        } catch (StartException e) {
            throw e;
        } catch (KubernetesClientException | TychoException e) {
            throw new StartException(id, "cannot start app " + system.appId() + " for " + system.username() + ": "
                    + describe(e), e);
        }
        List<HasMetadata> created = new ArrayList<>();
        try {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).resource(plan.deployment())
                    .create();
            created.add(deployment);
            if (plan.tokenSecret() != null) {
                created.add(client.secrets().inNamespace(namespace).resource(ownedBy(plan.tokenSecret(), deployment))
                        .create());
            }
            if (plan.networkPolicy() != null) {
                created.add(client.network().v1().networkPolicies().inNamespace(namespace)
                        .resource(plan.networkPolicy()).create());
            }
            Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
            for (StartPlan.ServicePlan planned : plan.services()) {
                Service service = ownedBy(planned.service(), deployment);
                Service createdService = client.services().inNamespace(namespace).resource(service).create();
                created.add(createdService);
                endpoints.put(planned.container(), endpoint(createdService));
            }
            LOG.info("started {} for {} ({} objects)", system.name(), system.username(), created.size());
            events.record(id, LaunchEvent.Kind.TYCHO, "Created", "created " + created.size() + " objects for app "
                    + system.appId(), "Deployment/" + deployment.getMetadata().getName(), false, STARTED);
            return new StartResult(system.name(), id, system.connString(), endpoints, null, plan.warnings());
        } catch (RuntimeException e) {
            int removed = rollBack(id, created);
            throw new StartException(id, "cannot start app " + system.appId() + " for " + system.username() + ": "
                    + describe(e) + " (removed the " + removed + " objects created for it)", e);
        }
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        String key = query.username() != null ? Labels.USERNAME : query.identifier() != null ? Labels.GUID
                : Labels.EXECUTOR;
        String value = query.username() != null ? query.username() : query.identifier() != null ? query.identifier()
                : Labels.TYCHO;
        try {
            List<SystemStatus> result = new ArrayList<>();
            for (Deployment deployment : client.apps().deployments().inNamespace(namespace).withLabel(key, value)
                    .list().getItems()) {
                result.add(Deployments.status(deployment));
            }
            result.sort(Comparator.comparing(SystemStatus::name));
            return result;
        } catch (KubernetesClientException e) {
            throw new StatusException(query.identifier(), "cannot list Tycho deployments in namespace " + namespace
                    + ": " + describe(e), e);
        }
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        String id = request.identifier();
        List<Deployment> deployments;
        try {
            deployments = client.apps().deployments().inNamespace(namespace).withLabel(Labels.GUID, id).list()
                    .getItems();
        } catch (KubernetesClientException e) {
            throw new ModifyException(id, "cannot find the deployments of system " + id + ": " + describe(e), e);
        }
        if (deployments.isEmpty()) {
            throw new UnknownSystemException(id);
        }
        List<Map<String, Object>> patches = new ArrayList<>();
        for (Deployment deployment : deployments) {
            Map<String, String> containers = new LinkedHashMap<>();
            deployment.getSpec().getTemplate().getSpec().getContainers()
                    .forEach(c -> containers.put(c.getName(), c.getImage()));
            Map<String, Object> patch = renderer.patch(request, containers);
            patches.add(patch);
            if (!patch.isEmpty()) {
                apply(id, deployment.getMetadata().getName(), patch);
            }
        }
        return new ModifyResult(id, patches);
    }

    @Override
    public DeleteResult delete(String identifier) {
        // A null or empty value would make the selector "tycho-guid" alone, which selects every system.
        Names.requireIdentifier("identifier", identifier);
        try {
            int deleted = 0;
            deleted += client.apps().deployments().inNamespace(namespace).withLabel(Labels.GUID, identifier)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().size();
            deleted += client.apps().replicaSets().inNamespace(namespace).withLabel(Labels.GUID, identifier).delete()
                    .size();
            deleted += client.pods().inNamespace(namespace).withLabel(Labels.GUID, identifier).delete().size();
            deleted += client.services().inNamespace(namespace).withLabel(Labels.GUID, identifier).delete().size();
            deleted += client.network().v1().networkPolicies().inNamespace(namespace)
                    .withLabel(Labels.GUID, identifier).delete().size();
            deleted += deleteTokenSecrets(identifier);
            deleted += client.persistentVolumeClaims().inNamespace(namespace).withLabel(Labels.GUID, identifier)
                    .delete().size();
            if (deleted > 0) {
                LOG.info("deleted system {} ({} objects)", identifier, deleted);
                events.record(identifier, LaunchEvent.Kind.TYCHO, "Deleted", "deleted " + deleted + " objects", "",
                        false, DELETED);
            }
            events.ended(identifier);
            return new DeleteResult(identifier, deleted);
        } catch (KubernetesClientException e) {
            throw new DeleteException(identifier, "cannot delete system " + identifier + " in namespace " + namespace
                    + ": " + describe(e), e);
        }
    }

    @Override
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        Names.requireIdentifier("identifier", identifier);
        return events.awaitReady(identifier, timeout);
    }

    @Override
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        return events.publisher(identifier);
    }

    @Override
    public String logs(String identifier, String container, int tailLines) {
        Names.requireIdentifier("identifier", identifier);
        try {
            List<Pod> pods = client.pods().inNamespace(namespace).withLabel(Labels.GUID, identifier).list()
                    .getItems();
            if (pods.isEmpty()) {
                if (status(StatusQuery.identifier(identifier)).isEmpty()) {
                    throw new UnknownSystemException(identifier);
                }
                return "";
            }
            Pod pod = pods.get(0);
            if (pod.getSpec().getContainers().stream().noneMatch(c -> c.getName().equals(container))) {
                throw new UnknownSystemException(identifier);
            }
            String log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(Math.max(1, tailLines)).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            throw new StatusException(identifier, "cannot read the log of container " + container + " of system "
                    + identifier + ": " + describe(e), e);
        }
    }

    @Override
    public void close() {
        events.close();
        if (ownsClient) {
            client.close();
        }
    }

    /**
     * Deletes the Secret holding a system's tokens (TYCHO_APP_TOKENS_IN_SECRET). Without that setting the Role
     * may lack the Secret verbs: then the garbage collector removes the Secret with its owner, the Deployment.
     */
    private int deleteTokenSecrets(String identifier) {
        try {
            return client.secrets().inNamespace(namespace).withLabel(Labels.GUID, identifier).delete().size();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            LOG.debug("may not delete Secrets in {}; the Secret of system {}, if any, goes with its Deployment",
                    namespace, identifier);
            return 0;
        }
    }

    /** Deletes what a failed start created: by name, then everything labelled with the identifier. */
    private int rollBack(String identifier, List<HasMetadata> created) {
        int removed = 0;
        List<HasMetadata> reversed = new ArrayList<>(created);
        Collections.reverse(reversed);
        for (HasMetadata object : reversed) {
            try {
                removed += client.resource(object).inNamespace(namespace).delete().size();
            } catch (KubernetesClientException e) {
                LOG.warn("could not remove {} {} of failed start {}: {}", object.getKind(),
                        object.getMetadata().getName(), identifier, e.getMessage());
            }
        }
        try {
            removed += delete(identifier).deletedObjects();
        } catch (DeleteException e) {
            LOG.warn("could not remove the objects of failed start {}: {}", identifier, e.getMessage());
        }
        return removed;
    }

    private void apply(String identifier, String deploymentName, Map<String, Object> patch) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.apps().deployments().inNamespace(namespace).withName(deploymentName).edit(deployment ->
                        client.getKubernetesSerialization().convertValue(StrategicMerge.merge(
                                client.getKubernetesSerialization().convertValue(deployment, Map.class), patch),
                                Deployment.class));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < EDIT_ATTEMPTS) {
                    continue;
                }
                if (e.getCode() > 0 && e.getCode() < 500) {
                    // refused (403, 404, 422, conflicts to the end): the API server changed nothing
                    throw new ModifyException(identifier, "cannot modify deployment " + deploymentName + " (it is"
                            + " unchanged): " + describe(e), e);
                }
                if (patchInEffect(deploymentName, patch, identifier, e)) {
                    LOG.info("modify of deployment {} failed with {}, but the change is in effect", deploymentName,
                            describe(e));
                    return;
                }
                throw new ModifyException(identifier, "cannot modify deployment " + deploymentName + " (it is"
                        + " unchanged): " + describe(e), e);
            }
        }
    }

    /**
     * After a failure that leaves the outcome open (no answer, a timeout, a server error), reads the Deployment
     * again: whether the change is in effect (the request went through and only its answer was lost).
     *
     * @throws ModifyException when the Deployment cannot be read either, so the outcome is unknown
     */
    private boolean patchInEffect(String deploymentName, Map<String, Object> patch, String identifier,
                                  KubernetesClientException failure) {
        Deployment current;
        try {
            current = client.apps().deployments().inNamespace(namespace).withName(deploymentName).get();
        } catch (KubernetesClientException e) {
            throw new ModifyException(identifier, "cannot modify deployment " + deploymentName + ": "
                    + describe(failure) + "; it cannot be read back either (" + describe(e) + "), so whether the"
                    + " change was made is unknown: check the system's status", failure);
        }
        if (current == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = client.getKubernetesSerialization().convertValue(current, Map.class);
        return StrategicMerge.merge(tree, patch).equals(tree);
    }

    private static <T extends HasMetadata> T ownedBy(T service, Deployment deployment) {
        List<OwnerReference> owners = service.getMetadata().getOwnerReferences();
        if (owners != null) {
            for (OwnerReference owner : owners) {
                if ("Deployment".equals(owner.getKind()) && deployment.getMetadata().getName().equals(owner.getName())) {
                    owner.setUid(deployment.getMetadata().getUid());
                }
            }
        }
        return service;
    }

    /** Where a created service is reached: no address behind Ambassador (ClusterIP), else its load balancer's. */
    private static ServiceEndpoint endpoint(Service service) {
        boolean behindProxy = "ClusterIP".equals(service.getSpec().getType());
        List<ServicePort> ports = service.getSpec().getPorts();
        ServicePort first = ports == null || ports.isEmpty() ? null : ports.get(0);
        String ip = null;
        if (!behindProxy && service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                && service.getStatus().getLoadBalancer().getIngress() != null) {
            ip = service.getStatus().getLoadBalancer().getIngress().stream().map(LoadBalancerIngress::getIp)
                    .filter(Objects::nonNull).findFirst().orElse(null);
        }
        return new ServiceEndpoint(first == null ? null : first.getName(), first == null ? null : first.getPort(),
                null, ip, ip == null || first == null ? null : first.getPort(),
                first == null ? null : first.getNodePort());
    }

    /** The client's message, and the root cause when it says more (e.g. "Connection refused"). */
    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage();
        return root == e || root.getMessage() == null || message.contains(root.getMessage()) ? message
                : message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static Map<String, String> decode(Secret secret, TychoSystem system) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> {
                try {
                    values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new StartException(system.identifier(), "Secret " + system.appId() + "-env: the value of " + key
                            + " is not base64; store it under data as base64, or under stringData");
                }
            });
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }
}
