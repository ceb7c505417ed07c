package org.example.table;

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
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that records systems as rows of a {@link Table}: a row for the system, then one per service. A start
 * that fails part way removes the rows it wrote. Nothing runs; every system is ready at once, at the URL of its
 * row, {@code table:<identifier>}.
 */
public final class TableBackend implements Backend {

    private static final SystemState READY = SystemState.of(SystemPhase.READY, "Recorded", "written to the table");
    private static final SystemState DELETED = SystemState.of(SystemPhase.TERMINATING, "Deleted", "removed");

    private final Table table;
    private final Clock clock;
    private final Map<String, TychoSystem> systems = new ConcurrentHashMap<>();
    /** System identifier to container name to its resource limits. */
    private final Map<String, Map<String, Map<String, String>>> limits = new ConcurrentHashMap<>();
    private final SystemEvents events;

    /**
     * Creates the backend.
     *
     * @param table where the rows go
     * @param clock gives creation times
     */
    public TableBackend(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
        this.events = new SystemEvents(clock, identifier -> Optional.ofNullable(systems.get(identifier))
                .map(this::status));
    }

    @Override
    public String name() {
        return TableBackendProvider.NAME;
    }

    @Override
    public StartResult start(TychoSystem system) {
        List<String> written = new ArrayList<>();
        try {
            write(written, system.identifier(), Map.of("app", system.appId(), "user", system.username(),
                    "created", clock.instant().toString()));
            system.services().forEach((name, service) -> write(written, system.identifier() + "/" + name,
                    Map.of("port", service.port())));
        } catch (RuntimeException e) {
            written.forEach(table::remove);
            throw new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                    + system.username() + ": " + e.getMessage(), e);
        }
        systems.put(system.identifier(), system);
        Map<String, Map<String, String>> resources = new LinkedHashMap<>();
        for (Container container : system.containers()) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("cpu", container.limits().cpus());
            values.put("memory", container.limits().memory());
            resources.put(container.name(), values);
        }
        limits.put(system.identifier(), resources);
        events.record(system.identifier(), LaunchEvent.Kind.TYCHO, "Created", "rows written", "", false, READY);
        return new StartResult(system.name(), system.identifier(), system.connString(), Map.of(),
                url(system.identifier()));
    }

    private void write(List<String> written, String key, Map<String, String> row) {
        table.put(key, row);
        written.add(key);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> result = new ArrayList<>();
        for (TychoSystem system : systems.values()) {
            boolean matches = query.username() != null ? system.username().equals(query.username())
                    : query.identifier() == null || system.identifier().equals(query.identifier());
            if (matches) {
                result.add(status(system));
            }
        }
        result.sort(Comparator.comparing(SystemStatus::name));
        return result;
    }

    private SystemStatus status(TychoSystem system) {
        Map<String, Map<String, String>> utilization = limits.getOrDefault(system.identifier(), Map.of());
        Map<String, String> row = table.rows().get(system.identifier());
        return SystemStatus.builder(system.appId(), system.identifier(), system.username(), READY)
                .creationTime(row == null ? null : Instant.parse(row.get("created")))
                .utilization(utilization)
                .url(url(system.identifier()))
                .build();
    }

    private static String url(String identifier) {
        return "table:" + identifier;
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        Map<String, Map<String, String>> resources = limits.computeIfPresent(request.identifier(), (id, old) -> {
            Map<String, Map<String, String>> changed = new LinkedHashMap<>();
            old.forEach((container, values) -> {
                Map<String, String> copy = new LinkedHashMap<>(values);
                if (request.cpus() != null) {
                    copy.put("cpu", request.cpus());
                }
                if (request.memory() != null) {
                    copy.put("memory", request.memory());
                }
                changed.put(container, copy);
            });
            return changed;
        });
        if (resources == null) {
            throw new UnknownSystemException(request.identifier());
        }
        return new ModifyResult(request.identifier(), List.of(Map.of("resources", resources)));
    }

    @Override
    public DeleteResult delete(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        TychoSystem system = systems.remove(identifier);
        if (system == null) {
            return new DeleteResult(identifier, 0);
        }
        limits.remove(identifier);
        int deleted = 0;
        for (String key : new ArrayList<>(table.rows().keySet())) {
            if ((key.equals(identifier) || key.startsWith(identifier + "/")) && table.remove(key)) {
                deleted++;
            }
        }
        events.record(identifier, LaunchEvent.Kind.STATE, "Deleted", "rows removed", "", false, DELETED);
        events.ended(identifier);
        return new DeleteResult(identifier, deleted);
    }

    @Override
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        return events.awaitReady(Names.requireIdentifier("identifier", identifier), timeout);
    }

    @Override
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        return events.publisher(Names.requireIdentifier("identifier", identifier));
    }

    @Override
    public String logs(String identifier, String container, int tailLines) {
        TychoSystem system = systems.get(identifier);
        if (system == null || system.container(container) == null) {
            throw new UnknownSystemException(identifier);
        }
        return "";
    }

    @Override
    public void close() {
        events.close();
    }
}
