package org.helxplatform.tycho.context.internal.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendException;
import org.helxplatform.tycho.backend.ModifyException;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.context.LimitExceededException;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Quantity;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Admits starts and modifies under the resource policy, before any request that changes the cluster is sent:
 * the bounds of one system ({@link TychoSettings#MAX_PER_SYSTEM}), of all systems of a user
 * ({@link TychoSettings#MAX_PER_USER}, {@link TychoSettings#MAX_SYSTEMS_PER_USER}) and the registry's
 * {@code count} of an app.
 *
 * <p>What a user runs is what the backend's status reports, plus the systems this context started that the status
 * does not show yet (a backend may answer from a cache), minus the systems this context deleted that it still
 * shows; a system being deleted counts until its delete returns. A user's check and the reservation of the new
 * system happen under that user's lock, so concurrent starts of one user cannot both pass a check that only one of
 * them may pass; the start itself runs outside the lock. A started system that the status has not shown within
 * {@link #RECONCILE_AFTER} is forgotten (it was deleted some other way), as is a deleted one the status still shows
 * after that time. Bounds hold for the systems of one context; several host processes on one cluster each keep
 * their own reservations. Thread-safe.
 */
public final class Admission {

    /** How long the status may lag behind a start or delete of this context. */
    public static final Duration RECONCILE_AFTER = Duration.ofMinutes(2);

    private static final int STRIPES = 64;

    private final TychoSettings settings;
    private final Backend backend;
    private final Clock clock;
    private final String gpuResourceName;
    private final Object[] locks = new Object[STRIPES];
    /** Systems this context started, by identifier; a user's entries are added under that user's lock. */
    private final Map<String, Reservation> started = new ConcurrentHashMap<>();
    /** Systems this context is deleting, by identifier: they count until their delete returns. */
    private final Map<String, Reservation> deleting = new ConcurrentHashMap<>();
    /** Systems this context deleted, by identifier, with when. */
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();

    private record Reservation(String username, String appId, Usage usage, Instant since) {
    }

    /**
     * Creates the admission of a context.
     *
     * @param settings the settings holding the bounds
     * @param backend  the backend whose status tells what users run
     * @param clock    the clock of the reservations
     */
    public Admission(TychoSettings settings, Backend backend, Clock clock) {
        this.settings = settings;
        this.backend = backend;
        this.clock = clock;
        this.gpuResourceName = settings.gpuResourceName();
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Starts a system if the policy admits it.
     *
     * @param system the compiled system
     * @param count  how many instances of its app a user may run (the registry's {@code count}), or
     *               {@link AppEntry#UNLIMITED}
     * @param start  starts it on the backend
     * @return the start's result
     * @throws LimitExceededException naming the value, the bound and the setting, before anything is created
     */
    public StartResult start(TychoSystem system, int count, Supplier<StartResult> start) {
        Usage usage = Usage.of(system);
        purge(clock.instant());
        String what = "app " + system.appId() + " for " + system.username();
        checkSystem(usage, what, "; ask for less, or raise the setting");
        boolean perUser = settings.maxSystemsPerUser().isPresent() || count != AppEntry.UNLIMITED
                || TychoSettings.MAX_PER_USER.values().stream().anyMatch(name -> settings.bound(name).isPresent());
        Reservation reservation = new Reservation(system.username(), system.appId(), usage, clock.instant());
        if (!perUser) {
            started.put(system.identifier(), reservation);
            return started(system, start);
        }
        synchronized (lock(system.username())) {
            List<Running> running;
            try {
                running = runningOf(system.username());
            } catch (BackendException e) {
                throw new StartException(system.identifier(), "cannot start " + what + ": cannot tell which"
                        + " systems " + system.username() + " runs, which the registry's count and the per-user"
                        + " bounds need: " + e.getMessage(), e, e.status());
            }
            long sameApp = running.stream().filter(r -> r.appId().equals(system.appId())).count();
            if (count != AppEntry.UNLIMITED && sameApp + 1 > count) {
                throw new LimitExceededException("count of app " + system.appId(), String.valueOf(count),
                        String.valueOf(sameApp + 1), "user " + system.username() + " runs " + sameApp + " "
                        + plural(sameApp, "instance") + " of app " + system.appId() + ", and the registry's count"
                        + " for it is " + count + "; delete one before starting another");
            }
            OptionalInt maxSystems = settings.maxSystemsPerUser();
            if (maxSystems.isPresent() && running.size() + 1 > maxSystems.getAsInt()) {
                throw new LimitExceededException(TychoSettings.MAX_SYSTEMS_PER_USER,
                        String.valueOf(maxSystems.getAsInt()), String.valueOf(running.size() + 1), "user "
                        + system.username() + " runs " + running.size() + " " + plural(running.size(), "system")
                        + ", and " + TychoSettings.MAX_SYSTEMS_PER_USER + "=" + maxSystems.getAsInt() + " allows no"
                        + " more; delete one before starting another");
            }
            checkUser(system.username(), running, usage, what);
            started.put(system.identifier(), reservation);
        }
        return started(system, start);
    }

    private StartResult started(TychoSystem system, Supplier<StartResult> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            started.remove(system.identifier());
            throw e;
        }
    }

    /**
     * Modifies a system if the policy admits its new CPU and memory.
     *
     * @param request the change
     * @param modify  changes it on the backend
     * @return the modify's result
     * @throws LimitExceededException naming the value, the bound and the setting, before anything is changed
     */
    public ModifyResult modify(ModifyRequest request, Supplier<ModifyResult> modify) {
        boolean bounded = TychoSettings.MAX_PER_SYSTEM.values().stream()
                .anyMatch(name -> settings.bound(name).isPresent())
                || TychoSettings.MAX_PER_USER.values().stream().anyMatch(name -> settings.bound(name).isPresent());
        if (request.cpus() == null && request.memory() == null || !bounded) {
            return modify.get();
        }
        Optional<SystemStatus> current;
        try {
            current = backend.status(StatusQuery.identifier(request.identifier())).stream().findFirst();
        } catch (BackendException e) {
            throw new ModifyException(request.identifier(), "cannot modify system " + request.identifier()
                    + ": cannot read its resources, which the resource bounds need: " + e.getMessage(), e,
                    e.status());
        }
        if (current.isEmpty()) {
            return modify.get(); // the backend says it is unknown, as it would without a policy
        }
        String username = current.get().username();
        synchronized (lock(username)) {
            Usage after = Usage.afterModify(current.get(), gpuResourceName, request.cpus(), request.memory());
            String what = "system " + request.identifier() + " of " + username;
            checkSystem(after, what, "; every container gets the CPU and memory asked for, so ask for less, or"
                    + " raise the setting");
            List<Running> others = runningOf(username).stream()
                    .filter(r -> !r.identifier().equals(request.identifier())).toList();
            checkUser(username, others, after, what);
            ModifyResult result = modify.get();
            Reservation reservation = started.get(request.identifier());
            if (reservation != null) {
                started.put(request.identifier(), new Reservation(username, reservation.appId(), after,
                        reservation.since()));
            }
            return result;
        }
    }

    /**
     * Deletes a system. It counts against its user's bounds until the delete has returned (even when the status
     * stops showing it part way), and no longer afterwards (even while the status still shows it).
     *
     * @param identifier the system identifier
     * @param delete     deletes it on the backend
     * @return the delete's result
     */
    public DeleteResult delete(String identifier, Supplier<DeleteResult> delete) {
        Reservation reservation = started.get(identifier);
        if (reservation == null) {
            try {
                Optional<SystemStatus> status = backend.status(StatusQuery.identifier(identifier)).stream()
                        .findFirst();
                if (status.isPresent() && status.get().username() != null) {
                    reservation = new Reservation(status.get().username(), status.get().appId(),
                            Usage.of(status.get(), gpuResourceName), clock.instant());
                }
            } catch (BackendException e) {
                // the delete itself will say what is wrong; the system counts as the status shows it meanwhile
            }
        }
        if (reservation != null) {
            deleting.put(identifier, reservation);
        }
        try {
            DeleteResult result = delete.get();
            Instant now = clock.instant();
            deleted.put(identifier, now);
            started.remove(identifier);
            purge(now);
            return result;
        } finally {
            deleting.remove(identifier);
        }
    }

    /**
     * The user a system was started for, when this context started it and the status may not show it yet.
     *
     * @param identifier the system identifier
     * @return the user name, if this context started it recently
     */
    public Optional<String> startedFor(String identifier) {
        if (deleted.containsKey(identifier)) {
            return Optional.empty();
        }
        return Optional.ofNullable(started.get(identifier)).map(Reservation::username);
    }

    private record Running(String identifier, String appId, Usage usage) {
    }

    /** What a user runs: the status, plus this context's recent starts, minus its recent deletes. */
    private List<Running> runningOf(String username) {
        Instant now = clock.instant();
        Map<String, Running> running = new LinkedHashMap<>();
        for (SystemStatus status : backend.status(StatusQuery.user(username))) {
            if (!isDeleted(status.identifier(), now)) {
                running.put(status.identifier(), new Running(status.identifier(), status.appId(),
                        Usage.of(status, gpuResourceName)));
            }
        }
        List<String> forgotten = new ArrayList<>();
        started.forEach((identifier, reservation) -> {
            if (!reservation.username().equals(username)) {
                return;
            }
            if (running.containsKey(identifier) || reservation.since().plus(RECONCILE_AFTER).isBefore(now)) {
                forgotten.add(identifier); // the status shows it now, or it went away some other way
            } else if (!isDeleted(identifier, now)) {
                running.put(identifier, new Running(identifier, reservation.appId(), reservation.usage()));
            }
        });
        forgotten.forEach(started::remove);
        deleting.forEach((identifier, reservation) -> {
            if (reservation.username().equals(username) && !running.containsKey(identifier)) {
                running.put(identifier, new Running(identifier, reservation.appId(), reservation.usage()));
            }
        });
        return new ArrayList<>(running.values());
    }

    /** Forgets reservations and deletions older than {@link #RECONCILE_AFTER}: the status tells by then. */
    private void purge(Instant now) {
        Instant oldest = now.minus(RECONCILE_AFTER);
        started.values().removeIf(reservation -> reservation.since().isBefore(oldest));
        deleted.values().removeIf(when -> when.isBefore(oldest));
    }

    private boolean isDeleted(String identifier, Instant now) {
        Instant when = deleted.get(identifier);
        if (when == null) {
            return false;
        }
        if (when.plus(RECONCILE_AFTER).isBefore(now)) {
            deleted.remove(identifier, when);
            return false;
        }
        return true;
    }

    private void checkSystem(Usage usage, String what, String fix) {
        for (String resource : ResourceLimits.RESOURCES) {
            String setting = TychoSettings.MAX_PER_SYSTEM.get(resource);
            Optional<Quantity> bound = settings.bound(setting);
            Quantity amount = usage.get(resource);
            if (bound.isPresent() && amount.compareTo(bound.get()) > 0) {
                throw new LimitExceededException(setting, bound.get().toString(), amount.toString(), what + ": "
                        + describe(resource, amount) + " for the whole system (its containers' limits, else"
                        + " reservations) is more than " + setting + "=" + bound.get() + fix);
            }
        }
    }

    private void checkUser(String username, List<Running> running, Usage adding, String what) {
        Usage total = adding;
        for (Running system : running) {
            total = total.plus(system.usage());
        }
        for (String resource : ResourceLimits.RESOURCES) {
            String setting = TychoSettings.MAX_PER_USER.get(resource);
            Optional<Quantity> bound = settings.bound(setting);
            Quantity amount = total.get(resource);
            if (bound.isPresent() && amount.compareTo(bound.get()) > 0) {
                throw new LimitExceededException(setting, bound.get().toString(), amount.toString(), what + ": user "
                        + username + " would use " + describe(resource, amount) + " in all (" + running.size()
                        + " running " + plural(running.size(), "system") + " and this one), more than " + setting
                        + "=" + bound.get() + "; delete or shrink a system first");
            }
        }
    }

    private Object lock(String username) {
        return locks[Math.floorMod(username.hashCode(), STRIPES)];
    }

    private static String describe(String resource, Quantity amount) {
        return switch (resource) {
            case "cpus" -> amount + " CPUs";
            case "memory" -> amount + " of memory";
            case "gpus" -> amount + " GPUs";
            default -> amount + " of ephemeral storage";
        };
    }

    private static String plural(long count, String noun) {
        return count == 1 ? noun : noun + "s";
    }
}
