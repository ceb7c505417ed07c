package org.helxplatform.tycho.backend.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.DeleteException;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.backend.SystemEvents;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.InvalidValueException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs systems on one Docker engine, as docker-compose would (see {@link SystemPlanner} for the mapping).
 *
 * <p>A start plans the system, pulls missing images and prepares claim directories before it creates anything,
 * then creates the network and each container, and starts them; if anything fails part way (the engine refuses a
 * container, a port is taken, the engine goes away), it removes every container and the network it created before
 * reporting the cause. Status, modify and delete find a system's containers and network by the label
 * {@code tycho-guid}. Modify changes CPU and memory of the running containers in place; Docker cannot change the
 * labels of a container or network, so labels given to modify are not applied, and the result says so. Delete
 * removes the containers (with their anonymous volumes) and the network; claim directories stay.
 *
 * <p>A system's state is derived from its containers' inspect state ({@link ContainerView#state}). Launch events
 * are Tycho's own steps (pulled, created, started, rolled back, deleted) merged with the engine's events about the
 * system's containers (start, die, oom, restart, health status), followed from the engine's event stream
 * ({@link EngineEvents}, opened on first use), which also settles {@link #awaitReady} without polling per waiter;
 * systems not settled yet are looked at once a second besides.
 *
 * <p>The system's opt-in security measures are honoured as far as Docker can: {@code TYCHO_APP_HARDENED} drops all
 * capabilities, sets {@code no-new-privileges} and refuses a system that would run as root (user 0, or an image
 * without a non-root user id when no user is set); {@code TYCHO_APP_TOKENS_IN_SECRET} refuses a start that carries
 * tokens (Docker has no Secrets); {@code TYCHO_APP_REQUIRE_CLAIMS} refuses a start whose claim directory is missing,
 * which is otherwise created with a warning in the {@link StartResult}. Every refusal comes before anything is
 * created.
 *
 * <p>Thread-safe: one backend serves all request threads of a host.
 */
public final class DockerBackend implements Backend {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** The backend's name. */
    public static final String NAME = "docker";

    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PORT_ATTEMPTS = 3;
    private static final String LABELS_NOT_APPLIED = "Docker cannot change the labels of a running container or"
            + " network: labels are set when a system starts";

    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_OUTPUT = 200;
    private static final String INVALID_REFERENCE = "invalid reference format";
    private static final String NO_NEW_PRIVILEGES = "no-new-privileges";
    private static final String CONFIG_ERROR = "CreateContainerConfigError";

    private final DockerClient client;
    private final boolean ownsClient;
    private final DockerSettings settings;
    private final HostPorts hostPorts;
    private final SystemEvents events;
    private final EngineEvents engine;
    /** Systems started, waited for or followed here that are neither ready nor failed yet. */
    private final Set<String> unsettled = ConcurrentHashMap.newKeySet();
    /** Systems whose state is to be looked at after engine events about them. */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** Systems this backend is deleting: the engine's events about them do not end them, delete does. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    /**
     * Creates a backend. Prefer {@code Backends.create("docker", configuration)}.
     *
     * @param client     the engine's client
     * @param ownsClient whether {@link #close()} closes the client
     * @param settings   the settings
     * @param clock      gives the time of Tycho's own launch events
     */
    public DockerBackend(DockerClient client, boolean ownsClient, DockerSettings settings, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostPorts = settings.hostPorts() == null ? null : new HostPorts(settings.hostPorts());
        this.events = new SystemEvents(clock, this::statusOf);
        this.engine = new EngineEvents(client, this::engineEvent, this::pollUnsettled);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StartResult start(TychoSystem system) {
        String id = system.identifier();
        SystemPlan plan = SystemPlanner.plan(system, settings);
        List<String> warnings = new ArrayList<>(plan.warnings());
        warnings.addAll(ClaimDirectories.check(system, plan.claims()));
        try {
            if (!containersOf(id).isEmpty() || !networksOf(id).isEmpty()) {
                throw new StartException(id, "cannot start app " + system.appId() + " for " + system.username()
                        + ": a system with identifier " + id + " already exists on the Docker engine; delete it"
                        + " first, or start with a new identifier", null, OptionalInt.of(409));
            }
        } catch (RuntimeException e) {
            throw e instanceof StartException start ? start : failed(system, e, "", "");
        }
        // From here on the identifier is this start's: its events are the system's.
        warnings.forEach(warning -> LOG.warn("system {}: {}", system.name(), warning));
        engine.start();
        tycho(id, "Planned", plan.containers().size() + " containers on network " + plan.networkName(), "",
                SystemState.of(SystemPhase.PENDING, "Planned", "about to pull images and create containers"));
        try {
            for (String image : new LinkedHashSet<>(plan.containers().stream()
                    .map(SystemPlan.ContainerPlan::image).toList())) {
                ensureImage(system, image);
            }
            for (SystemPlan.ContainerPlan container : plan.containers()) {
                if (container.hardened() && container.user() == null) {
                    requireNonRootImageUser(system, container);
                }
            }
            for (SystemPlan.ClaimDirectory directory : plan.directories()) {
                prepare(system, directory);
            }
        } catch (StartException e) {
            events.ended(id);
            throw e;
        }
        Created created = new Created();
        try {
            created.step = "creating network " + plan.networkName();
            created.network = client.createNetworkCmd().withName(plan.networkName()).withDriver("bridge")
                    .withLabels(plan.labels()).withCheckDuplicate(true).exec().getId();
            tycho(id, "Created", "created network " + plan.networkName(), "Network/" + plan.networkName(),
                    SystemState.of(SystemPhase.PENDING, "ContainerCreating", "creating the containers"));
            for (SystemPlan.ContainerPlan container : plan.containers()) {
                createAndStart(plan, container, created);
            }
            created.step = "reading the published ports";
            List<ContainerView> views = new ArrayList<>();
            for (String container : created.containers) {
                views.add(view(client.inspectContainerCmd(container).exec()));
            }
            SystemView view = new SystemView(views, settings.crashRestarts());
            LOG.info("started {} for {} ({} containers on network {})", system.name(), system.username(),
                    created.containers.size(), plan.networkName());
            SystemState state = view.state();
            events.stateChanged(id, state);
            if (!state.isReady() && !state.isFailed()) {
                unsettled.add(id);
            }
            return new StartResult(system.name(), id, system.connString(), view.endpoints(), view.url(), warnings);
        } catch (RuntimeException e) {
            String step = created.step;
            String removed = rollBack(id, created);
            StartException failure = failed(system, e, step + ": ", " (" + removed + ")");
            events.record(id, LaunchEvent.Kind.TYCHO, "RolledBack", removed + ", after: " + step + ": "
                    + EngineErrors.describe(e, settings.dockerHost()), "", true,
                    SystemState.of(SystemPhase.FAILED, "StartFailed", failure.getMessage()));
            events.ended(id);
            throw failure;
        }
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put(Labels.EXECUTOR, Labels.TYCHO);
        if (query.username() != null) {
            filter.put(Labels.USERNAME, query.username());
        } else if (query.identifier() != null) {
            filter.put(Labels.GUID, query.identifier());
        }
        try {
            Map<String, List<ContainerView>> systems = new LinkedHashMap<>();
            for (Container container : client.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec()) {
                ContainerView view = inspect(container.getId());
                String guid = view == null ? null : view.labels().get(Labels.GUID);
                if (guid != null) {
                    systems.computeIfAbsent(guid, key -> new ArrayList<>()).add(view);
                }
            }
            List<SystemStatus> result = new ArrayList<>();
            systems.values().forEach(views -> result.add(new SystemView(views, settings.crashRestarts()).status()));
            result.sort(Comparator.comparing(SystemStatus::name, Comparator.nullsLast(Comparator.naturalOrder())));
            return result;
        } catch (RuntimeException e) {
            throw new StatusException(query.identifier(), "cannot list Tycho's containers: "
                    + EngineErrors.describe(e, settings.dockerHost()), e, httpStatus(e));
        }
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        String id = request.identifier();
        List<Container> containers;
        try {
            containers = containersOf(id);
        } catch (RuntimeException e) {
            throw new ModifyException(id, "cannot find the containers of system " + id + ": "
                    + EngineErrors.describe(e, settings.dockerHost()), e, httpStatus(e));
        }
        if (containers.isEmpty()) {
            throw new UnknownSystemException(id);
        }
        Long nanoCpus = request.cpus() == null ? null : positive(id, "cpus", request.cpus(),
                SystemPlan.Resources.nanoCpus("cpus", request.cpus()));
        Long memory = request.memory() == null ? null : positive(id, "memory", request.memory(),
                SystemPlan.Resources.bytes("memory", request.memory()));
        List<Map<String, Object>> patches = new ArrayList<>();
        List<Container> ordered = new ArrayList<>(containers);
        ordered.sort(Comparator.comparing(c -> c.getLabels().getOrDefault(Labels.CONTAINER, "")));
        if (nanoCpus != null || memory != null) {
            for (Container container : ordered) {
                String service = container.getLabels().getOrDefault(Labels.CONTAINER, "");
                try {
                    var update = client.updateContainerCmd(container.getId());
                    if (nanoCpus != null) {
                        update.withNanoCPUs(nanoCpus)
                                .withCpuShares(SystemPlan.Resources.cpuShares("cpus", request.cpus()));
                    }
                    if (memory != null) {
                        // Limit and request alike, and no swap beyond the limit, as on Kubernetes.
                        update.withMemory(memory).withMemoryReservation(memory).withMemorySwap(memory);
                    }
                    update.exec();
                } catch (RuntimeException e) {
                    throw new ModifyException(id, "cannot change the resources of container " + service
                            + " of system " + id + ": " + EngineErrors.describe(e, settings.dockerHost()), e,
                            httpStatus(e));
                }
                Map<String, Object> resources = new LinkedHashMap<>();
                if (request.cpus() != null) {
                    resources.put("cpu", request.cpus());
                }
                if (request.memory() != null) {
                    resources.put("memory", request.memory());
                }
                Map<String, Object> patch = new LinkedHashMap<>();
                patch.put("container", service);
                patch.put("resources", resources);
                patches.add(Collections.unmodifiableMap(patch));
            }
        }
        if (!request.labels().isEmpty()) {
            LOG.warn("system {}: labels {} not applied: {}", id, request.labels().keySet(), LABELS_NOT_APPLIED);
            Map<String, Object> patch = new LinkedHashMap<>();
            patch.put("labels", new LinkedHashMap<>(request.labels()));
            patch.put("applied", false);
            patch.put("reason", LABELS_NOT_APPLIED);
            patches.add(Collections.unmodifiableMap(patch));
        }
        String changed = (request.cpus() == null ? "" : "cpu " + request.cpus() + " ")
                + (request.memory() == null ? "" : "memory " + request.memory() + " ");
        statusOf(id).ifPresent(status -> tycho(id, "Modified", (changed.isEmpty() ? "nothing changed"
                : "set " + changed.strip() + " live") + (request.labels().isEmpty() ? "" : "; labels not applied"),
                "", status.state()));
        return new ModifyResult(id, patches);
    }

    @Override
    public DeleteResult delete(String identifier) {
        // Never build a label filter from something else: "tycho-guid=" alone would match nothing, but a check
        // costs nothing and says what is wrong.
        Names.requireIdentifier("identifier", identifier);
        try {
            boolean exists = !containersOf(identifier).isEmpty();
            deleting.add(identifier);
            if (exists) {
                events.stateChanged(identifier, SystemState.of(SystemPhase.TERMINATING, "Deleting",
                        "removing the containers and the network"));
            }
            int[] removed = removeAll(identifier);
            int deleted = removed[0] + removed[1];
            unsettled.remove(identifier);
            if (deleted > 0) {
                LOG.info("deleted system {} ({} containers, {} networks)", identifier, removed[0], removed[1]);
                tycho(identifier, "Deleted", "removed " + removed[0] + " containers and " + removed[1]
                        + " networks; claim directories are kept", "",
                        SystemState.of(SystemPhase.TERMINATING, "Deleted", "the system was deleted"));
            }
            if (exists || deleted > 0) {
                events.ended(identifier);
            }
            return new DeleteResult(identifier, deleted);
        } catch (RuntimeException e) {
            throw new DeleteException(identifier, "cannot delete system " + identifier + ": "
                    + EngineErrors.describe(e, settings.dockerHost()), e, httpStatus(e));
        } finally {
            deleting.remove(identifier);
        }
    }

    @Override
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        Names.requireIdentifier("identifier", identifier);
        engine.start();
        try {
            Optional<SystemStatus> current = status(StatusQuery.identifier(identifier)).stream().findFirst();
            if (current.isPresent() && !current.get().ready() && !current.get().state().isFailed()) {
                unsettled.add(identifier);
            }
        } catch (StatusException e) {
            return CompletableFuture.failedFuture(e);
        }
        return events.awaitReady(identifier, timeout);
    }

    @Override
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        engine.start();
        return events.publisher(identifier);
    }

    @Override
    public String logs(String identifier, String container, int tailLines) {
        Names.requireIdentifier("identifier", identifier);
        if (tailLines < 1) {
            throw new InvalidValueException("tailLines", tailLines, "must be 1 or more");
        }
        Container found;
        try {
            found = containersOf(identifier).stream()
                    .filter(c -> container.equals(c.getLabels().get(Labels.CONTAINER))).findFirst().orElse(null);
        } catch (RuntimeException e) {
            throw new StatusException(identifier, "cannot find the containers of system " + identifier + ": "
                    + EngineErrors.describe(e, settings.dockerHost()), e, httpStatus(e));
        }
        if (found == null) {
            throw new UnknownSystemException(identifier);
        }
        StringBuilder text = new StringBuilder();
        try (ResultCallback.Adapter<Frame> frames = client.logContainerCmd(found.getId()).withStdOut(true)
                .withStdErr(true).withTail(tailLines).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        synchronized (text) {
                            text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }
                })) {
            if (!frames.awaitCompletion(LOGS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new StatusException(identifier, "the logs of container " + container + " of system "
                        + identifier + " did not arrive within " + LOGS_TIMEOUT.toSeconds() + " seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusException(identifier, "interrupted while reading the logs of container " + container, e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof StatusException status) {
                throw status;
            }
            throw new StatusException(identifier, "cannot read the logs of container " + container + " of system "
                    + identifier + ": " + EngineErrors.describe(e, settings.dockerHost()), e, httpStatus(e));
        }
        synchronized (text) {
            String lines = text.toString();
            return lines.endsWith("\n") ? lines.substring(0, lines.length() - 1) : lines;
        }
    }

    @Override
    public void close() {
        engine.close();
        events.close();
        if (ownsClient) {
            try {
                client.close();
            } catch (IOException e) {
                LOG.warn("could not close the Docker client: {}", e.toString());
            }
        }
    }

    /**
     * The status of one system, for the launch events and waiters.
     *
     * @param identifier the system identifier
     * @return its status, or empty when it has no container (or the engine cannot be asked)
     */
    private Optional<SystemStatus> statusOf(String identifier) {
        try {
            return status(StatusQuery.identifier(identifier)).stream().findFirst();
        } catch (StatusException e) {
            LOG.debug("no status of system {}: {}", identifier, e.getMessage());
            return Optional.empty();
        }
    }

    /** An engine event about one of Tycho's containers: recorded for its system, with the state it leads to. */
    private void engineEvent(Event event) {
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        String identifier = attributes.get(Labels.GUID);
        if (identifier == null || !Names.isIdentifier(identifier)) {
            return;
        }
        String action = event.getAction() == null ? String.valueOf(event.getStatus()) : event.getAction();
        String service = attributes.getOrDefault(Labels.CONTAINER, attributes.getOrDefault("name", ""));
        String exit = attributes.get("exitCode");
        String what = switch (action) {
            case "die" -> "exited" + (exit == null ? "" : " with code " + exit);
            case "oom" -> "ran out of memory";
            case "health_status: healthy" -> "answers its health check";
            case "health_status: unhealthy" -> "fails its health check";
            case "destroy" -> "was removed";
            default -> action;
        };
        boolean warning = action.equals("oom") || action.equals("health_status: unhealthy")
                || action.equals("die") && exit != null && !exit.equals("0") || action.equals("kill");
        boolean beingDeleted = deleting.contains(identifier);
        Optional<SystemState> last = events.lastState(identifier);
        if (last.isEmpty() && !beingDeleted) {
            // Not followed yet, or ended already (deleted, or its start rolled back): learn its state first.
            Optional<SystemStatus> status = statusOf(identifier);
            if (status.isEmpty()) {
                return;
            }
            last = Optional.of(status.get().state());
        }
        SystemState state = beingDeleted ? SystemState.of(SystemPhase.TERMINATING, "Deleting",
                "removing the containers and the network") : last.orElseThrow();
        Instant time = event.getTimeNano() != null ? Instant.ofEpochSecond(0, event.getTimeNano())
                : Instant.ofEpochSecond(event.getTime() == null ? 0 : event.getTime());
        events.record(identifier, LaunchEvent.Kind.ORCHESTRATOR, reason(action), "container " + service + " " + what,
                "Container/" + attributes.getOrDefault("name", service), warning, state, time);
        if (!beingDeleted && refreshing.add(identifier)) {
            // One look at the system after a burst of its events (create, start, health...): its new state.
            engine.execute(() -> refresh(identifier));
        }
    }

    /** Looks at a system after engine events about it, and records the state they led to. */
    private void refresh(String identifier) {
        refreshing.remove(identifier);
        if (deleting.contains(identifier)) {
            return;
        }
        Optional<SystemStatus> status = statusOf(identifier);
        if (status.isEmpty()) {
            if (events.lastState(identifier).isPresent()) {
                events.stateChanged(identifier, SystemState.of(SystemPhase.TERMINATING, "Removed",
                        "the system's containers were removed"));
                events.ended(identifier);
            }
            unsettled.remove(identifier);
            return;
        }
        SystemState state = status.get().state();
        events.stateChanged(identifier, state);
        if (state.isReady() || state.isFailed()) {
            unsettled.remove(identifier);
        }
    }

    /** The engine's action as a reason word: {@code health_status: healthy} is {@code HealthStatusHealthy}. */
    static String reason(String action) {
        StringBuilder reason = new StringBuilder();
        for (String word : action.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                reason.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return reason.length() == 0 ? "EngineEvent" : reason.toString();
    }

    /** Looks at the systems not settled yet, in case the event stream missed what settles them. */
    private void pollUnsettled() {
        for (String identifier : List.copyOf(unsettled)) {
            if (!refreshing.contains(identifier)) {
                refresh(identifier);
            }
        }
    }

    /** Records one of Tycho's own steps. */
    private void tycho(String identifier, String reason, String message, String involvedObject, SystemState state) {
        events.record(identifier, LaunchEvent.Kind.TYCHO, reason, message, involvedObject, false, state);
    }

    /** Creates a claim directory, or fails the start (nothing is created on the engine yet). */
    private void prepare(TychoSystem system, SystemPlan.ClaimDirectory directory) {
        try {
            List<Path> created = ClaimDirectories.prepare(directory);
            if (!created.isEmpty()) {
                LOG.info("created claim directories {} for system {}", created, system.name());
                tycho(system.identifier(), "ClaimPrepared", "created claim directory " + directory.path(), "",
                        SystemState.of(SystemPhase.PENDING, "ClaimPrepared", "claim directories are ready"));
            }
        } catch (IOException e) {
            String message = "cannot start app " + system.appId() + " for " + system.username() + ": " + (e
                    instanceof ClaimDirectories.LinkInClaim ? "claim directory " + e.getMessage() + ", which Tycho"
                    + " does not follow inside a claim (a link there, made by an app, could expose any directory of"
                    + " this machine); replace the link with a directory"
                    : "cannot create claim directory " + directory.path() + " (" + e + "); check "
                    + DockerSettings.VOLUME_ROOT + " (" + settings.volumeRoot() + ") is a directory Tycho may"
                    + " write");
            events.record(system.identifier(), LaunchEvent.Kind.TYCHO, "FailedMount", message, "", true,
                    SystemState.of(SystemPhase.FAILED, "FailedMount", message));
            throw new StartException(system.identifier(), message, e);
        }
    }

    private static boolean invalidImageName(Throwable e) {
        return String.valueOf(e.getMessage()).contains(INVALID_REFERENCE);
    }

    /** The engine's HTTP status in a failure's causes, if it answered. */
    private static OptionalInt httpStatus(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DockerException docker && docker.getHttpStatus() > 0) {
                return OptionalInt.of(docker.getHttpStatus());
            }
            if (cause instanceof org.helxplatform.tycho.backend.BackendException backend
                    && backend.status().isPresent()) {
                return backend.status();
            }
        }
        return OptionalInt.empty();
    }

    /** What a start has created so far, to be removed if it fails. */
    private static final class Created {
        private String step = "";
        private String network;
        private final List<String> containers = new ArrayList<>();
    }

    /** Creates and starts one container; when its host port turns out to be taken, tries another. */
    private void createAndStart(SystemPlan plan, SystemPlan.ContainerPlan container, Created created) {
        Set<Integer> tried = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            Integer hostPort = null;
            if (container.publishedPort() != null && hostPorts != null) {
                created.step = "choosing a host port for container " + container.service();
                hostPort = hostPorts.reserve(publishedHostPorts(), tried);
                if (hostPort == null) {
                    throw new StartException(plan.identifier(), "no free host port for the service of container "
                            + container.service() + ": every port of " + DockerSettings.HOST_PORTS + "="
                            + hostPorts.range() + " is published by a container or taken on "
                            + settings.bindAddress() + (tried.isEmpty() ? "" : " (tried " + new TreeSet<>(tried)
                            + ")") + "; widen the range, or stop what holds its ports");
                }
            }
            try {
                created.step = "creating container " + container.service() + " (image " + container.image() + ")";
                String containerId = create(plan, container, hostPort);
                created.containers.add(containerId);
                tycho(plan.identifier(), "Created", "created container " + container.service() + " (image "
                        + container.image() + ")", "Container/" + container.name(),
                        SystemState.of(SystemPhase.PENDING, "ContainerCreating", "creating the containers"));
                try {
                    created.step = "starting container " + container.service();
                    client.startContainerCmd(containerId).exec();
                    tycho(plan.identifier(), "Started", "started container " + container.service()
                            + (container.publishedPort() == null ? "" : ", its port " + container.publishedPort()
                            + " published on " + settings.bindAddress()), "Container/" + container.name(),
                            SystemState.of(SystemPhase.STARTING, "ContainerStarting", "starting the containers"));
                    return;
                } catch (RuntimeException e) {
                    boolean retry = container.publishedPort() != null && EngineErrors.portTaken(e)
                            && (hostPorts != null || attempt < PORT_ATTEMPTS);
                    if (!retry) {
                        throw e;
                    }
                    LOG.info("host port {} of {} is taken; trying another", hostPort == null ? "chosen by the engine"
                            : hostPort, container.name());
                    client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
                    created.containers.remove(containerId);
                    if (hostPort != null) {
                        tried.add(hostPort);
                    }
                }
            } finally {
                if (hostPort != null) {
                    hostPorts.release(hostPort);
                }
            }
        }
    }

    private String create(SystemPlan plan, SystemPlan.ContainerPlan container, Integer hostPort) {
        CreateContainerCmd create = client.createContainerCmd(container.image())
                .withName(container.name())
                .withHostName(container.service())
                .withAliases(container.service())
                .withEnv(container.env())
                .withLabels(container.labels())
                .withExposedPorts(container.exposedPorts().stream().map(ExposedPort::tcp).toList())
                .withHostConfig(hostConfig(plan.networkName(), container, hostPort, settings.bindAddress()));
        if (!container.entrypoint().isEmpty()) {
            create.withEntrypoint(container.entrypoint());
        }
        if (container.user() != null) {
            create.withUser(container.user());
        }
        SystemPlan.Health health = container.health();
        if (health != null) {
            create.withHealthcheck(new HealthCheck().withTest(health.test())
                    .withInterval(health.intervalSeconds() * NANOS_PER_SECOND)
                    .withTimeout(health.timeoutSeconds() * NANOS_PER_SECOND)
                    .withRetries(health.retries())
                    .withStartPeriod(health.startPeriodSeconds() * NANOS_PER_SECOND)
                    .withStartInterval(health.startInterval() * NANOS_PER_SECOND));
        }
        return create.exec().getId();
    }

    /**
     * The engine's host configuration of a container.
     *
     * @param network     the system's network
     * @param container   the container
     * @param hostPort    the host port to publish its service on, or {@code null} for one the engine chooses
     * @param bindAddress the address to publish on
     * @return the host configuration
     */
    static HostConfig hostConfig(String network, SystemPlan.ContainerPlan container, Integer hostPort,
                                 String bindAddress) {
        SystemPlan.Resources resources = container.resources();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network)
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withNanoCPUs(resources.nanoCpus())
                .withCpuShares(resources.cpuShares())
                .withMemory(resources.memory())
                .withMemorySwap(resources.memory())
                .withMemoryReservation(resources.memoryReservation());
        if (resources.gpus() > 0) {
            host.withDeviceRequests(List.of(new DeviceRequest().withCount(resources.gpus())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        if (!container.groups().isEmpty()) {
            host.withGroupAdd(container.groups());
        }
        if (container.hardened()) {
            // What Docker can do of Pod Security restricted: no capabilities, no privilege escalation through setuid
            // binaries or file capabilities; the engine's default seccomp profile applies anyway.
            host.withCapDrop(Capability.ALL).withSecurityOpts(List.of(NO_NEW_PRIVILEGES));
        }
        if (!container.mounts().isEmpty()) {
            host.withBinds(container.mounts().stream().map(mount -> new Bind(mount.hostPath().toString(),
                    new com.github.dockerjava.api.model.Volume(mount.mountPath()))).toList());
        }
        if (container.publishedPort() != null) {
            Ports.Binding binding = hostPort == null ? Ports.Binding.bindIp(bindAddress)
                    : Ports.Binding.bindIpAndPort(bindAddress, hostPort);
            host.withPortBindings(new PortBinding(binding, ExposedPort.tcp(container.publishedPort())));
        }
        return host;
    }

    /**
     * Under {@code TYCHO_APP_HARDENED}, a container without {@code runAsUser} runs as its image's user, which must
     * then be a non-root user id, as the kubelet requires of a pod with {@code runAsNonRoot}: an image without a
     * user, with user 0 or {@code root}, or with a user name (which cannot be checked without running the image) is
     * refused before anything is created, with the reason {@code CreateContainerConfigError} the kubelet gives.
     */
    private void requireNonRootImageUser(TychoSystem system, SystemPlan.ContainerPlan container) {
        String imageUser;
        try {
            ContainerConfig config = client.inspectImageCmd(container.image()).exec().getConfig();
            imageUser = config == null || config.getUser() == null ? "" : config.getUser();
        } catch (RuntimeException e) {
            throw failed(system, e, "image " + container.image() + ": ", "");
        }
        String problem = rootUserProblem(imageUser);
        if (problem == null) {
            return;
        }
        String message = "cannot start app " + system.appId() + " for " + system.username() + ": with "
                + TychoSettings.HARDENED + "=true container " + container.service() + " may not run as root, and"
                + " without securityContext.runAsUser it runs as the user of image " + container.image() + ", "
                + problem + "; set the app's registry securityContext.runAsUser, or TYCHO_APP_RUN_AS_USER, to a"
                + " non-root uid such as 1000, or turn " + TychoSettings.HARDENED + " off";
        events.record(system.identifier(), LaunchEvent.Kind.TYCHO, CONFIG_ERROR, message, "", true,
                SystemState.of(SystemPhase.FAILED, CONFIG_ERROR, message));
        throw new StartException(system.identifier(), message);
    }

    /**
     * Whether an image's user is a non-root user id.
     *
     * @param imageUser the image's {@code User}: {@code user[:group]} by name or id, empty for root
     * @return {@code null} when it is a user id other than 0, else what is wrong with it, for a message
     */
    static String rootUserProblem(String imageUser) {
        String user = imageUser.contains(":") ? imageUser.substring(0, imageUser.indexOf(':')) : imageUser;
        if (user.isEmpty()) {
            return "which is root: the image sets no user";
        }
        if (user.equals("root") || user.matches("0+")) {
            return "which is root (" + imageUser + ")";
        }
        if (!user.matches("\\d{1,10}")) {
            return "which is the user name " + user + ": only a user id can be checked to be non-root";
        }
        return null;
    }

    /** Pulls an image the engine does not have; a clear error when it cannot. */
    private void ensureImage(TychoSystem system, String image) {
        try {
            client.inspectImageCmd(image).exec();
            return;
        } catch (NotFoundException missing) {
            LOG.info("pulling image {} for system {}", image, system.name());
            tycho(system.identifier(), "Pulling", "pulling image " + image, "",
                    SystemState.of(SystemPhase.STARTING, "Pulling", "pulling image " + image));
        } catch (RuntimeException e) {
            StartException failure = failed(system, e, "image " + image + ": ", "");
            String reason = invalidImageName(e) ? "InvalidImageName" : "StartFailed";
            events.record(system.identifier(), LaunchEvent.Kind.TYCHO, reason, failure.getMessage(), "", true,
                    SystemState.of(SystemPhase.FAILED, reason, failure.getMessage()));
            throw failure;
        }
        ImageReference reference = ImageReference.parse(image);
        String why;
        OptionalInt status = OptionalInt.empty();
        try (QuietPull pull = client.pullImageCmd(reference.repository()).withTag(reference.tag())
                .exec(new QuietPull())) {
            if (pull.awaitCompletion(settings.pullTimeout().toSeconds(), TimeUnit.SECONDS)) {
                pull.throwFailure();
                tycho(system.identifier(), "Pulled", "pulled image " + image, "",
                        SystemState.of(SystemPhase.STARTING, "Pulled", "pulled image " + image));
                return;
            }
            why = "the pull did not finish within " + settings.pullTimeout().toSeconds() + " seconds ("
                    + DockerSettings.PULL_TIMEOUT + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        } catch (IOException | RuntimeException e) {
            why = EngineErrors.describe(e, settings.dockerHost());
            status = httpStatus(e);
        }
        String message = "cannot start app " + system.appId() + " for " + system.username() + ": image " + image
                + " is not on the Docker engine and cannot be pulled: " + why + ". Check the image name, or pull or"
                + " load the image into the engine yourself (docker pull, after docker login for a private"
                + " registry)";
        String reason = why.contains(INVALID_REFERENCE) ? "InvalidImageName" : "ErrImagePull";
        events.record(system.identifier(), LaunchEvent.Kind.TYCHO, reason, "cannot pull image " + image + ": " + why,
                "", true, SystemState.of(SystemPhase.FAILED, reason, message));
        throw new StartException(system.identifier(), message, null, status);
    }

    /**
     * Follows a pull and keeps its failure for the caller's error message, instead of logging it with a stack
     * trace at level ERROR as docker-java's callbacks do.
     */
    private static final class QuietPull extends PullImageResultCallback {
        private volatile Throwable failure;

        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            try {
                close();
            } catch (IOException e) {
                LOG.debug("could not close the pull stream: {}", e.toString());
            }
        }

        /** Throws the pull's failure, if it failed. */
        void throwFailure() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure.getMessage(), failure);
            }
        }
    }

    /**
     * Removes what a failed start created, then anything else labelled with its identifier.
     *
     * @return what was removed, for the error message
     */
    private String rollBack(String identifier, Created created) {
        int containersRemoved = 0;
        int networksRemoved = 0;
        List<String> containers = new ArrayList<>(created.containers);
        Collections.reverse(containers);
        for (String container : containers) {
            try {
                client.removeContainerCmd(container).withForce(true).withRemoveVolumes(true).exec();
                containersRemoved++;
            } catch (NotFoundException gone) {
                // removed already
            } catch (RuntimeException e) {
                LOG.warn("could not remove container {} of failed start {}: {}", container, identifier,
                        EngineErrors.describe(e, settings.dockerHost()));
            }
        }
        if (created.network != null) {
            try {
                client.removeNetworkCmd(created.network).exec();
                networksRemoved++;
            } catch (NotFoundException gone) {
                // removed already
            } catch (RuntimeException e) {
                LOG.warn("could not remove network {} of failed start {}: {}", created.network, identifier,
                        EngineErrors.describe(e, settings.dockerHost()));
            }
            // This start created the system's network, so the identifier is its own: anything else labelled with
            // it (a container whose creation answer was lost) is its too.
            try {
                int[] rest = removeAll(identifier);
                containersRemoved += rest[0];
                networksRemoved += rest[1];
            } catch (RuntimeException e) {
                LOG.warn("could not remove the rest of failed start {}: {}", identifier,
                        EngineErrors.describe(e, settings.dockerHost()));
            }
        }
        return "removed the " + containersRemoved + (containersRemoved == 1 ? " container" : " containers")
                + " and " + networksRemoved + (networksRemoved == 1 ? " network" : " networks") + " created for it";
    }

    /**
     * Removes every container, then every network, labelled with an identifier.
     *
     * @return how many containers and how many networks were removed
     */
    private int[] removeAll(String identifier) {
        int[] removed = new int[2];
        for (Container container : containersOf(identifier)) {
            try {
                client.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed[0]++;
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
        }
        for (Network network : networksOf(identifier)) {
            try {
                client.removeNetworkCmd(network.getId()).exec();
                removed[1]++;
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
        }
        return removed;
    }

    private List<Container> containersOf(String identifier) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put(Labels.EXECUTOR, Labels.TYCHO);
        filter.put(Labels.GUID, identifier);
        return client.listContainersCmd().withShowAll(true).withLabelFilter(filter).exec();
    }

    private List<Network> networksOf(String identifier) {
        return client.listNetworksCmd().withFilter("label", List.of(Labels.EXECUTOR + "=" + Labels.TYCHO,
                Labels.GUID + "=" + identifier)).exec();
    }

    /** Host ports published by the engine's running containers. */
    private Set<Integer> publishedHostPorts() {
        Set<Integer> ports = new HashSet<>();
        for (Container container : client.listContainersCmd().exec()) {
            if (container.getPorts() != null) {
                for (ContainerPort port : container.getPorts()) {
                    if (port.getPublicPort() != null) {
                        ports.add(port.getPublicPort());
                    }
                }
            }
        }
        return ports;
    }

    private ContainerView inspect(String containerId) {
        try {
            return view(client.inspectContainerCmd(containerId).exec());
        } catch (NotFoundException gone) {
            return null;
        }
    }

    /** The parts of an inspected container status needs. */
    static ContainerView view(InspectContainerResponse inspected) {
        Map<String, String> labels = inspected.getConfig() == null || inspected.getConfig().getLabels() == null
                ? Map.of() : inspected.getConfig().getLabels();
        InspectContainerResponse.ContainerState state = inspected.getState();
        String status = state == null || state.getStatus() == null ? "unknown" : state.getStatus();
        String health = state == null || state.getHealth() == null ? null : state.getHealth().getStatus();
        String healthOutput = "";
        if (state != null && state.getHealth() != null && state.getHealth().getLog() != null
                && !state.getHealth().getLog().isEmpty()) {
            var last = state.getHealth().getLog().get(state.getHealth().getLog().size() - 1);
            if (last.getExitCodeLong() != null && last.getExitCodeLong() != 0 && last.getOutput() != null) {
                String output = last.getOutput().strip().lines().findFirst().orElse("");
                healthOutput = output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) + "..." : output;
            }
        }
        boolean finished = status.equals("exited") || status.equals("dead") || status.equals("restarting");
        Integer exitCode = finished && state.getExitCodeLong() != null ? state.getExitCodeLong().intValue() : null;
        HostConfig host = inspected.getHostConfig();
        long nanoCpus = host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs();
        long memory = host == null || host.getMemory() == null ? 0 : host.getMemory();
        Integer hostPort = null;
        String servicePort = labels.get(Labels.SERVICE_PORT);
        if (servicePort != null && inspected.getNetworkSettings() != null
                && inspected.getNetworkSettings().getPorts() != null) {
            Ports.Binding[] bindings = inspected.getNetworkSettings().getPorts().getBindings()
                    .get(ExposedPort.tcp(Integer.parseInt(servicePort)));
            if (bindings != null && bindings.length > 0 && bindings[0].getHostPortSpec() != null
                    && DIGITS.matcher(bindings[0].getHostPortSpec()).matches()) {
                hostPort = Integer.valueOf(bindings[0].getHostPortSpec());
            }
        }
        return new ContainerView(inspected.getId(), labels, status, health, healthOutput, exitCode,
                state != null && Boolean.TRUE.equals(state.getOOMKilled()), state == null ? null : state.getError(),
                inspected.getRestartCount() == null ? 0 : inspected.getRestartCount(),
                instant(inspected.getCreated()), nanoCpus, memory, hostPort);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Long positive(String identifier, String field, String quantity, Long value) {
        if (value == null) {
            throw new ModifyException(identifier, "cannot modify system " + identifier + ": " + field + " " + quantity
                    + " must be above 0 (Docker keeps the current limit for 0)");
        }
        return value;
    }

    private StartException failed(TychoSystem system, RuntimeException e, String step, String removed) {
        return new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                + system.username() + ": " + step + (e instanceof StartException ? e.getMessage()
                : EngineErrors.describe(e, settings.dockerHost())) + removed, e, httpStatus(e));
    }
}
