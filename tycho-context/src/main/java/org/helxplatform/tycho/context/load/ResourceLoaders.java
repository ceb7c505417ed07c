package org.helxplatform.tycho.context.load;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The ready-made {@link ResourceLoader}s. Every loader returned here is safe for concurrent use.
 *
 * <ul>
 *   <li>{@link #standard()}: {@code classpath:}, {@code file:}, {@code http:} and {@code https:}, the http(s) part
 *       cached — what a host uses in production;</li>
 *   <li>{@link #classpath()}, {@link #files()}, {@link #http()}: one kind of location each;</li>
 *   <li>{@link #mapping(Map)}: URL prefixes served from local directories, for tests and offline use;</li>
 *   <li>{@link #byScheme(Map)}: a composite that dispatches on the URI scheme.</li>
 * </ul>
 */
public final class ResourceLoaders {

    /** How long {@link #http()} waits to connect. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #http()} waits for a whole answer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private ResourceLoaders() {
    }

    /**
     * Returns the loader a host uses in production: {@code classpath:} (this library's class loader), {@code file:},
     * and {@code http:}/{@code https:} through one cached {@link #http()} loader. Other schemes are a
     * {@link LoadException}.
     *
     * @return a new loader with its own, empty http cache
     */
    public static ResourceLoader standard() {
        ResourceLoader http = http();
        Map<String, ResourceLoader> byScheme = new LinkedHashMap<>();
        byScheme.put(ClasspathResourceLoader.SCHEME, classpath());
        byScheme.put(FileResourceLoader.SCHEME, files());
        byScheme.put("http", http);
        byScheme.put("https", http);
        return byScheme(byScheme);
    }

    /**
     * Returns a loader of {@code classpath:/path/to/resource} locations, read with this library's class loader.
     *
     * @return the loader
     */
    public static ResourceLoader classpath() {
        return classpath(ResourceLoaders.class.getClassLoader());
    }

    /**
     * Returns a loader of {@code classpath:/path/to/resource} locations, read with the given class loader.
     *
     * @param classLoader the class loader that finds the resources
     * @return the loader
     */
    public static ResourceLoader classpath(ClassLoader classLoader) {
        return new ClasspathResourceLoader(Objects.requireNonNull(classLoader, "classLoader"));
    }

    /**
     * Returns a loader of {@code file:} locations.
     *
     * @return the loader
     */
    public static ResourceLoader files() {
        return new FileResourceLoader();
    }

    /**
     * Returns a loader of {@code http:}/{@code https:} URLs that follows redirects, times out after
     * {@link #DEFAULT_CONNECT_TIMEOUT} / {@link #DEFAULT_REQUEST_TIMEOUT}, and caches every success for its lifetime
     * (each URL is fetched at most once, also under concurrent first use; a 404 and failures are not cached).
     *
     * @return a new loader with an empty cache
     */
    public static ResourceLoader http() {
        return http(HttpClient.newBuilder()
                .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build(), DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Returns a cached http(s) loader that sends its requests through the given client (for a proxy, TLS settings or
     * other timeouts).
     *
     * @param client         the HTTP client; configure redirects and the connect timeout on it
     * @param requestTimeout how long to wait for a whole answer
     * @return a new loader with an empty cache
     */
    public static ResourceLoader http(HttpClient client, Duration requestTimeout) {
        return new HttpResourceLoader(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(requestTimeout, "requestTimeout"));
    }

    /**
     * Returns a loader that serves URLs from local directories: a URL starting with a key of {@code prefixes} is read
     * from that key's directory, the rest of the URL being the relative path; the longest matching prefix wins. A
     * missing file is empty (like a 404); a URL that no prefix maps is a {@link LoadException}, so nothing is ever
     * downloaded.
     *
     * @param prefixes URL prefix (usually ending with {@code /}) → directory
     * @return the loader
     */
    public static ResourceLoader mapping(Map<String, Path> prefixes) {
        return new PrefixMappingResourceLoader(Objects.requireNonNull(prefixes, "prefixes"));
    }

    /**
     * Returns a loader that serves one URL prefix from one directory; see {@link #mapping(Map)}.
     *
     * @param prefix    the URL prefix, such as {@code https://github.com/helxplatform/helx-apps/raw/develop/}
     * @param directory the directory that holds what is under the prefix
     * @return the loader
     */
    public static ResourceLoader mapping(String prefix, Path directory) {
        Map<String, Path> prefixes = new LinkedHashMap<>();
        prefixes.put(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(directory, "directory"));
        return mapping(prefixes);
    }

    /**
     * Returns a loader that hands each location to the loader registered for its scheme (case-insensitive); a
     * location with another scheme is a {@link LoadException} listing the supported ones.
     *
     * @param byScheme scheme → loader
     * @return the composite loader
     */
    public static ResourceLoader byScheme(Map<String, ResourceLoader> byScheme) {
        Map<String, ResourceLoader> copy = new LinkedHashMap<>();
        byScheme.forEach((scheme, loader) -> copy.put(scheme.toLowerCase(Locale.ROOT),
                Objects.requireNonNull(loader, "loader for " + scheme)));
        return new SchemeResourceLoader(copy);
    }
}
