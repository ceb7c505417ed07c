package org.helxplatform.tycho.examples.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.DeleteException;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.backend.StatusException;
import org.helxplatform.tycho.backend.SystemEvents;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.backend.kubernetes.internal.Deployments;
import org.helxplatform.tycho.backend.kubernetes.internal.StrategicMerge;
import org.helxplatform.tycho.examples.Yaml;
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
import org.helxplatform.tycho.model.TychoException;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A backend that runs nothing: it writes the Kubernetes objects of each started system as YAML files, for review,
 * for GitOps, or for {@code kubectl apply -f}. It shows how little a backend needs: a {@link Backend}, a
 * {@link ManifestsBackendProvider} registered in {@code META-INF/services}, and the contract test kit.
 *
 * <p>Layout: one folder per system under the root directory, named by the system identifier, holding one file per
 * object named {@code <kind>-<name>.yaml} (see {@link #fileName(String, String)}): the Deployment, the
 * NetworkPolicy when one is required, the Services. The objects come from the Kubernetes backend's own planner and
 * templates ({@link ManifestPlanner}).
 *
 * <ul>
 *   <li><b>start</b> writes the files into {@code <root>/.<identifier>.staging}, each to a temporary file moved
 *       into place, then renames that folder to {@code <root>/<identifier>}: a system appears whole or not at all,
 *       and a failed start removes the staging folder, leaving nothing behind. It reports no endpoints: nothing
 *       can be reached.</li>
 *   <li><b>status</b> reads the Deployment files as the Kubernetes backend reads Deployments
 *       ({@link Deployments#status}); nothing runs, so the files hold no {@code status} and no system is ready.</li>
 *   <li><b>modify</b> renders the Kubernetes backend's patch template and merges it into the Deployment file
 *       (pod labels, CPU and memory of every container), rewriting it atomically.</li>
 *   <li><b>delete</b> removes the system's folder.</li>
 * </ul>
 * Thread-safe: operations on one system are serialized; files are only ever replaced by atomic moves, so readers
 * never see a half-written file.
 */
public final class ManifestsBackend implements Backend {

    private static final String STAGING_SUFFIX = ".staging";
    private static final int LOCK_STRIPES = 64;
    /** The state of every system here: written, waiting for someone to apply it. */
    private static final SystemState WRITTEN = SystemState.of(SystemPhase.PENDING, "ManifestsWritten",
            "the manifests are written; nothing runs them until they are applied to a cluster");

    private final Path root;
    private final ManifestPlanner planner;
    private final Clock clock;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final SystemEvents events;

    /**
     * Creates a backend.
     *
     * @param root    the directory holding one folder per system; created when needed
     * @param planner plans the objects of a system
     * @param clock   gives the creation times
     */
    public ManifestsBackend(Path root, ManifestPlanner planner, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.planner = Objects.requireNonNull(planner, "planner");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        this.events = new SystemEvents(clock, identifier -> status(StatusQuery.identifier(identifier)).stream()
                .findFirst());
    }

    /**
     * The name of an object's file: {@code <kind in lower case>-<name>.yaml}, e.g.
     * {@code deployment-jupyter-notebook-<identifier>.yaml}.
     *
     * @param kind the object's kind
     * @param name the object's name
     * @return the file name
     */
    public static String fileName(String kind, String name) {
        return kind.toLowerCase(Locale.ROOT) + "-" + name + ".yaml";
    }

    @Override
    public String name() {
        return ManifestsBackendProvider.NAME;
    }

    /** @return the directory holding one folder per system */
    public Path root() {
        return root;
    }

    /**
     * @param identifier a system identifier
     * @return the folder of the system's files
     */
    public Path directory(String identifier) {
        // Only an identifier (32 hex digits) names a folder: no ".." or "/" can lead outside the root.
        return root.resolve(Names.requireIdentifier("identifier", identifier));
    }

    @Override
    public StartResult start(TychoSystem system) {
        String id = system.identifier();
        String what = "app " + system.appId() + " for " + system.username();
        List<HasMetadata> objects;
        try {
            objects = planner.objects(system);
        } catch (StartException e) {
            throw e;
        } catch (TychoException e) {
            throw new StartException(id, "cannot start " + what + ": " + e.getMessage(), e);
        }
        HasMetadata deployment = objects.get(0);
        deployment.getMetadata().setCreationTimestamp(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        synchronized (lock(id)) {
            Path target = directory(id);
            if (Files.exists(target)) {
                throw new StartException(id, "cannot start " + what + ": " + target + " already holds a system with"
                        + " identifier " + id);
            }
            Path staging = root.resolve("." + id + STAGING_SUFFIX);
            try {
                Files.createDirectories(staging);
                for (HasMetadata object : objects) {
                    writeAtomically(staging.resolve(fileName(object.getKind(), object.getMetadata().getName())),
                            Yaml.write(object));
                }
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UncheckedIOException e) {
                throw removeStaging(staging, new StartException(id, "cannot write the manifests of " + what + " to "
                        + target + ": " + e, e));
            }
        }
        events.record(id, LaunchEvent.Kind.TYCHO, "ManifestsWritten", "wrote the manifests of app "
                + system.appId() + " to " + directory(id), "", false, WRITTEN);
        return new StartResult(system.name(), id, system.connString(), Map.of(), null);
    }

    @Override
    public List<SystemStatus> status(StatusQuery query) {
        List<SystemStatus> result = new ArrayList<>();
        try {
            for (Path folder : systemFolders(query.username() == null ? query.identifier() : null)) {
                Deployment deployment = readDeployment(folder);
                if (deployment != null) {
                    SystemStatus status = Deployments.status(deployment).withState(WRITTEN);
                    if (query.username() == null || query.username().equals(status.username())) {
                        result.add(status);
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StatusException(query.identifier(), "cannot read the manifests in " + root + ": " + e, e);
        }
        result.sort(Comparator.comparing(SystemStatus::name));
        return result;
    }

    @Override
    public ModifyResult modify(ModifyRequest request) {
        String id = request.identifier();
        synchronized (lock(id)) {
            try {
                Path folder = directory(id);
                Deployment deployment = readDeployment(folder);
                if (deployment == null) {
                    throw new UnknownSystemException(id);
                }
                Map<String, String> containers = new LinkedHashMap<>();
                deployment.getSpec().getTemplate().getSpec().getContainers()
                        .forEach(container -> containers.put(container.getName(), container.getImage()));
                Map<String, Object> patch = planner.renderer().patch(request, containers);
                if (!patch.isEmpty()) {
                    Object merged = StrategicMerge.merge(serialization.convertValue(deployment, Map.class), patch);
                    Deployment patched = serialization.convertValue(merged, Deployment.class);
                    writeAtomically(folder.resolve(fileName(patched.getKind(), patched.getMetadata().getName())),
                            Yaml.write(patched));
                }
                return new ModifyResult(id, List.of(patch));
            } catch (IOException | UncheckedIOException e) {
                throw new ModifyException(id, "cannot rewrite the manifests of system " + id + " in "
                        + directory(id) + ": " + e, e);
            }
        }
    }

    @Override
    public DeleteResult delete(String identifier) {
        Path folder = directory(identifier);
        synchronized (lock(identifier)) {
            try {
                if (!Files.isDirectory(folder)) {
                    return new DeleteResult(identifier, 0);
                }
                int files;
                try (Stream<Path> entries = Files.list(folder)) {
                    files = (int) entries.count();
                }
                deleteRecursively(folder);
                events.record(identifier, LaunchEvent.Kind.TYCHO, "Deleted", "removed the manifests in " + folder, "",
                        false, SystemState.of(SystemPhase.TERMINATING, "Deleted", "the manifests were removed"));
                events.ended(identifier);
                return new DeleteResult(identifier, files);
            } catch (IOException | UncheckedIOException e) {
                throw new DeleteException(identifier, "cannot delete the manifests of system " + identifier + " in "
                        + folder + ": " + e, e);
            }
        }
    }

    /**
     * Nothing runs the manifests, so no system becomes ready here: the wait ends when the time runs out (or the
     * system is deleted).
     *
     * @param identifier the system identifier
     * @param timeout    how long a caller would wait
     * @return a future that fails with {@link org.helxplatform.tycho.backend.LaunchTimeoutException} after
     *         {@code timeout}, holding the system's {@code PENDING ManifestsWritten} status
     */
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
     * Nothing runs, so no container wrote anything.
     *
     * @param identifier the system identifier
     * @param container  a container of the system
     * @param tailLines  ignored
     * @return an empty string
     * @throws UnknownSystemException when the system has no manifests
     */
    @Override
    public String logs(String identifier, String container, int tailLines) {
        if (status(StatusQuery.identifier(identifier)).isEmpty()) {
            throw new UnknownSystemException(identifier);
        }
        return "";
    }

    /** Stops the threads of the event journal; the files stay. */
    @Override
    public void close() {
        events.close();
    }

    private Object lock(String identifier) {
        return locks[Math.floorMod(identifier.hashCode(), LOCK_STRIPES)];
    }

    /** The system folders to look at: one identifier's, or all (staging folders start with a dot). */
    private List<Path> systemFolders(String identifier) throws IOException {
        if (identifier != null) {
            return List.of(directory(identifier));
        }
        return list(root, "[!.]*").stream().filter(Files::isDirectory).toList();
    }

    /** The system's Deployment, or {@code null} when the folder does not exist (or was just deleted). */
    private Deployment readDeployment(Path folder) throws IOException {
        List<Path> files = list(folder, fileName("Deployment", "*"));
        if (files.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = Files.readString(files.get(0), StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return null;
        }
        try {
            return serialization.unmarshal(text, Deployment.class);
        } catch (RuntimeException e) {
            throw new IOException(files.get(0) + " is not a Deployment manifest: " + e.getMessage(), e);
        }
    }

    /** The entries of a folder whose names match a glob, sorted; none when the folder does not exist. */
    private static List<Path> list(Path folder, String glob) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        entries.sort(null);
        return entries;
    }

    /** Writes a file so that readers see the old content or the new one, never a part. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file + " cannot replace files atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> entries = Files.walk(path)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (NoSuchFileException gone) {
            // Already deleted.
        }
    }

    /** Removes what a failed start wrote; a failure to do so is added to the start's failure. */
    private static StartException removeStaging(Path staging, StartException failure) {
        try {
            deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }
}
