package org.helxplatform.tycho.backend.docker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares claim directories on this machine: creates what is missing and gives the directories it creates to the
 * pod's user and group, as Tycho's init container and Kubernetes' {@code fsGroup} handling leave a volume
 * (owner {@code runAsUser}, group {@code fsGroup} else {@code runAsGroup}; with an {@code fsGroup}, mode
 * {@code 2775}: group-writable and set-group-id, so that files made in it stay in the group). Directories that
 * exist already, the user's data, are left as they are. Directories are never deleted: like claims, they outlive
 * the systems that mount them.
 */
final class ClaimDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimDirectories.class);
    private static final int GROUP_SHARED_MODE = 02775;

    private ClaimDirectories() {
    }

    /**
     * Creates a claim directory if missing.
     *
     * @param directory the directory and its owner
     * @return the directories created, outermost first (empty when it existed)
     * @throws IOException when it cannot be created, or exists as something else than a directory
     */
    static List<Path> prepare(SystemPlan.ClaimDirectory directory) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path path = directory.path(); path != null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
             path = path.getParent()) {
            missing.add(0, path);
        }
        Files.createDirectories(directory.path());
        List<Path> created = new ArrayList<>();
        for (Path path : missing) {
            if (path.startsWith(directory.stop()) && !path.equals(directory.stop())) {
                giveAway(path, directory);
                created.add(path);
            }
        }
        return created;
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
