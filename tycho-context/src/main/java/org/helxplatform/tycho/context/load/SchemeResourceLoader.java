package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Hands each location to the loader registered for its URI scheme. */
final class SchemeResourceLoader implements ResourceLoader {

    private final Map<String, ResourceLoader> byScheme;

    /** @param byScheme lower-case scheme → loader, in the order to list them in messages */
    SchemeResourceLoader(Map<String, ResourceLoader> byScheme) {
        this.byScheme = byScheme;
    }

    @Override
    public Optional<String> load(URI location) {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        ResourceLoader loader = byScheme.get(scheme);
        if (loader == null) {
            throw new LoadException(location, (scheme.isEmpty() ? "a relative location has no scheme"
                    : "no loader for scheme '" + scheme + "'") + "; supported: "
                    + String.join(", ", byScheme.keySet()), null);
        }
        return loader.load(location);
    }

    @Override
    public String toString() {
        return "loader by scheme " + byScheme.keySet();
    }
}
