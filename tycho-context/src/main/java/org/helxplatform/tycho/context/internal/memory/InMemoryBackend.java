package org.helxplatform.tycho.context.internal.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.SystemEvents;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that keeps started systems in memory: the development mode of Python Tycho's {@code NullContext},
 * but consistent: what is started shows in status, modify changes it, delete removes it. Nothing runs, but the
 * lifecycle is played as on a cluster ({@link Simulation}): a system is {@code PENDING}, then {@code STARTING}
 * (pulling its image), then {@code READY} with a URL, or {@code FAILED} with the reason configured for its app,
 * with launch events for each step; waiting and events work as with a real backend. By default every system is
 * ready at once. Useful to develop a host without a cluster, and in tests. Thread-safe.
 */
public final class InMemoryBackend implements Backend {

    private final Clock clock;
    private final Simulation simulation;
    private final Map<String, Entry> systems = new ConcurrentHashMap<>();
    private final SystemEvents events;
    private final ScheduledExecutorService timer;

    private static final SystemState DELETED = SystemState.of(SystemPhase.TERMINATING, "Deleted",
            "the system was deleted");

    /** A stored system; its state changes as the simulation advances (guarded by the entry's monitor). */
    private static final class Entry {
        /** Replaced in place by a modify, so that the lifecycle steps already scheduled still find their entry. */
        private volatile TychoSystem system;
        private final Instant created;
        private volatile SystemState state;
        private ScheduledFuture<?> next;

        private Entry(TychoSystem system, Instant created, SystemState state) {
            this.system = system;
            this.created = created;
            this.state = state;
        }
    }

    /**
     * Creates an empty backend whose systems are ready at once.
     *
     * @param clock gives the creation times
     */
    public InMemoryBackend(Clock clock) {
        this(clock, Simulation.IMMEDIATE);
    }

    /**
     * Creates an empty backend.
     *
     * @param clock      gives the creation times and the times of events
     * @param simulation how systems go through their lifecycle
     */
    public InMemoryBackend(Clock clock, Simulation simulation) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.events = new SystemEvents(clock, identifier -> Optional.ofNullable(systems.get(identifier))
                .map(this::status));
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tycho-memory-lifecycle");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    @Override
    public String name() {
        return InMemoryBackendProvider.NAME;
    }

    @Override
    public StartResult start(TychoSystem system) {
        String id = system.identifier();
        if (simulation.refused().contains(system.appId())) {
            throw new StartException(id, "cannot start app " + system.appId() + ": the start is refused ("
                    + Simulation.REFUSE + " simulates an orchestrator that refuses it)");
        }
        SystemState pending = SystemState.of(SystemPhase.PENDING, "Scheduling",
                "simulated: waiting for a node to run the system");
        Entry entry = new Entry(system, clock.instant(), pending);
        Entry previous = systems.putIfAbsent(id, entry);
        if (previous != null) {
            throw new StartException(id, "a system with identifier " + id + " is already running", null);
        }
        synchronized (entry) {
            events.record(id, LaunchEvent.Kind.TYCHO, "Created", "stored the system in memory", "", false, pending);
            after(entry, simulation.pending(), () -> starting(entry));
        }
        return new StartResult(system.name(), id, system.connString(), endpoints(system), url(system));
    }

    /** Runs a step after a delay, or at once (on the calling thread) when there is none. Holds the entry's monitor. */
    private void after(Entry entry, Duration delay, Runnable step) {
        if (delay.isZero()) {
            step.run();
        } else {
            entry.next = timer.schedule(() -> {
                synchronized (entry) {
                    step.run();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void starting(Entry entry) {
        TychoSystem system = entry.system;
        if (systems.get(system.identifier()) != entry) {
            return;
        }
        String image = system.containers().isEmpty() ? "" : system.containers().get(0).image();
        entry.state = SystemState.of(SystemPhase.STARTING, "Pulling", "simulated: pulling image " + image);
        events.record(system.identifier(), LaunchEvent.Kind.ORCHESTRATOR, "Pulling", "simulated: pulling image "
                + image, "Pod/" + system.name(), false, entry.state);
        after(entry, simulation.starting(), () -> finished(entry));
    }

    private void finished(Entry entry) {
        TychoSystem system = entry.system;
        if (systems.get(system.identifier()) != entry) {
            return;
        }
        String failure = simulation.failures().get(system.appId());
        if (failure != null) {
            entry.state = SystemState.of(SystemPhase.FAILED, failure, "simulated failure of app " + system.appId()
                    + " (" + Simulation.FAIL + ")");
            events.record(system.identifier(), LaunchEvent.Kind.ORCHESTRATOR, failure, entry.state.message(),
                    "Pod/" + system.name(), true, entry.state);
        } else {
            int count = system.containers().size();
            entry.state = SystemState.of(SystemPhase.READY, "ContainersReady", "simulated: all " + count
                    + (count == 1 ? " container is" : " containers are") + " ready");
            events.record(system.identifier(), LaunchEvent.Kind.ORCHESTRATOR, "Started",
                    "simulated: started " + count + (count == 1 ? " container" : " containers"),
                    "Pod/" + system.name(), false, entry.state);
        }
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> result = new ArrayList<>();
        for (Entry entry : systems.values()) {
            TychoSystem system = entry.system;
            boolean matches = query.username() != null ? system.username().equals(query.username())
                    : query.identifier() == null || system.identifier().equals(query.identifier());
            if (matches) {
                result.add(status(entry));
            }
        }
        result.sort(Comparator.comparing(SystemStatus::name));
        return result;
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        Entry entry = systems.get(request.identifier());
        if (entry == null) {
            throw new UnknownSystemException(request.identifier());
        }
        TychoSystem changed;
        synchronized (entry) {
            List<Container> containers = new ArrayList<>();
            for (Container container : entry.system.containers()) {
                containers.add(container.toBuilder()
                        .limits(changed(container.limits(), request))
                        .requests(changed(container.requests(), request))
                        .build());
            }
            changed = entry.system.withContainers(containers);
            entry.system = changed;
        }
        return new ModifyResult(request.identifier(), List.of(patch(request, changed)));
    }

    @Override
    public DeleteResult delete(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        Entry removed = systems.remove(identifier);
        if (removed != null) {
            synchronized (removed) {
                if (removed.next != null) {
                    removed.next.cancel(false);
                }
            }
            events.record(identifier, LaunchEvent.Kind.TYCHO, "Deleted", "removed the system from memory", "", false,
                    DELETED);
            events.ended(identifier);
        }
        return new DeleteResult(identifier, removed != null ? 1 : 0);
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

    /**
     * One line saying that nothing runs, once the system is ready (none before, as a container that has not started
     * wrote nothing).
     *
     * @param identifier the system identifier
     * @param container  a container of the system
     * @param tailLines  how many lines at most
     * @return the line, or empty
     */
    @Override
    public String logs(String identifier, String container, int tailLines) {
        Entry entry = systems.get(identifier);
        if (entry == null || entry.system.container(container) == null) {
            throw new UnknownSystemException(identifier);
        }
        return entry.state.isReady() && tailLines > 0 ? "simulated: container " + container + " of app "
                + entry.system.appId() + " is kept in memory; nothing runs\n" : "";
    }

    /** Stops the lifecycle timer and the event journal's threads; the systems stay while this object lives. */
    @Override
    public void close() {
        timer.shutdownNow();
        events.close();
    }

    private SystemStatus status(Entry entry) {
        TychoSystem system = entry.system;
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        String gpu = system.options().gpuResourceName();
        for (Container container : system.containers()) {
            Map<String, String> limits = new LinkedHashMap<>();
            ResourceLimits l = container.limits();
            putIfSet(limits, "cpu", l.cpus());
            putIfSet(limits, "memory", l.memory());
            putIfSet(limits, gpu, l.gpus());
            if (l.ephemeralStorage() != null && !l.ephemeralStorage().isEmpty() && !l.ephemeralStorage().equals("0")) {
                limits.put("ephemeral-storage", l.ephemeralStorage());
            }
            utilization.put(container.name(), limits);
        }
        return SystemStatus.builder(system.appId(), system.identifier(), system.username(), entry.state)
                .creationTime(entry.created)
                .utilization(utilization)
                .url(entry.state.isReady() ? url(system) : null)
                .services(endpoints(system))
                .build();
    }

    /** Each container with a service: its port, at {@code <container>-<identifier>:<port>} as on Kubernetes. */
    private static Map<String, ServiceEndpoint> endpoints(TychoSystem system) {
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        for (Container container : system.containers()) {
            SystemService service = system.services().get(container.name());
            if (service != null) {
                Integer port = Integer.valueOf(service.port());
                endpoints.put(container.name(), new ServiceEndpoint("port-1", port, container.name() + "-"
                        + system.identifier() + ":" + port, null, null, null));
            }
        }
        return endpoints;
    }

    /** The URL the system would have behind Ambassador: the path alone when the start named no host. */
    private static String url(TychoSystem system) {
        String path = "/private/" + system.appId() + "/" + system.username() + "/" + system.identifier() + "/"
                + system.connString();
        return system.host() == null || system.host().isBlank() ? path : "https://" + system.host() + path;
    }

    private static ResourceLimits changed(ResourceLimits limits, ModifyRequest request) {
        ResourceLimits result = limits;
        if (request.cpus() != null) {
            result = result.withCpus(request.cpus());
        }
        if (request.memory() != null) {
            result = result.withMemory(request.memory());
        }
        return result;
    }

    /** The same shape of patch the Kubernetes backend's default template makes. */
    private static Map<String, Object> patch(ModifyRequest request, TychoSystem system) {
        Map<String, Object> template = new LinkedHashMap<>();
        if (!request.labels().isEmpty()) {
            template.put("metadata", Map.of("labels", new LinkedHashMap<>(request.labels())));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        putIfSet(resources, "cpu", request.cpus());
        putIfSet(resources, "memory", request.memory());
        if (!resources.isEmpty()) {
            List<Object> containers = new ArrayList<>();
            for (Container container : system.containers()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", container.name());
                entry.put("image", container.image());
                // Ordered (limits, then requests), unlike Map.of, whose iteration order changes between JVM runs.
                Map<String, Object> parts = new LinkedHashMap<>();
                parts.put("limits", new LinkedHashMap<>(resources));
                parts.put("requests", new LinkedHashMap<>(resources));
                entry.put("resources", parts);
                containers.add(entry);
            }
            template.put("spec", Map.of("containers", containers));
        }
        return template.isEmpty() ? Map.of() : Map.of("spec", Map.of("template", template));
    }

    private static <V> void putIfSet(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
