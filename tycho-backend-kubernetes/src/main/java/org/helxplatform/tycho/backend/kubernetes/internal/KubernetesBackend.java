package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
 * Runs systems on Kubernetes with the fabric8 client.
 *
 * <p><b>Start</b>, in two round trips: the cluster facts (claims, the Ambassador Service, the Secret
 * {@code <app id>-env}) come from the {@link ClusterCache} when it holds them, else are read together, by name (a
 * claim the cache does not hold is read, so that one created a moment ago is not left out); the planned Deployment
 * is created (round trip 1); then its Services (owned by it), the NetworkPolicy and, with {@code TYCHO_ROUTING},
 * the Ingress or HTTPRoute are created together (round trip 2). If a create fails, the others are awaited and
 * everything created is deleted before the error is reported.
 *
 * <p><b>Status</b> is read from the cache: no API request once it has synced. <b>Delete</b> is one round trip: the
 * Deployment with background propagation (the garbage collector removes its ReplicaSets, pods and the objects it
 * owns: Services, Ingress, HTTPRoute) together with what no Deployment owns (the NetworkPolicy and claims labelled
 * with the identifier, Services a template made without an owner). <b>Waiting</b> and <b>events</b> follow the
 * cache's watches. Thread-safe; one backend serves all request threads.
 */
public final class KubernetesBackend implements Backend {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesBackend.class);
    private static final int EDIT_ATTEMPTS = 5;
    private static final SystemState CREATING = SystemState.of(SystemPhase.PENDING, "Creating",
            "creating the system's objects");

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final SystemRenderer renderer;
    private final StartPlanner planner;
    private final LaunchSettings settings;
    private final SystemEvents events;
    private final ClusterCache cache;
    private final ExecutorService io;

    /**
     * Creates a backend and starts its cache. Prefer {@link KubernetesBackendProvider} or
     * {@code Backends.create("kubernetes", ...)}.
     *
     * @param client     the client
     * @param ownsClient whether {@link #close()} closes the client
     * @param namespace  the namespace systems run in
     * @param renderer   renders systems through the templates
     * @param settings   fatal reasons, grace periods and routing
     * @param clock      the time of Tycho's own events and observations
     */
    public KubernetesBackend(KubernetesClient client, boolean ownsClient, String namespace, SystemRenderer renderer,
                             LaunchSettings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.planner = new StartPlanner(renderer, client.getKubernetesSerialization());
        AtomicInteger threads = new AtomicInteger();
        this.io = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "tycho-kubernetes-io-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.events = new SystemEvents(clock, this::statusOf);
        this.cache = new ClusterCache(client, namespace, settings, events, clock);
        this.cache.start();
    }

    @Override
    public String name() {
        return KubernetesBackendProvider.NAME;
    }

    /** @return the namespace systems run in */
    public String namespace() {
        return namespace;
    }

    /**
     * @return the renderer of this backend's templates; {@code renderer().engine().resolve("pod.yaml")} tells where
     *         a template comes from
     */
    public SystemRenderer renderer() {
        return renderer;
    }

    /** @return the cache of the namespace's Tycho objects */
    public ClusterCache cache() {
        return cache;
    }

    /**
     * The cluster facts a start of the system depends on: from the cache where it holds them, the others read
     * together, each by name (D5).
     *
     * @param system the system
     * @param routed whether an Ingress or HTTPRoute routes to it: then the Ambassador shape is rendered without
     *               looking for the Ambassador Service
     * @return the facts
     */
    private ClusterFacts clusterFacts(TychoSystem system, boolean routed) {
        Set<String> wanted = new LinkedHashSet<>();
        for (Volume volume : system.volumes()) {
            if (!volume.claimName().equals(StartPlanner.ALWAYS_MOUNTED_CLAIM)) {
                wanted.add(volume.claimName());
            }
        }
        Set<String> claims = Collections.synchronizedSet(new LinkedHashSet<>());
        List<Supplier<Object>> reads = new ArrayList<>();
        for (String claim : wanted) {
            // A claim the cache does not hold is read all the same: one created a moment ago may not have reached
            // the watch yet, and a claim left out loses what the app writes. Only a missing claim costs the read.
            if (cache.claimExists(claim).orElse(false)) {
                claims.add(claim);
            } else {
                reads.add(() -> {
                    PersistentVolumeClaim found = client.persistentVolumeClaims().inNamespace(namespace)
                            .withName(claim).get();
                    if (found != null) {
                        claims.add(claim);
                    }
                    return found;
                });
            }
        }
        String ambassadorName = system.options().ambassador().serviceName();
        boolean[] ambassador = {routed};
        if (!routed && !ambassadorName.isBlank()) {
            Optional<Boolean> cached = cache.serviceExists(ambassadorName);
            if (cached.isPresent()) {
                ambassador[0] = cached.get();
            } else {
                reads.add(() -> {
                    Service found = client.services().inNamespace(namespace).withName(ambassadorName).get();
                    ambassador[0] = found != null;
                    return found;
                });
            }
        }
        Object[] secret = {cache.envSecret(system.appId()).orElse(null)};
        if (secret[0] == null) {
            reads.add(() -> {
                Secret found = client.secrets().inNamespace(namespace).withName(system.appId() + "-env").get();
                secret[0] = EnvSecret.of(found);
                return found;
            });
        }
        Requests.values(io, reads);
        synchronized (claims) {
            return new ClusterFacts(new LinkedHashSet<>(claims), ambassador[0],
                    ((EnvSecret) secret[0]).require(system));
        }
    }

    @Override
    public StartResult start(TychoSystem system) {
        String id = system.identifier();
        String what = "app " + system.appId() + " for " + system.username();
        boolean routed = settings.routing() != LaunchSettings.Routing.DEFAULT;
        StartPlan plan;
        try {
            // Routed through an Ingress or HTTPRoute, the templates render the Ambassador shape (ClusterIP
            // Services) whether or not an Ambassador Service exists, so it is not looked up.
            ClusterFacts facts = clusterFacts(system, routed);
            plan = planner.plan(system, facts);
            if (routed) {
                Routes.adapt(plan, system);
            }
        } catch (StartException e) {
            throw e;
        } catch (KubernetesClientException | TychoException e) {
            throw new StartException(id, "cannot start " + what + ": " + describe(e), e, Requests.status(e));
        }
        tycho(id, "Planned", "planned " + plan.objects().size() + " objects: " + names(plan.objects()), "", false);
        List<HasMetadata> created = Collections.synchronizedList(new ArrayList<>());
        try {
            Deployment deployment = client.apps().deployments().inNamespace(namespace).resource(plan.deployment())
                    .create();
            created.add(deployment);
            tycho(id, "Created", "created Deployment " + deployment.getMetadata().getName(),
                    "Deployment/" + deployment.getMetadata().getName(), false);
            List<Supplier<HasMetadata>> owned = new ArrayList<>();
            if (plan.tokenSecret() != null) {
                Secret tokens = ownedBy(plan.tokenSecret(), deployment);
                owned.add(() -> created(created, client.secrets().inNamespace(namespace).resource(tokens).create()));
            }
            for (StartPlan.ServicePlan planned : plan.services()) {
                Service service = ownedBy(planned.service(), deployment);
                owned.add(() -> created(created, client.services().inNamespace(namespace).resource(service)
                        .create()));
            }
            if (plan.networkPolicy() != null) {
                owned.add(() -> created(created, client.network().v1().networkPolicies().inNamespace(namespace)
                        .resource(plan.networkPolicy()).create()));
            }
            HasMetadata route = routed ? Routes.route(plan, deployment, settings) : null;
            if (route != null) {
                owned.add(() -> created(created, client.resource(route).inNamespace(namespace).create()));
            }
            Requests.values(io, owned);
            for (HasMetadata object : created.subList(1, created.size())) {
                tycho(id, "Created", "created " + object.getKind() + " " + object.getMetadata().getName(),
                        object.getKind() + "/" + object.getMetadata().getName(), false);
            }
            Map<String, ServiceFacts> services = new LinkedHashMap<>();
            synchronized (created) {
                created.forEach(cache::wrote);
                for (HasMetadata object : created) {
                    if (object instanceof Service service) {
                        services.put(service.getMetadata().getName(), ServiceFacts.of(service));
                    }
                }
            }
            DeploymentFacts facts = DeploymentFacts.of(deployment);
            Map<String, ServiceEndpoint> endpoints = Endpoints.of(facts, services, namespace);
            Map<String, ServiceEndpoint> byContainer = new LinkedHashMap<>();
            for (StartPlan.ServicePlan planned : plan.services()) {
                ServiceEndpoint endpoint = endpoints.get(planned.container());
                if (endpoint != null) {
                    byContainer.put(planned.container(), endpoint);
                }
            }
            LOG.info("started {} for {} ({} objects)", system.name(), system.username(), created.size());
            return new StartResult(system.name(), id, system.connString(), byContainer,
                    Endpoints.url(facts, services, settings), plan.warnings());
        } catch (RuntimeException e) {
            int removed = rollBack(id, created, plan.networkPolicy() != null);
            String message = "cannot start " + what + ": " + describe(e) + " (removed the " + removed
                    + " objects created for it)";
            events.record(id, LaunchEvent.Kind.TYCHO, "RolledBack", message, "", true,
                    SystemState.of(SystemPhase.FAILED, "StartFailed", message));
            events.ended(id);
            throw new StartException(id, message, e, Requests.status(e));
        }
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        if (cache.awaitSynced(settings.syncTimeout())) {
            return cache.status(query);
        }
        String key = query.username() != null ? Labels.USERNAME : query.identifier() != null ? Labels.GUID
                : Labels.EXECUTOR;
        String value = query.username() != null ? query.username() : query.identifier() != null ? query.identifier()
                : Labels.TYCHO;
        try {
            List<Supplier<List<?>>> lists = List.of(
                    () -> client.apps().deployments().inNamespace(namespace).withLabel(key, value).list().getItems(),
                    () -> client.pods().inNamespace(namespace).withLabel(key, value).list().getItems(),
                    () -> client.services().inNamespace(namespace).withLabel(key, value).list().getItems());
            List<List<?>> items = Requests.values(io, lists);
            @SuppressWarnings("unchecked")
            List<SystemStatus> result = cache.statusOf((List<Deployment>) items.get(0), (List<Pod>) items.get(1),
                    (List<Service>) items.get(2));
            return result;
        } catch (KubernetesClientException e) {
            throw new StatusException(query.identifier(), "cannot list Tycho deployments in namespace " + namespace
                    + " (with their pods and services): " + describe(e), e, Requests.status(e));
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
            throw new ModifyException(id, "cannot find the deployments of system " + id + ": " + describe(e), e,
                    Requests.status(e));
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
        tycho(id, "Modified", "modified " + deployments.size() + " Deployment" + (deployments.size() == 1 ? "" : "s"),
                "Deployment/" + deployments.get(0).getMetadata().getName(), false);
        return new ModifyResult(id, patches);
    }

    @Override
    public DeleteResult delete(String identifier) {
        // A null or empty value would make the selector "tycho-guid" alone, which selects every system.
        Names.requireIdentifier("identifier", identifier);
        ClusterCache.Known objects = cache.synced() ? cache.known(identifier)
                : new ClusterCache.Known(null, List.of(), 0);
        // Services are deleted by name only when the cache knows the system's Deployment; otherwise (someone deleted
        // the Deployment, or the watch has not delivered it yet) what the cache holds of them may be incomplete.
        boolean known = objects.deployment() != null;
        List<Supplier<Integer>> deletes = new ArrayList<>();
        deletes.add(() -> objects.deployment() != null
                ? client.apps().deployments().inNamespace(namespace).withName(objects.deployment())
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().size()
                : client.apps().deployments().inNamespace(namespace).withLabel(Labels.GUID, identifier)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().size());
        deletes.add(() -> client.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel(Labels.GUID, identifier).delete().size());
        deletes.add(() -> client.persistentVolumeClaims().inNamespace(namespace).withLabel(Labels.GUID, identifier)
                .delete().size());
        if (known) {
            for (String service : objects.unownedServices()) {
                deletes.add(() -> client.services().inNamespace(namespace).withName(service).delete().size());
            }
        } else {
            deletes.add(() -> client.services().inNamespace(namespace).withLabel(Labels.GUID, identifier).delete()
                    .size());
        }
        List<Integer> counts;
        try {
            counts = Requests.values(io, deletes);
        } catch (KubernetesClientException e) {
            throw new DeleteException(identifier, "cannot delete system " + identifier + " in namespace " + namespace
                    + ": " + describe(e), e, Requests.status(e));
        }
        int deleted = counts.stream().mapToInt(Integer::intValue).sum();
        if (counts.get(0) > 0) {
            deleted += objects.ownedServices();
        }
        cache.deleted(identifier);
        if (deleted > 0) {
            LOG.info("deleted system {} ({} objects)", identifier, deleted);
            events.record(identifier, LaunchEvent.Kind.TYCHO, "Deleted", "deleted " + deleted + " objects; the"
                    + " garbage collector removes the pods", "", false,
                    SystemState.of(SystemPhase.TERMINATING, "Deleted", "the system was deleted"));
        }
        events.ended(identifier);
        return new DeleteResult(identifier, deleted);
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
        SystemStatus status = statusOf(identifier).orElseThrow(() -> new UnknownSystemException(identifier));
        if (!status.utilization().containsKey(container)) {
            throw new UnknownSystemException(identifier);
        }
        try {
            List<PodFacts> pods = cache.synced() ? cache.pods(identifier)
                    : client.pods().inNamespace(namespace).withLabel(Labels.GUID, identifier).list().getItems()
                            .stream().map(PodFacts::of).toList();
            PodFacts pod = pods.stream().filter(p -> !p.deleting()).findFirst().orElse(null);
            if (pod == null || pod.containers().stream().noneMatch(c -> c.name().equals(container)
                    && (c.running() || c.terminatedReason() != null || c.restartCount() > 0))) {
                return "";
            }
            String log = client.pods().inNamespace(namespace).withName(pod.name()).inContainer(container)
                    .tailingLines(Math.max(1, tailLines)).getLog();
            return log == null ? "" : log;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 400 || e.getCode() == 404) {
                return "";
            }
            throw new StatusException(identifier, "cannot read the log of container " + container + " of system "
                    + identifier + ": " + describe(e), e, Requests.status(e));
        }
    }

    @Override
    public void close() {
        cache.close();
        events.close();
        io.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** The status of one system: from the cache once synced, else listed. */
    private Optional<SystemStatus> statusOf(String identifier) {
        if (cache.synced()) {
            return cache.status(identifier);
        }
        return status(StatusQuery.identifier(identifier)).stream().findFirst();
    }

    /** Records one of Tycho's steps, in the system's current state. */
    private void tycho(String identifier, String reason, String message, String object, boolean warning) {
        events.record(identifier, LaunchEvent.Kind.TYCHO, reason, message, object, warning,
                cache.state(identifier).orElse(CREATING));
    }

    private static HasMetadata created(List<HasMetadata> created, HasMetadata object) {
        created.add(object);
        return object;
    }

    /**
     * Deletes what a failed start created, together: the Deployment in the background (the garbage collector
     * removes what it owns), the rest by name. A create whose answer was lost may have been made all the same: the
     * Deployment, when it is not known to be created, and the NetworkPolicy, which no Deployment owns, are also
     * deleted by the system's label.
     */
    private int rollBack(String identifier, List<HasMetadata> created, boolean plannedNetworkPolicy) {
        List<HasMetadata> objects;
        synchronized (created) {
            objects = new ArrayList<>(created);
        }
        List<Supplier<Integer>> deletes = new ArrayList<>();
        for (HasMetadata object : objects) {
            deletes.add(() -> client.resource(object).inNamespace(namespace)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().size());
        }
        if (objects.isEmpty()) {
            deletes.add(() -> client.apps().deployments().inNamespace(namespace).withLabel(Labels.GUID, identifier)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete().size());
        }
        if (plannedNetworkPolicy && objects.stream().noneMatch(object -> object instanceof NetworkPolicy)) {
            deletes.add(() -> client.network().v1().networkPolicies().inNamespace(namespace)
                    .withLabel(Labels.GUID, identifier).delete().size());
        }
        int removed = 0;
        for (Requests.Outcome<Integer> outcome : Requests.all(io, deletes)) {
            if (outcome.ok()) {
                removed += outcome.value();
            } else {
                LOG.warn("could not remove an object of failed start {}: {}", identifier,
                        outcome.failure().getMessage());
            }
        }
        cache.deleted(identifier);
        return removed;
    }

    private void apply(String identifier, String deploymentName, Map<String, Object> patch) {
        for (int attempt = 1; ; attempt++) {
            try {
                cache.wrote(client.apps().deployments().inNamespace(namespace).withName(deploymentName)
                        .edit(deployment -> client.getKubernetesSerialization().convertValue(StrategicMerge.merge(
                                client.getKubernetesSerialization().convertValue(deployment, Map.class), patch),
                                Deployment.class)));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && attempt < EDIT_ATTEMPTS) {
                    continue;
                }
                if (e.getCode() > 0 && e.getCode() < 500) {
                    // refused (403, 404, 422, conflicts to the end): the API server changed nothing
                    throw new ModifyException(identifier, "cannot modify deployment " + deploymentName + " (it is"
                            + " unchanged): " + describe(e), e, Requests.status(e));
                }
                if (patchInEffect(deploymentName, patch, identifier, e)) {
                    LOG.info("modify of deployment {} failed with {}, but the change is in effect", deploymentName,
                            describe(e));
                    return;
                }
                throw new ModifyException(identifier, "cannot modify deployment " + deploymentName + " (it is"
                        + " unchanged): " + describe(e), e, Requests.status(e));
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
                    + " change was made is unknown: check the system's status", failure, Requests.status(failure));
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

    private static String names(List<HasMetadata> objects) {
        List<String> names = new ArrayList<>();
        objects.forEach(object -> names.add(object.getKind() + "/" + object.getMetadata().getName()));
        return String.join(", ", names);
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
}
