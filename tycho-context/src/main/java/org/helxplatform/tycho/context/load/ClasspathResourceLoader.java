package org.helxplatform.tycho.context.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;

/** Reads {@code classpath:/path/to/resource} locations through a class loader. */
final class ClasspathResourceLoader implements ResourceLoader {

    static final String SCHEME = "classpath";

    private final ClassLoader classLoader;

    ClasspathResourceLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public Optional<String> load(URI location) {
        if (!SCHEME.equalsIgnoreCase(location.getScheme())) {
            throw new LoadException(location, "not a classpath: location", null);
        }
        String path = location.isOpaque() ? location.getSchemeSpecificPart() : location.getPath();
        String name = path == null ? "" : path.replaceFirst("^/+", "");
        try (InputStream in = classLoader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(Utf8.decode(in.readAllBytes(), location));
        } catch (IOException e) {
            throw new LoadException(location, "cannot read the classpath resource: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "classpath loader";
    }
}
