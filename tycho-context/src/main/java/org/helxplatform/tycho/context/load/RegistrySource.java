package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * Where an app registry comes from: a base URI under which {@value #REGISTRY_FILE} and {@value #DEFAULTS_FILE} lie,
 * and the {@link ResourceLoader} that reads them.
 *
 * <p>The base URI also anchors relative repository URLs of the registry ({@code url: app-specs} means
 * {@code <base>app-specs}), and hosts load compose specs and {@code .env} files through the same loader. The base
 * always ends with {@code /}, as Python Tycho makes sure of its {@code tycho_config_url}. Instances are immutable
 * and thread-safe.
 */
public final class RegistrySource {

    /** File name of the registry under the base URI. */
    public static final String REGISTRY_FILE = "app-registry.yaml";
    /** File name of the app defaults under the base URI. */
    public static final String DEFAULTS_FILE = "app-defaults.yaml";
    /** Base URI of the registry shipped with this library. */
    public static final URI BUILT_IN_BASE = URI.create("classpath:/org/helxplatform/tycho/context/registry/");

    private final URI baseUri;
    private final ResourceLoader loader;

    private RegistrySource(URI baseUri, ResourceLoader loader) {
        this.baseUri = withTrailingSlash(Objects.requireNonNull(baseUri, "baseUri"));
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Returns the small registry shipped with this library (generic apps; their specs are under
     * {@code app-specs/<app>/} next to it), read from the classpath.
     *
     * @return the built-in source
     */
    public static RegistrySource builtIn() {
        return new RegistrySource(BUILT_IN_BASE, ResourceLoaders.standard());
    }

    /**
     * Returns a registry kept in a local directory.
     *
     * @param directory the directory holding {@value #REGISTRY_FILE} and {@value #DEFAULTS_FILE}
     * @return the source, reading with {@link ResourceLoaders#standard()}
     */
    public static RegistrySource directory(Path directory) {
        return new RegistrySource(Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize().toUri(),
                ResourceLoaders.standard());
    }

    /**
     * Returns a registry published under a URL, such as
     * {@code https://github.com/helxplatform/helx-apps/raw/develop/}.
     *
     * @param baseUrl the URL the two files lie under; a missing trailing {@code /} is added
     * @return the source, reading with a new {@link ResourceLoaders#standard()} (its own http cache)
     * @throws InvalidValueException when the URL is not absolute and hierarchical, or has a query or fragment
     */
    public static RegistrySource url(URI baseUrl) {
        return new RegistrySource(baseUrl, ResourceLoaders.standard());
    }

    /**
     * Returns a registry read from any base URI with any loader, for example a published URL served from a local
     * directory by {@link ResourceLoaders#mapping(String, Path)}.
     *
     * @param baseUri the URI the two files lie under; a missing trailing {@code /} is added
     * @param loader  the loader that reads the files (and, in the host, the specs)
     * @return the source
     * @throws InvalidValueException when the URI is not absolute and hierarchical, or has a query or fragment
     */
    public static RegistrySource of(URI baseUri, ResourceLoader loader) {
        return new RegistrySource(baseUri, loader);
    }

    /** @return the base URI, ending with {@code /}; relative repository URLs are resolved against it */
    public URI baseUri() {
        return baseUri;
    }

    /** @return the loader that reads this registry, and through which a host reads specs and {@code .env} files */
    public ResourceLoader loader() {
        return loader;
    }

    /** @return the location of {@value #REGISTRY_FILE} */
    public URI registryUri() {
        return baseUri.resolve(REGISTRY_FILE);
    }

    /** @return the location of {@value #DEFAULTS_FILE} */
    public URI defaultsUri() {
        return baseUri.resolve(DEFAULTS_FILE);
    }

    private static URI withTrailingSlash(URI uri) {
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidValueException("registry base URI", uri, "must be an absolute, hierarchical URI without"
                    + " query or fragment, such as https://host/path/, file:/dir/ or classpath:/package/dir/");
        }
        String text = uri.toString();
        return text.endsWith("/") ? uri : URI.create(text + "/");
    }

    @Override
    public String toString() {
        return "registry at " + baseUri;
    }
}
