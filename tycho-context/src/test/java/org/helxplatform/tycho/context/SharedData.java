package org.helxplatform.tycho.context;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared conformance data: the system property {@code tycho.shared.dir} (set by surefire), else
 * {@code ../shared} next to the repository root found above the working directory.
 */
public final class SharedData {

    private SharedData() {
    }

    /** @return the {@code conformance} directory of the shared data */
    public static Path conformance() {
        return dir().resolve("conformance");
    }

    /** @return the shared data directory */
    public static Path dir() {
        String property = System.getProperty("tycho.shared.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path shared = dir.resolveSibling("shared");
            if (Files.exists(dir.resolve("pom.xml")) && Files.isDirectory(shared.resolve("conformance"))) {
                return shared.normalize();
            }
        }
        throw new IllegalStateException("shared conformance data not found: set -Dtycho.shared.dir or put it in"
                + " ../shared next to the repository");
    }
}
