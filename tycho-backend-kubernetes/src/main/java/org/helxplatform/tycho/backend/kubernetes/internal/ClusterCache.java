package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.SystemEvents;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Kubernetes backend knows of its namespace, kept current by one shared informer per kind, so that status,
 * waiting and events cost no API request once synced.
 *
 * <p>Informers (started with the backend, each a list then a watch that fabric8 re-establishes after a
 * disconnection, relisting when the server says its version is too old): Deployments, Pods and Services labelled
 * {@code executor=tycho}; the namespace's Events, of which only those about a known system's pods, ReplicaSet,
 * Deployment or claims are kept; PersistentVolumeClaims (names only) as facts for starts; and, on first use, the
 * Ambassador Service and each app's Secret {@code <app id>-env} by name. The informers' own stores keep only each
 * object's key and resource version ({@link VersionStore}); per system this class keeps what status needs
 * ({@link DeploymentFacts}, {@link PodFacts}, {@link ServiceFacts}, {@link Observations}) and the status built from
 * them, rebuilt when one of them changes. Each change of a system's state, and each Kubernetes Event about it, is
 * recorded in the backend's {@link SystemEvents}, which completes waiters. Thread-safe: each system's record is
 * guarded by its own monitor.
 */
public final class ClusterCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCache.class);
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![0-9a-f])([0-9a-f]{32})(?![0-9a-f])");
    private static final int NAMED_INFORMERS_LIMIT = 256;
    private static final int TOMBSTONES = 4096;

    private final KubernetesClient client;
    private final String namespace;
    private final LaunchSettings settings;
    private final SystemEvents events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, SystemRecord> systems = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, SystemRecord> byName = new ConcurrentSkipListMap<>();
    private final Map<String, String> podSystems = new ConcurrentHashMap<>();
    private final Map<String, String> serviceSystems = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> claimSystems = new ConcurrentHashMap<>();
    private final Set<String> tombstones = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > TOMBSTONES;
                }
            }));
    private final Set<String> claims = ConcurrentHashMap.newKeySet();
    private final Map<String, NamedFact<Boolean>> namedServices = new ConcurrentHashMap<>();
    private final Map<String, NamedFact<EnvSecret>> envSecrets = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private final List<ItemStore<?>> stores = new CopyOnWriteArrayList<>();
    private final Map<SharedIndexInformer<?>, Arrivals> arrivals = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> statusSynced = new CompletableFuture<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;
    private volatile CompletableFuture<Void> claimsSynced = new CompletableFuture<>();
    private volatile boolean closed;

    /**
     * Creates a cache; {@link #start()} starts its informers.
     *
     * @param client    the client
     * @param namespace the namespace systems run in
     * @param settings  fatal reasons and grace periods
     * @param events    where state changes and Kubernetes Events of systems are recorded
     * @param clock     the time of observations
     */
    public ClusterCache(KubernetesClient client, String namespace, LaunchSettings settings, SystemEvents events,
                        Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tycho-kubernetes-recheck");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** Starts the informers; returns at once (status waits for their first sync, see {@link #awaitSynced}). */
    public void start() {
        SharedIndexInformer<Deployment> deployments = informer(client.apps().deployments().inNamespace(namespace)
                .withLabel(Labels.EXECUTOR, Labels.TYCHO), Deployment.class, null, this::onDeployment);
        SharedIndexInformer<Pod> pods = informer(client.pods().inNamespace(namespace)
                .withLabel(Labels.EXECUTOR, Labels.TYCHO), Pod.class, null, this::onPod);
        SharedIndexInformer<Service> services = informer(client.services().inNamespace(namespace)
                .withLabel(Labels.EXECUTOR, Labels.TYCHO), Service.class, null, this::onService);
        SharedIndexInformer<Event> eventInformer = informer(client.v1().events().inNamespace(namespace), Event.class,
                this::concernsASystem, this::onEvent);
        SharedIndexInformer<PersistentVolumeClaim> claimsInformer = informer(client.persistentVolumeClaims().inNamespace(namespace), PersistentVolumeClaim.class,
                null, (claim, deleted) -> {
                    if (deleted) {
                        claims.remove(claim.getMetadata().getName());
                    } else {
                        claims.add(claim.getMetadata().getName());
                    }
                });
        started(eventInformer);
        claimsSynced = started(claimsInformer);
        CompletableFuture.allOf(started(deployments), started(pods), started(services)).whenComplete((ok, failure) -> {
            if (failure == null) {
                statusSynced.complete(null);
            } else if (!closed) {
                LOG.error("the cache of Tycho's Deployments, Pods and Services in namespace {} cannot sync ({}); status"
                        + " lists them on each call instead, and waiting for a system does not see its changes. The"
                        + " identity Tycho runs as needs list and watch on them (see the README's RBAC)", namespace,
                        rootMessage(failure));
            }
        });
    }

    /** @return whether Deployments, Pods and Services are synced: status then needs no API request */
    public boolean synced() {
        return statusSynced.isDone() && !statusSynced.isCompletedExceptionally();
    }

    /**
     * Waits for the first sync of Deployments, Pods and Services.
     *
     * @param timeout how long at most
     * @return whether they are synced
     */
    public boolean awaitSynced(Duration timeout) {
        if (synced()) {
            return true;
        }
        try {
            statusSynced.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Status from memory.
     *
     * @param query all, one user's or one system
     * @return the systems, sorted by name
     */
    public List<SystemStatus> status(StatusQuery query) {
        if (query.identifier() != null) {
            return status(query.identifier()).map(List::of).orElse(List.of());
        }
        if (query.username() == null) {
            Snapshot current = snapshot;
            long version = changes.get();
            if (current != null && current.version() == version) {
                return current.statuses();
            }
            List<SystemStatus> built = new ArrayList<>(byName.size());
            for (SystemRecord record : byName.values()) {
                SystemStatus status = record.status;
                if (status != null) {
                    built.add(status);
                }
            }
            List<SystemStatus> all = Collections.unmodifiableList(built);
            snapshot = new Snapshot(version, all);
            return all;
        }
        List<SystemStatus> result = new ArrayList<>();
        for (SystemRecord record : byName.values()) {
            SystemStatus status = record.status;
            if (status != null && query.username().equals(status.username())) {
                result.add(status);
            }
        }
        return result;
    }

    /**
     * One system's status from memory.
     *
     * @param identifier the system identifier
     * @return its status, empty when no Deployment of it is known
     */
    public Optional<SystemStatus> status(String identifier) {
        SystemRecord record = systems.get(identifier);
        return record == null ? Optional.empty() : Optional.ofNullable(record.status);
    }

    /**
     * What delete must remove itself: the Services of a system that no Deployment owns (the garbage collector
     * removes the others with the Deployment), and how many objects the delete will take away with it.
     *
     * @param identifier the system identifier
     * @return the system's objects as far as the cache knows them
     */
    public Known known(String identifier) {
        SystemRecord record = systems.get(identifier);
        if (record == null) {
            return new Known(null, List.of(), 0);
        }
        synchronized (record) {
            String uid = record.deployment == null ? null : record.deployment.uid();
            List<String> unowned = new ArrayList<>();
            int owned = 0;
            for (ServiceFacts service : record.services.values()) {
                if (service.ownerUid() == null || !service.ownerUid().equals(uid)) {
                    unowned.add(service.name());
                } else {
                    owned++;
                }
            }
            return new Known(record.deployment == null ? null : record.deployment.name(), unowned, owned);
        }
    }

    /**
     * The objects of a system as the cache knows them.
     *
     * @param deployment       the Deployment's name, or {@code null} when not known
     * @param unownedServices  Services of the system that no Deployment of it owns
     * @param ownedServices    how many Services the Deployment owns
     */
    public record Known(String deployment, List<String> unownedServices, int ownedServices) {
    }

    /**
     * The pods of a system, newest first.
     *
     * @param identifier the system identifier
     * @return their facts
     */
    public List<PodFacts> pods(String identifier) {
        SystemRecord record = systems.get(identifier);
        if (record == null) {
            return List.of();
        }
        synchronized (record) {
            List<PodFacts> pods = new ArrayList<>(record.pods.values());
            pods.sort((a, b) -> {
                Instant x = a.created() == null ? Instant.MIN : a.created();
                Instant y = b.created() == null ? Instant.MIN : b.created();
                return y.compareTo(x);
            });
            return pods;
        }
    }

    /**
     * Takes note of a system being deleted: status stops showing it at once, and late watch events about it do not
     * bring it back.
     *
     * @param identifier the system identifier
     */
    public void deleted(String identifier) {
        tombstones.add(identifier);
        SystemRecord record = systems.get(identifier);
        if (record != null) {
            synchronized (record) {
                if (!record.removed) {
                    forget(identifier, record);
                }
            }
        }
    }

    /**
     * Marks a system's record removed and drops everything that leads to it, so that late watch events do not
     * bring it back and nothing keeps it alive. The caller holds the record's monitor.
     */
    private void forget(String identifier, SystemRecord record) {
        record.removed = true;
        systems.remove(identifier, record);
        tombstones.add(identifier);
        if (record.deployment != null) {
            byName.remove(record.deployment.name(), record);
            for (String claim : record.deployment.claims()) {
                claimSystems.computeIfPresent(claim, (name, users) -> {
                    users.remove(identifier);
                    return users.isEmpty() ? null : users;
                });
            }
        }
        if (record.recheck != null) {
            record.recheck.cancel(false);
        }
        record.status = null;
        changes.incrementAndGet();
    }

    /**
     * The state of a system as last derived.
     *
     * @param identifier the system identifier
     * @return the state, if the system is known
     */
    public Optional<SystemState> state(String identifier) {
        return status(identifier).map(SystemStatus::state);
    }

    /**
     * Takes in an object this backend just wrote (the answer of a create or an edit), so that status shows it at
     * once rather than when the watch brings it; an object the cache already holds in a newer version is ignored.
     *
     * @param object a Deployment or Service of a system
     */
    public void wrote(HasMetadata object) {
        if (object instanceof Deployment deployment) {
            onDeployment(deployment, false);
        } else if (object instanceof Service service) {
            onService(service, false);
        }
    }

    // ---- facts for starts ----------------------------------------------------------------------------------------

    /**
     * Whether a claim exists, from the cache.
     *
     * @param claim the claim's name
     * @return the answer, or empty while the claims are not synced
     */
    public Optional<Boolean> claimExists(String claim) {
        CompletableFuture<Void> synced = claimsSynced;
        return synced.isDone() && !synced.isCompletedExceptionally() ? Optional.of(claims.contains(claim))
                : Optional.empty();
    }

    /**
     * Whether a Service exists (the Ambassador Service), from the cache; the first question about a name starts
     * an informer for it.
     *
     * @param name the Service's name
     * @return the answer, or empty while that informer is not synced
     */
    public Optional<Boolean> serviceExists(String name) {
        NamedFact<Boolean> fact = named(namedServices, name, () -> client.services().inNamespace(namespace)
                .withName(name), Service.class, service -> Boolean.TRUE, Boolean.FALSE);
        return fact == null ? Optional.empty() : fact.value();
    }

    /**
     * The Secret {@code <app id>-env} of an app, from the cache; the first question about an app starts an
     * informer for its Secret.
     *
     * @param appId the app id
     * @return its content, or empty while that informer is not synced
     */
    public Optional<EnvSecret> envSecret(String appId) {
        String name = appId + "-env";
        NamedFact<EnvSecret> fact = named(envSecrets, name, () -> client.secrets().inNamespace(namespace)
                .withName(name), Secret.class, EnvSecret::of, EnvSecret.ABSENT);
        return fact == null ? Optional.empty() : fact.value();
    }

    /** Stops the informers and the timer. */
    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::stop);
        timer.shutdownNow();
        statusSynced.completeExceptionally(new IllegalStateException("closed"));
    }

    /**
     * What this cache holds per system, for measuring its size: the records, the indexes, the informers' stores.
     *
     * @return the structures
     */
    public Object[] footprint() {
        return new Object[] {systems, byName, podSystems, serviceSystems, claimSystems, List.copyOf(stores)};
    }

    // ---- informer events -----------------------------------------------------------------------------------------

    private void onDeployment(Deployment deployment, boolean deleted) {
        String identifier = identifier(deployment.getMetadata().getLabels(), deployment.getMetadata().getName());
        if (identifier == null) {
            return;
        }
        if (deleted) {
            SystemRecord record = systems.get(identifier);
            if (record == null) {
                return;
            }
            synchronized (record) {
                if (record.removed) {
                    return;
                }
                forget(identifier, record);
                record.deployment = null;
                events.record(identifier, LaunchEvent.Kind.ORCHESTRATOR, "Deleted", "the system's Deployment "
                                + deployment.getMetadata().getName() + " was deleted",
                        "Deployment/" + deployment.getMetadata().getName(), false,
                        SystemState.of(SystemPhase.TERMINATING, "Deleted", "the system's Deployment was deleted"));
                events.ended(identifier);
            }
            return;
        }
        SystemRecord record = record(identifier);
        if (record == null) {
            return;
        }
        DeploymentFacts facts = DeploymentFacts.of(deployment);
        synchronized (record) {
            if (record.removed || older(deployment, record.deploymentVersion)) {
                return;
            }
            record.deploymentVersion = deployment.getMetadata().getResourceVersion();
            if (record.deployment == null) {
                facts.claims().forEach(claim -> claimSystems.computeIfAbsent(claim, c -> ConcurrentHashMap.newKeySet())
                        .add(identifier));
            }
            record.deployment = facts;
            byName.put(facts.name(), record);
            refresh(record);
        }
    }

    private void onPod(Pod pod, boolean deleted) {
        String name = pod.getMetadata().getName();
        String identifier = deleted ? podSystems.remove(name) : identifier(pod.getMetadata().getLabels(), name);
        if (identifier == null) {
            return;
        }
        SystemRecord record = deleted ? systems.get(identifier) : record(identifier);
        if (record == null) {
            return;
        }
        synchronized (record) {
            if (record.removed) {
                return;
            }
            if (deleted) {
                record.pods.remove(name);
                record.seen.forget(name);
            } else {
                PodFacts facts = PodFacts.of(pod);
                record.pods.put(name, facts);
                record.seen.observe(facts, clock.instant());
                podSystems.put(name, identifier);
            }
            refresh(record);
        }
    }

    private void onService(Service service, boolean deleted) {
        String name = service.getMetadata().getName();
        String identifier = deleted ? serviceSystems.remove(name)
                : identifier(service.getMetadata().getLabels(), name);
        if (identifier == null) {
            return;
        }
        SystemRecord record = deleted ? systems.get(identifier) : record(identifier);
        if (record == null) {
            return;
        }
        synchronized (record) {
            if (record.removed) {
                return;
            }
            if (deleted) {
                record.services.remove(name);
                record.serviceVersions.remove(name);
            } else {
                if (older(service, record.serviceVersions.get(name))) {
                    return;
                }
                record.serviceVersions.put(name, service.getMetadata().getResourceVersion());
                record.services.put(name, ServiceFacts.of(service));
                serviceSystems.put(name, identifier);
            }
            refresh(record);
        }
    }

    private void onEvent(Event event, boolean deleted) {
        if (deleted) {
            return;
        }
        Instant now = clock.instant();
        EventFacts facts = EventFacts.of(event, now);
        if (facts == null) {
            return;
        }
        for (String identifier : systemsOf(facts.kind(), facts.name())) {
            SystemRecord record = systems.get(identifier);
            if (record == null) {
                continue;
            }
            synchronized (record) {
                if (record.removed || "PersistentVolumeClaim".equals(facts.kind()) && record.state != null
                        && record.state.isReady()) {
                    continue;
                }
                record.seen.observe(facts, now);
                SystemState state = refresh(record, false);
                String message = facts.message() + (facts.count() > 1 ? " (" + facts.count() + " times)" : "");
                events.record(identifier, LaunchEvent.Kind.ORCHESTRATOR, facts.reason(), message,
                        facts.kind() + "/" + facts.name(), facts.warning(), state != null ? state
                                : SystemState.of(SystemPhase.PENDING, "Created", "waiting for the Deployment"),
                        facts.time());
            }
        }
    }

    /** Whether an Event is about a known system's objects (the others are not kept). */
    private boolean concernsASystem(Event event) {
        if (event.getInvolvedObject() == null || event.getInvolvedObject().getName() == null) {
            return false;
        }
        return !systemsOf(event.getInvolvedObject().getKind(), event.getInvolvedObject().getName()).isEmpty();
    }

    private List<String> systemsOf(String kind, String name) {
        if ("PersistentVolumeClaim".equals(kind)) {
            Set<String> users = claimSystems.get(name);
            return users == null ? List.of() : List.copyOf(users);
        }
        if (!"Pod".equals(kind) && !"ReplicaSet".equals(kind) && !"Deployment".equals(kind)) {
            return List.of();
        }
        String identifier = "Pod".equals(kind) ? podSystems.get(name) : null;
        if (identifier == null) {
            identifier = identifierIn(name);
        }
        return identifier != null && systems.containsKey(identifier) ? List.of(identifier) : List.of();
    }

    /** Derives a system's state and status again, and records a change of state. Call with its monitor held. */
    private SystemState refresh(SystemRecord record) {
        return refresh(record, true);
    }

    private SystemState refresh(SystemRecord record, boolean recordChange) {
        if (record.deployment == null) {
            record.status = null;
            changes.incrementAndGet();
            return null;
        }
        Instant now = clock.instant();
        LaunchStates.Derived derived = LaunchStates.derive(record.deployment, new ArrayList<>(record.pods.values()),
                record.seen, settings, now);
        if (record.recheck != null) {
            record.recheck.cancel(false);
            record.recheck = null;
        }
        if (derived.recheckAt() != null && !closed) {
            long delay = Math.max(0, Duration.between(now, derived.recheckAt()).toMillis()) + 1;
            record.recheck = timer.schedule(() -> {
                synchronized (record) {
                    if (!record.removed) {
                        refresh(record);
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
        SystemStatus status = status(record.deployment, record.services, derived.state());
        record.status = status;
        record.state = derived.state();
        changes.incrementAndGet();
        if (recordChange) {
            events.stateChanged(record.identifier, derived.state());
        }
        return derived.state();
    }

    private SystemStatus status(DeploymentFacts deployment, Map<String, ServiceFacts> services, SystemState state) {
        Map<String, ServiceEndpoint> endpoints = Endpoints.of(deployment, services, namespace);
        return SystemStatus.builder(deployment.appId(), deployment.identifier(), deployment.username(), state)
                .name(deployment.name())
                .creationTime(deployment.creationTime())
                .utilization(deployment.utilization())
                .workspaceName(deployment.workspaceName())
                .url(Endpoints.url(deployment, services, settings))
                .services(endpoints)
                .build();
    }

    /**
     * Status from objects listed directly (when the cache cannot sync): the same derivation, without what only
     * watching shows (Events, entries into a waiting reason).
     *
     * @param deployments the Deployments
     * @param pods        their pods
     * @param services    their Services
     * @return one status per Deployment, sorted by name
     */
    List<SystemStatus> statusOf(List<Deployment> deployments, List<Pod> pods, List<Service> services) {
        Map<String, SystemRecord> records = new ConcurrentSkipListMap<>();
        Map<String, SystemRecord> byIdentifier = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            DeploymentFacts facts = DeploymentFacts.of(deployment);
            if (facts.identifier() != null) {
                SystemRecord record = new SystemRecord(facts.identifier());
                record.deployment = facts;
                records.put(facts.name(), record);
                byIdentifier.put(facts.identifier(), record);
            }
        }
        Instant now = clock.instant();
        for (Pod pod : pods) {
            PodFacts facts = PodFacts.of(pod);
            SystemRecord record = facts.identifier() == null ? null : byIdentifier.get(facts.identifier());
            if (record != null) {
                record.pods.put(facts.name(), facts);
                record.seen.observe(facts, now);
            }
        }
        for (Service service : services) {
            ServiceFacts facts = ServiceFacts.of(service);
            SystemRecord record = facts.identifier() == null ? null : byIdentifier.get(facts.identifier());
            if (record != null) {
                record.services.put(facts.name(), facts);
            }
        }
        List<SystemStatus> result = new ArrayList<>();
        for (SystemRecord record : records.values()) {
            LaunchStates.Derived derived = LaunchStates.derive(record.deployment, new ArrayList<>(record.pods.values()),
                    record.seen, settings, now);
            result.add(status(record.deployment, record.services, derived.state()));
        }
        return result;
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** The record of a system, created on first sight; {@code null} for a system deleted through this backend. */
    private SystemRecord record(String identifier) {
        if (tombstones.contains(identifier)) {
            return null;
        }
        return systems.computeIfAbsent(identifier, SystemRecord::new);
    }

    /** Whether an object is older than a version already taken in (versions compared as numbers where they are). */
    private static boolean older(HasMetadata object, String known) {
        String version = object.getMetadata().getResourceVersion();
        if (known == null || version == null) {
            return false;
        }
        try {
            return Long.parseLong(version) < Long.parseLong(known);
        } catch (NumberFormatException opaque) {
            return false;
        }
    }

    private static String identifier(Map<String, String> labels, String name) {
        String label = labels == null ? null : labels.get(Labels.GUID);
        return label != null ? label : identifierIn(name);
    }

    /** The identifier in an object's name ({@code <app>-<identifier>}, {@code <app>-<identifier>-<hash>-<id>}). */
    static String identifierIn(String name) {
        if (name == null) {
            return null;
        }
        Matcher matcher = IDENTIFIER.matcher(name);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Starts an informer that keeps only keys and resource versions, and feeds a handler. */
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Informable<T> source, Class<T> type,
                                                                    Predicate<T> keep, Handler<T> handler) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        informer.removeNamespaceIndex();
        ItemStore<T> store = new VersionStore<>(type);
        informer.itemStore(keep == null ? store : new FilteringStore<>(store, keep));
        stores.add(store);
        Arrivals arrived = new Arrivals();
        arrivals.put(informer, arrived);
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                handle(handler, object, false);
                arrived.added();
            }

            @Override
            public void onUpdate(T old, T object) {
                if (old == null || !Objects.equals(old.getMetadata().getResourceVersion(),
                        object.getMetadata().getResourceVersion())) {
                    handle(handler, object, false);
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                handle(handler, object, true);
            }
        });
        informers.add(informer);
        return informer;
    }

    /**
     * Starts an informer; the future completes when it has synced and its handler has taken in every listed object
     * (fabric8 hands them to handlers on another thread), or fails when it cannot start.
     */
    private CompletableFuture<Void> started(SharedIndexInformer<?> informer) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new IllegalStateException("closed"));
            return future;
        }
        informer.start().whenComplete((ok, failure) -> {
            if (failure != null) {
                if (!closed) {
                    LOG.warn("informer of {} in namespace {} did not start: {}",
                            informer.getApiTypeClass().getSimpleName(), namespace, rootMessage(failure));
                }
                future.completeExceptionally(failure);
            } else {
                Arrivals arrived = arrivals.get(informer);
                arrived.expect(informer.getStore().listKeys().size());
                arrived.done.whenComplete((done, never) -> future.complete(null));
            }
        });
        return future;
    }

    /** Counts the objects a handler took in, to tell when it has taken in a whole list. */
    private static final class Arrivals {
        private final AtomicInteger added = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile int expected = Integer.MAX_VALUE;

        private void added() {
            if (added.incrementAndGet() >= expected) {
                done.complete(null);
            }
        }

        private void expect(int count) {
            expected = count;
            if (added.get() >= count) {
                done.complete(null);
            }
        }
    }

    private static <T> void handle(Handler<T> handler, T object, boolean deleted) {
        try {
            handler.handle(object, deleted);
        } catch (RuntimeException e) {
            LOG.warn("cannot take in a change of {}: {}", object.getClass().getSimpleName(), e.toString(), e);
        }
    }

    private <T extends HasMetadata, V> NamedFact<V> named(Map<String, NamedFact<V>> facts, String name,
                                                          java.util.function.Supplier<Informable<T>> source,
                                                          Class<T> type, java.util.function.Function<T, V> read,
                                                          V absent) {
        NamedFact<V> fact = facts.get(name);
        if (fact != null || closed) {
            return fact;
        }
        if (facts.size() >= NAMED_INFORMERS_LIMIT) {
            return null;
        }
        return facts.computeIfAbsent(name, n -> {
            NamedFact<V> created = new NamedFact<>(absent);
            SharedIndexInformer<T> watched = informer(source.get(), type, null, (object, deleted) ->
                    created.current = deleted ? absent : read.apply(object));
            created.ready = started(watched);
            return created;
        });
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Receives the objects of an informer. */
    @FunctionalInterface
    private interface Handler<T> {
        void handle(T object, boolean deleted);
    }

    /** One object watched by name. */
    private static final class NamedFact<V> {
        private volatile V current;
        private volatile CompletableFuture<Void> ready;

        private NamedFact(V absent) {
            this.current = absent;
        }

        private Optional<V> value() {
            CompletableFuture<Void> synced = ready;
            return synced != null && synced.isDone() && !synced.isCompletedExceptionally()
                    ? Optional.ofNullable(current) : Optional.empty();
        }
    }

    /** An item store that keeps only the items a predicate accepts (the others arrive as new each time). */
    private static final class FilteringStore<T> implements ItemStore<T> {
        private final ItemStore<T> delegate;
        private final Predicate<T> keep;

        private FilteringStore(ItemStore<T> delegate, Predicate<T> keep) {
            this.delegate = delegate;
            this.keep = keep;
        }

        @Override
        public String getKey(T object) {
            return delegate.getKey(object);
        }

        @Override
        public T put(String key, T object) {
            return keep.test(object) ? delegate.put(key, object) : delegate.remove(key);
        }

        @Override
        public T remove(String key) {
            return delegate.remove(key);
        }

        @Override
        public Stream<String> keySet() {
            return delegate.keySet();
        }

        @Override
        public Stream<T> values() {
            return delegate.values();
        }

        @Override
        public int size() {
            return delegate.size();
        }

        @Override
        public T get(String key) {
            return delegate.get(key);
        }

        @Override
        public boolean isFullState() {
            return false;
        }
    }

    /**
     * The status of all systems as of a version of the cache: kept while nothing changes, so that status of all
     * costs nothing more than returning it.
     *
     * @param version  the number of changes it reflects
     * @param statuses the statuses, sorted by name
     */
    private record Snapshot(long version, List<SystemStatus> statuses) {
    }

    /** What is known of one system; guarded by its own monitor. */
    private static final class SystemRecord {
        private final String identifier;
        private final Map<String, PodFacts> pods = new LinkedHashMap<>(2);
        private final Map<String, ServiceFacts> services = new LinkedHashMap<>(2);
        private final Map<String, String> serviceVersions = new LinkedHashMap<>(2);
        private final Observations seen = new Observations();
        private String deploymentVersion;
        private DeploymentFacts deployment;
        private volatile SystemStatus status;
        private SystemState state;
        private ScheduledFuture<?> recheck;
        private boolean removed;

        private SystemRecord(String identifier) {
            this.identifier = identifier;
        }
    }
}
