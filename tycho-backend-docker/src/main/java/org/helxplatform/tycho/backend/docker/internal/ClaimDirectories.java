package org.helxplatform.tycho.backend.docker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.model.TychoSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares claim directories on this machine: creates what is missing and gives the directories it creates to the
 * pod's user and group, as Tycho's init container and Kubernetes' {@code fsGroup} handling leave a volume
 * (owner {@code runAsUser}, group {@code fsGroup} else {@code runAsGroup}; with an {@code fsGroup}, mode
 * {@code 2775}: group-writable and set-group-id, so that files made in it stay in the group). Directories that
 * exist already, the user's data, are left as they are. Directories are never deleted: like claims, they outlive
 * the systems that mount them.
 *
 * <p>Inside a claim, no symbolic link is followed: apps write into claims, so a link there (made by one user's app
 * in a shared directory, say) could otherwise lead the engine's bind mount, or the directories Tycho creates and
 * gives away, anywhere on this machine. The claim's own directory may be a link (an operator's choice).
 */
final class ClaimDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimDirectories.class);
    private static final int GROUP_SHARED_MODE = 02775;

    private ClaimDirectories() {
    }

    /**
     * Checks that the claims a system mounts exist: on Docker a claim is the directory {@code <volume root>/<claim>}.
     * With {@code TYCHO_APP_REQUIRE_CLAIMS} a missing one fails the start, before anything is created; without it
     * the start goes on, the directory is created with the others ({@link #prepare}), and a warning says so. As on
     * Kubernetes, each claim is reported once, naming the claim and the app; unlike Kubernetes, where the claim
     * {@code stdnfs} is mounted whether it exists or not, every claim is checked.
     *
     * @param system the system, for its security measures and the messages
     * @param claims the claims it mounts
     * @return a warning for each claim that does not exist (empty when all do)
     * @throws StartException when a claim does not exist and claims are required
     */
    static List<String> check(TychoSystem system, List<SystemPlan.Claim> claims) {
        List<String> warnings = new ArrayList<>();
        for (SystemPlan.Claim claim : claims) {
            if (Files.exists(claim.directory())) {
                continue;
            }
            String where = "(mounted at " + claim.mountPath() + " in container " + claim.container() + ")";
            if (system.options().security().requireClaims()) {
                throw new StartException(system.identifier(), "cannot start app " + system.appId() + " for "
                        + system.username() + ": claim " + claim.name() + " " + where
                        + " does not exist: its directory " + claim.directory() + " is missing; create that"
                        + " directory, or set " + TychoSettings.REQUIRE_CLAIMS + "=false to let Tycho create it");
            }
            warnings.add("app " + system.appId() + ": claim " + claim.name() + " " + where + " did not exist, so"
                    + " its directory " + claim.directory() + " was created; create claim directories beforehand,"
                    + " or set " + TychoSettings.REQUIRE_CLAIMS + "=true to refuse starts whose claims are missing");
        }
        return warnings;
    }

    /**
     * Creates a claim directory if missing.
     *
     * @param directory the directory and its owner
     * @return the directories created, outermost first (empty when it existed)
     * @throws LinkInClaim when the directory, or one on its way inside the claim, is a symbolic link
     * @throws IOException when it cannot be created, or exists as something else than a directory
     */
    static List<Path> prepare(SystemPlan.ClaimDirectory directory) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path path = directory.path(); path != null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
             path = path.getParent()) {
            missing.add(0, path);
        }
        requireNoLink(missing.isEmpty() ? directory.path() : missing.get(0).getParent(), directory);
        Files.createDirectories(directory.path());
        // Again, as the engine will find it: a link may have been made meanwhile.
        requireNoLink(directory.path(), directory);
        List<Path> created = new ArrayList<>();
        for (Path path : missing) {
            if (path.startsWith(directory.stop()) && !path.equals(directory.stop())) {
                giveAway(path, directory);
                created.add(path);
            }
        }
        return created;
    }

    /** Fails when an existing directory at or under the claim's is not where its path says: a link is on its way. */
    private static void requireNoLink(Path path, SystemPlan.ClaimDirectory directory) throws IOException {
        if (path == null || !path.startsWith(directory.claim()) || !Files.exists(directory.claim())) {
            return;
        }
        Path real = path.toRealPath();
        if (!real.equals(directory.claim().toRealPath().resolve(directory.claim().relativize(path)))) {
            throw new LinkInClaim(path, real);
        }
    }

    /** A claim directory reached through a symbolic link inside its claim. */
    static final class LinkInClaim extends IOException {
        private static final long serialVersionUID = 1L;

        /**
         * @param path   the directory as the volume asks for it
         * @param target where it leads
         */
        LinkInClaim(Path path, Path target) {
            super(path + " leads to " + target + " through a symbolic link");
        }
    }

    private static void giveAway(Path path, SystemPlan.ClaimDirectory directory) {
        try {
            if (directory.owner() != null) {
                Files.setAttribute(path, "unix:uid", directory.owner(), LinkOption.NOFOLLOW_LINKS);
            }
            if (directory.group() != null) {
                Files.setAttribute(path, "unix:gid", directory.group(), LinkOption.NOFOLLOW_LINKS);
            }
            if (directory.groupWritable()) {
                Files.setAttribute(path, "unix:mode", GROUP_SHARED_MODE, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Only root may give a file away; the directory still works for containers that run as root.
            LOG.warn("created claim directory {} but could not give it to user {} group {} ({}): an app running as"
                    + " that user may not be able to write it; run Tycho as root or chown it yourself", path,
                    directory.owner(), directory.group(), e.toString());
        }
    }
}
