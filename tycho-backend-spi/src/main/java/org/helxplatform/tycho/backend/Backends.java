package org.helxplatform.tycho.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds backend providers with {@link ServiceLoader} and creates backends by name.
 * <pre>{@code
 * Backend backend = Backends.create("kubernetes", BackendConfiguration.of(System.getenv()));
 * }</pre>
 * Without an explicit class loader, providers are looked up in the current thread's context class loader (where
 * web applications and plug-in hosts put their jars), then in the class loader of this library; a provider class
 * both see counts once.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    /**
     * The providers found in the thread's context class loader and in this library's class loader.
     *
     * @return the providers, highest priority first, then by name
     */
    public static List<BackendProvider> providers() {
        return sorted(load(defaultLoaders()));
    }

    /**
     * The providers found in one class loader.
     *
     * @param loader the class loader to search
     * @return the providers it sees, highest priority first, then by name
     */
    public static List<BackendProvider> providers(ClassLoader loader) {
        return sorted(load(List.of(Objects.requireNonNull(loader, "loader"))));
    }

    /**
     * The provider of a name, found in the thread's context class loader or in this library's class loader.
     *
     * @param name the backend name, e.g. {@code kubernetes}
     * @return the provider
     * @throws BackendConfigurationException naming the providers found when there is none of that name
     */
    public static BackendProvider provider(String name) {
        return provider(name, providers());
    }

    /**
     * The provider of a name, found by a class loader, e.g. a host's plugin class loader.
     *
     * @param name   the backend name, e.g. {@code kubernetes}
     * @param loader the class loader to search
     * @return the provider
     * @throws BackendConfigurationException naming the providers found when there is none of that name
     */
    public static BackendProvider provider(String name, ClassLoader loader) {
        return provider(name, providers(loader));
    }

    /**
     * Creates a backend by name.
     *
     * @param name          the backend name
     * @param configuration its configuration
     * @return the backend
     * @throws BackendConfigurationException when there is no such backend or the configuration is unusable
     */
    public static Backend create(String name, BackendConfiguration configuration) {
        return provider(name).create(Objects.requireNonNull(configuration, "configuration"));
    }

    /**
     * Creates a backend of the production provider of highest priority (see {@link BackendProvider#priority()}),
     * found in the thread's context class loader or in this library's class loader. Development and test backends
     * (negative priority) are never chosen here: name them.
     *
     * @param configuration its configuration
     * @return the backend
     * @throws BackendConfigurationException when no production backend is found, naming the ones found and the fix
     */
    public static Backend createDefault(BackendConfiguration configuration) {
        return createDefault(configuration, providers());
    }

    /**
     * Creates a backend of the production provider of highest priority that a class loader finds. Development and
     * test backends (negative priority) are never chosen here: name them.
     *
     * @param configuration its configuration
     * @param loader        the class loader to search
     * @return the backend
     * @throws BackendConfigurationException when no production backend is found, naming the ones found and the fix
     */
    public static Backend createDefault(BackendConfiguration configuration, ClassLoader loader) {
        return createDefault(configuration, providers(loader));
    }

    private static Backend createDefault(BackendConfiguration configuration, List<BackendProvider> providers) {
        Objects.requireNonNull(configuration, "configuration");
        List<BackendProvider> production = providers.stream().filter(p -> p.priority() >= 0).toList();
        if (production.isEmpty()) {
            String add = "add tycho-backend-kubernetes (or another backend's jar) to the dependencies";
            if (providers.isEmpty()) {
                throw new BackendConfigurationException("no Tycho backend on the class path; " + add);
            }
            throw new BackendConfigurationException("no production Tycho backend on the class path ("
                    + found(providers) + ", used only when named); " + add + ", or choose "
                    + (providers.size() == 1 ? "it" : "one") + " by name: TychoContext.builder().backend(\""
                    + providers.get(0).name() + "\")");
        }
        BackendProvider chosen = production.get(0);
        List<String> tied = production.stream().filter(p -> p.priority() == chosen.priority())
                .map(BackendProvider::name).toList();
        if (tied.size() > 1) {
            LOG.warn("Tycho backends {} share the highest priority {}; using {}, the first by name. Name the backend"
                    + " to use, e.g. TychoContext.builder().backend(\"{}\")", tied, chosen.priority(), chosen.name(),
                    chosen.name());
        }
        return chosen.create(configuration);
    }

    private static BackendProvider provider(String name, List<BackendProvider> providers) {
        Objects.requireNonNull(name, "name");
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BackendConfigurationException("no Tycho backend named '" + name + "'; "
                        + found(providers) + ". Add the backend's jar (e.g. tycho-backend-kubernetes) to the class"
                        + " path, or register your BackendProvider in META-INF/services/"
                        + BackendProvider.class.getName()));
    }

    /** The thread's context class loader first (when it is set), then this library's. */
    private static List<ClassLoader> defaultLoaders() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(Backends.class.getClassLoader());
        return new ArrayList<>(loaders);
    }

    /** Every provider the loaders see; a provider class seen by several loaders counts once (the first loader's). */
    private static List<BackendProvider> load(List<ClassLoader> loaders) {
        List<BackendProvider> providers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, loader)) {
                if (seen.add(provider.getClass().getName())) {
                    providers.add(provider);
                }
            }
        }
        return providers;
    }

    private static List<BackendProvider> sorted(List<BackendProvider> providers) {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return sorted;
    }

    private static String found(List<BackendProvider> providers) {
        return providers.isEmpty() ? "no backend is on the class path"
                : "found: " + providers.stream().map(p -> p.name() + " (priority " + p.priority() + ")")
                        .collect(Collectors.joining(", "));
    }
}
