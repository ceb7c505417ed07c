package org.helxplatform.tycho.context.internal.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
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
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that keeps started systems in memory: the development mode of Python Tycho's {@code NullContext},
 * but consistent: what is started shows in status, modify changes it, delete removes it. Nothing runs; every
 * system reports ready. Useful to develop a host without a cluster, and in tests. Thread-safe.
 */
public final class InMemoryBackend implements Backend {

    private final Clock clock;
    private final Map<String, Entry> systems = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> nextStartFailure = new AtomicReference<>();
    private final SystemEvents events;

    private static final SystemState READY = SystemState.of(SystemPhase.READY, "InMemory",
            "kept in memory; nothing runs");
    private static final SystemState DELETED = SystemState.of(SystemPhase.TERMINATING, "Deleted",
            "the system was deleted");

    private record Entry(TychoSystem system, Instant created, Map<String, String> labels) {
    }

    /**
     * Creates an empty backend.
     *
     * @param clock gives the creation times
     */
    public InMemoryBackend(Clock clock) {
        this.clock = clock;
        this.events = new SystemEvents(clock, identifier -> Optional.ofNullable(systems.get(identifier))
                .map(this::status));
    }

    @Override
    public String name() {
        return InMemoryBackendProvider.NAME;
    }

    /**
     * Makes the next start fail with the given cause, storing nothing, so hosts can test their error handling.
     *
     * @param cause what the start will fail with (as the cause of a {@link StartException})
     */
    public void failNextStart(RuntimeException cause) {
        nextStartFailure.set(cause);
    }

    @Override
    public StartResult start(TychoSystem system) {
        RuntimeException failure = nextStartFailure.getAndSet(null);
        if (failure != null) {
            throw new StartException(system.identifier(), "cannot start app " + system.appId() + ": "
                    + failure.getMessage(), failure);
        }
        Entry previous = systems.putIfAbsent(system.identifier(),
                new Entry(system, clock.instant(), new LinkedHashMap<>()));
        if (previous != null) {
            throw new StartException(system.identifier(), "a system with identifier " + system.identifier()
                    + " is already running", null);
        }
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        system.containers().stream().filter(c -> system.services().containsKey(c.name()))
                .forEach(c -> endpoints.put(c.name(), ServiceEndpoint.ofPort("port-1",
                        Integer.valueOf(system.services().get(c.name()).port()))));
        events.record(system.identifier(), LaunchEvent.Kind.TYCHO, "Created", "stored the system in memory", "",
                false, READY);
        return new StartResult(system.name(), system.identifier(), system.connString(), endpoints, null);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> result = new ArrayList<>();
        for (Entry entry : systems.values()) {
            TychoSystem system = entry.system();
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
        Entry updated = systems.computeIfPresent(request.identifier(), (id, entry) -> {
            List<Container> containers = new ArrayList<>();
            for (Container container : entry.system().containers()) {
                containers.add(container.toBuilder()
                        .limits(changed(container.limits(), request))
                        .requests(changed(container.requests(), request))
                        .build());
            }
            Map<String, String> labels = new LinkedHashMap<>(entry.labels());
            labels.putAll(request.labels());
            return new Entry(entry.system().withContainers(containers), entry.created(), labels);
        });
        if (updated == null) {
            throw new UnknownSystemException(request.identifier());
        }
        return new ModifyResult(request.identifier(), List.of(patch(request, updated.system())));
    }

    @Override
    public DeleteResult delete(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        boolean removed = systems.remove(identifier) != null;
        if (removed) {
            events.record(identifier, LaunchEvent.Kind.STATE, "Deleted", "the system was deleted", "", false,
                    DELETED);
            events.ended(identifier);
        }
        return new DeleteResult(identifier, removed ? 1 : 0);
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
        Entry entry = systems.get(identifier);
        if (entry == null || entry.system().container(container) == null) {
            throw new UnknownSystemException(identifier);
        }
        return "";
    }

    /** Stops the event journal's threads; like systems on a cluster, the systems stay while this object lives. */
    @Override
    public void close() {
        events.close();
    }

    private SystemStatus status(Entry entry) {
        TychoSystem system = entry.system();
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
        Map<String, ServiceEndpoint> endpoints = new LinkedHashMap<>();
        system.containers().stream().filter(c -> system.services().containsKey(c.name()))
                .forEach(c -> endpoints.put(c.name(), ServiceEndpoint.ofPort("port-1",
                        Integer.valueOf(system.services().get(c.name()).port()))));
        return SystemStatus.builder(system.appId(), system.identifier(), system.username(), READY)
                .creationTime(entry.created())
                .utilization(utilization)
                .services(endpoints)
                .build();
    }

    private static ResourceLimits changed(ResourceLimits limits, ModifyRequest request) {
        ResourceLimits result = limits;
        if (request.cpu() != null) {
            result = result.withCpus(request.cpu());
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
        putIfSet(resources, "cpu", request.cpu());
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
