package org.helxplatform.tycho.compiler.template;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared conformance data, which lives next to the repository and is never copied into it. */
final class SharedFiles {

    private SharedFiles() {
    }

    /**
     * The shared directory: the system property {@code tycho.shared.dir} (set by surefire), else
     * {@code ../shared} relative to the module's parent directory.
     *
     * @return the directory
     */
    static Path dir() {
        String property = System.getProperty("tycho.shared.dir");
        Path dir = property != null && !property.isBlank()
            ? Path.of(property)
            : Path.of("").toAbsolutePath().getParent().resolve("../shared");
        Path normalized = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(normalized)) {
            throw new IllegalStateException("shared conformance data not found at " + normalized);
        }
        return normalized;
    }

    /**
     * A path inside the shared directory.
     *
     * @param relative the relative path, such as {@code jinja2-compat/cases.json}
     * @return the path
     */
    static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
