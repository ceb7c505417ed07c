package org.helxplatform.tycho.context;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.helxplatform.tycho.context.internal.memory.InMemoryBackend;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoader;
import org.helxplatform.tycho.context.load.ResourceLoaders;

/**
 * The test registry under {@code src/test/resources/org/helxplatform/tycho/context/fixtures}, served as if published
 * at {@link #BASE} (nothing is downloaded), and the other fixed inputs of the context tests.
 */
public final class Fixtures {

    /** Where the test registry is "published". */
    public static final URI BASE = URI.create("https://apps.example.org/raw/test/");
    /** A fixed clock: 2024-03-05 06:07:08 UTC. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-05T06:07:08Z"), ZoneOffset.UTC);
    /** The identifier {@link #fixedIdentifier()} gives. */
    public static final String IDENTIFIER = "0123456789abcdef0123456789abcdef";
    /** Settings without default volumes (DEV_PHASE=test), so the containers hold only what the spec says. */
    public static final Map<String, String> TEST_PHASE = Map.of("DEV_PHASE", "test");

    private Fixtures() {
    }

    /** @return the directory holding the test registry */
    public static Path directory() {
        URL url = Fixtures.class.getResource("fixtures/app-registry.yaml");
        if (url == null) {
            throw new IllegalStateException("test registry not on the class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return a loader serving {@link #BASE} from {@link #directory()} */
    public static ResourceLoader loader() {
        return ResourceLoaders.mapping(BASE.toString(), directory());
    }

    /**
     * @param loader the loader to read the registry, specs and {@code .env} files with
     * @return the test registry read with the loader
     */
    public static RegistrySource registry(ResourceLoader loader) {
        return RegistrySource.of(BASE, loader);
    }

    /** @return the test registry */
    public static RegistrySource registry() {
        return registry(loader());
    }

    /** @return the URL of an app's spec in the test registry */
    public static URI spec(String appId) {
        return BASE.resolve("app-specs/" + appId + "/docker-compose.yaml");
    }

    /** @return the URL of an app's {@code .env} in the test registry */
    public static URI env(String appId) {
        return BASE.resolve("app-specs/" + appId + "/.env");
    }

    /** @return a supplier always giving {@link #IDENTIFIER} */
    public static Supplier<String> fixedIdentifier() {
        return () -> IDENTIFIER;
    }

    /** @return a supplier of distinct, valid identifiers: 1, 2, 3… as 32 hex digits */
    public static Supplier<String> sequentialIdentifiers() {
        AtomicLong next = new AtomicLong();
        return () -> String.format("%032x", next.incrementAndGet());
    }

    /**
     * A context on the test registry (product {@code common}, DEV_PHASE=test, fixed clock) with its own in-memory
     * backend and distinct identifiers.
     *
     * @param loader the loader
     * @return the builder, ready to build
     */
    public static TychoContext.Builder context(ResourceLoader loader) {
        return TychoContext.builder()
                .registry(registry(loader))
                .product("common")
                .settings(TEST_PHASE)
                .backend(new InMemoryBackend(CLOCK))
                .identifiers(sequentialIdentifiers())
                .clock(CLOCK);
    }

    /** @return {@link #context(ResourceLoader)} with the plain mapping loader */
    public static TychoContext.Builder context() {
        return context(loader());
    }
}
