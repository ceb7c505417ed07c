package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves URLs from local directories: a URL that starts with a mapped prefix is read from the prefix's directory,
 * the rest of the URL being the relative path ({@code https://host/raw/develop/app-specs/x/.env} with
 * {@code https://host/raw/develop/ → /data/develop/} reads {@code /data/develop/app-specs/x/.env}). The longest
 * matching prefix wins. A URL that no prefix maps, or whose path would leave the directory, is an error: nothing is
 * ever fetched from the network.
 */
final class PrefixMappingResourceLoader implements ResourceLoader {

    private final Map<String, Path> directories;

    PrefixMappingResourceLoader(Map<String, Path> prefixes) {
        List<Map.Entry<String, Path>> entries = new ArrayList<>(prefixes.entrySet());
        entries.sort(Comparator.comparing((Map.Entry<String, Path> e) -> e.getKey().length()).reversed());
        Map<String, Path> byLongestPrefix = new LinkedHashMap<>();
        for (Map.Entry<String, Path> entry : entries) {
            byLongestPrefix.put(entry.getKey(), entry.getValue().toAbsolutePath().normalize());
        }
        this.directories = byLongestPrefix;
    }

    @Override
    public Optional<String> load(URI location) {
        String url = location.toString();
        for (Map.Entry<String, Path> entry : directories.entrySet()) {
            if (url.startsWith(entry.getKey())) {
                Path directory = entry.getValue();
                Path file = directory.resolve(url.substring(entry.getKey().length())).normalize();
                if (!file.startsWith(directory)) {
                    throw new LoadException(location, "the path leaves the mapped directory " + directory, null);
                }
                return FileResourceLoader.read(file, location);
            }
        }
        throw new LoadException(location, "no local directory is mapped for it; mapped prefixes: "
                + String.join(", ", directories.keySet()), null);
    }

    @Override
    public String toString() {
        return "prefix mapping loader " + directories;
    }
}
