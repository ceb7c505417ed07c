package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.util.Optional;

/**
 * Reads a text resource (an app registry, a compose spec, a {@code .env} file) from a location.
 *
 * <p>This is the seam through which Tycho fetches everything it reads; production code uses
 * {@link ResourceLoaders#standard()}, tests and offline hosts plug in a directory mapping or their own
 * implementation. Implementations must be safe for concurrent use by many threads.
 */
@FunctionalInterface
public interface ResourceLoader {

    /**
     * Reads the resource at a location.
     *
     * @param location where the resource is, an absolute URI
     * @return its text, or empty when nothing exists there (HTTP 404, missing file or classpath resource)
     * @throws LoadException for any other failure (other HTTP status, I/O error, unreachable host, text that is not
     *                       UTF-8, a location this loader cannot read), naming the location and the cause
     */
    Optional<String> load(URI location);
}
