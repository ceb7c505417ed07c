package org.helxplatform.tycho.examples.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.backend.testkit.AbstractBackendContractTest;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract, run against the manifests backend: created by name through {@link Backends} (which checks
 * the {@code META-INF/services} entry), writing into a fresh directory per test.
 */
class ManifestsBackendContractTest extends AbstractBackendContractTest {

    @TempDir
    Path root;

    @Override
    protected Backend createBackend() {
        return Backends.create(ManifestsBackendProvider.NAME, BackendConfiguration.builder()
                .setting(ManifestsBackendProvider.DIRECTORY, root.toString())
                .build());
    }

    /**
     * Makes the write of the system's second file fail for real: the first is its Deployment, the second its Service
     * (named {@code <app>-<identifier>} like the system), and a non-empty directory now stands where that file must be
     * moved to in the staging folder the backend writes to.
     */
    @Override
    protected void failNextStart(Backend backend, TychoSystem system) {
        Path staging = root.resolve("." + system.identifier() + ".staging");
        Path service = staging.resolve(ManifestsBackend.fileName("Service", system.name()));
        try {
            Files.createDirectories(service.resolve("obstacle"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nothing runs the manifests: no system becomes ready, and the contract checks that waiting times out. */
    @Override
    protected boolean becomesReady() {
        return false;
    }

    /** Counts every file left for the system: its folder and its staging folder. */
    @Override
    protected long leftovers(String identifier) {
        return count(root.resolve(identifier)) + count(root.resolve("." + identifier + ".staging"));
    }

    private static long count(Path folder) {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
