package org.helxplatform.tycho.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backend providers with {@link ServiceLoader} and creates backends by name.
 * <pre>{@code
 * Backend backend = Backends.create("kubernetes", BackendConfiguration.of(System.getenv()));
 * }</pre>
 */
public final class Backends {

    private Backends() {
    }

    /** @return the providers on the class path of this class's loader, highest priority first, then by name */
    public static List<BackendProvider> providers() {
        return providers(Backends.class.getClassLoader());
    }

    /**
     * @param loader the class loader to search
     * @return the providers it sees, highest priority first, then by name
     */
    public static List<BackendProvider> providers(ClassLoader loader) {
        List<BackendProvider> providers = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, loader).forEach(providers::add);
        providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return providers;
    }

    /**
     * The provider of a name.
     *
     * @param name the backend name, e.g. {@code kubernetes}
     * @return the provider
     * @throws BackendConfigurationException naming the providers found when there is none of that name
     */
    public static BackendProvider provider(String name) {
        return provider(name, Backends.class.getClassLoader());
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
        List<BackendProvider> providers = providers(loader);
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new BackendConfigurationException("no Tycho backend named '" + name + "'; "
                        + found(providers) + ". Add the backend's jar (e.g. tycho-backend-kubernetes) to the class"
                        + " path, or register your BackendProvider in META-INF/services/"
                        + BackendProvider.class.getName()));
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
        return provider(name).create(configuration);
    }

    /**
     * Creates a backend of the highest-priority provider found.
     *
     * @param configuration its configuration
     * @return the backend
     * @throws BackendConfigurationException when no provider is found
     */
    public static Backend createDefault(BackendConfiguration configuration) {
        return createDefault(configuration, Backends.class.getClassLoader());
    }

    /**
     * Creates a backend of the highest-priority provider a class loader finds.
     *
     * @param configuration its configuration
     * @param loader        the class loader to search
     * @return the backend
     * @throws BackendConfigurationException when no provider is found
     */
    public static Backend createDefault(BackendConfiguration configuration, ClassLoader loader) {
        List<BackendProvider> providers = providers(loader);
        if (providers.isEmpty()) {
            throw new BackendConfigurationException("no Tycho backend found on the class path; add"
                    + " tycho-backend-kubernetes (or another backend's jar) as a dependency");
        }
        return providers.get(0).create(configuration);
    }

    private static String found(List<BackendProvider> providers) {
        return providers.isEmpty() ? "no backend is on the class path"
                : "found: " + providers.stream().map(p -> p.name() + " (priority " + p.priority() + ")")
                        .collect(Collectors.joining(", "));
    }
}
