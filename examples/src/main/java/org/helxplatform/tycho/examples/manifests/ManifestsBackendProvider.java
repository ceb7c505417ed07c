package org.helxplatform.tycho.examples.manifests;

import java.nio.file.Path;
import java.time.Clock;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.BackendProvider;

/**
 * The {@code manifests} backend provider, registered in
 * {@code META-INF/services/org.helxplatform.tycho.backend.BackendProvider}; choose it by name:
 * <pre>{@code
 * TychoContext tycho = TychoContext.builder().backend("manifests")
 *         .settings(Map.of("TYCHO_MANIFESTS_DIR", "/tmp/manifests")).build();
 * }</pre>
 * Configuration: the setting {@value #DIRECTORY} names the directory the manifests are written to (default:
 * {@code tycho-manifests} in the temporary directory); the templates are the Kubernetes backend's, with the
 * configuration's template directories first; a {@link Clock} may be supplied for creation times. Its priority is
 * negative, so it is never chosen when a host names no backend.
 */
public final class ManifestsBackendProvider implements BackendProvider {

    /** The backend's name. */
    public static final String NAME = "manifests";

    /** The setting naming the directory the manifests are written to. */
    public static final String DIRECTORY = "TYCHO_MANIFESTS_DIR";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -50;
    }

    @Override
    public Backend create(BackendConfiguration configuration) {
        Path directory = configuration.setting(DIRECTORY).map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "tycho-manifests"));
        return new ManifestsBackend(directory, ManifestPlanner.of(configuration),
                configuration.get(Clock.class).orElse(Clock.systemUTC()));
    }
}
