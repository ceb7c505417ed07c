package org.helxplatform.tycho.context.internal.registry;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.context.registry.RegistrySchemaException;

/**
 * A loaded and validated app registry ({@code app-registry.yaml} with its {@code app-defaults.yaml}), from which
 * products are resolved into their apps.
 *
 * <p>Load one with {@link #load(RegistrySource)}, or build one from already parsed documents with
 * {@link #of(Object, Object, URI)}; then {@link #resolve(String, Map)} a product. Both documents
 * are checked against the registry format ({@code registry.schema.json}) when the registry is created, so a
 * malformed registry fails at once with every violation and its path.
 *
 * <p>Instances are immutable and safe to share between threads; resolving does not change them.
 */
public final class AppRegistry {

    /** Setting that, when {@code false}, lets {@link #DOCKSTORE_APPS_BRANCH} rewrite the repository URL. */
    public static final String EXTERNAL_REGISTRY_ENABLED = "EXTERNAL_TYCHO_APP_REGISTRY_ENABLED";
    /** Setting whose value replaces {@code master} in the repository URL that derives spec URLs. */
    public static final String DOCKSTORE_APPS_BRANCH = "DOCKSTORE_APPS_BRANCH";

    private final String name;
    private final URI baseUri;
    private final Map<String, Object> contexts;
    private final Map<String, String> repositories;
    private final Map<String, Object> settings;
    private final Map<String, Object> defaults;

    private AppRegistry(String name, URI baseUri, Map<String, Object> registry, Map<String, Object> defaults) {
        this.name = name;
        this.baseUri = baseUri;
        this.contexts = mapOrEmpty(registry.get("contexts"));
        this.settings = mapOrEmpty(registry.get("settings"));
        this.defaults = Trees.freezeMap(Trees.withoutNullKeys(defaults));
        Map<String, String> urls = new LinkedHashMap<>();
        mapOrEmpty(registry.get("repositories"))
                .forEach((repository, entry) -> urls.put(repository, (String) mapOrEmpty(entry).get("url")));
        this.repositories = Collections.unmodifiableMap(urls);
    }

    /**
     * Loads {@value RegistrySource#REGISTRY_FILE} and {@value RegistrySource#DEFAULTS_FILE} from a source and
     * validates them (deviation D8: a registry that cannot be fetched or parsed is an error, never an empty
     * registry).
     *
     * @param source where the registry lies; its base URI anchors relative repository URLs
     * @return the registry
     * @throws LoadException           when a file cannot be read (HTTP error, unreachable host…), naming its URL
     * @throws RegistryException       when a file does not exist or is not valid YAML, naming its URL
     * @throws RegistrySchemaException when a file does not have the registry format, listing every violation
     */
    public static AppRegistry load(RegistrySource source) {
        URI registryUri = source.registryUri();
        URI defaultsUri = source.defaultsUri();
        Object registry = read(source, registryUri, "app registry");
        if (registry == null) {
            throw new RegistryException("app registry " + registryUri + " is empty; it needs at least contexts:");
        }
        Object defaults = read(source, defaultsUri, "app defaults");
        return create(registryUri.toString(), defaultsUri.toString(), source.baseUri(), registry, defaults);
    }

    /**
     * Creates a registry from documents parsed by the caller (with {@code Yaml11}, so that values type as in
     * Python Tycho).
     *
     * @param registry the parsed {@code app-registry.yaml}
     * @param defaults the parsed {@code app-defaults.yaml}; {@code null} for none
     * @param baseUri  the URI the registry was loaded from, against which relative repository URLs resolve;
     *                 {@code null} when there is none (then a relative repository URL is an error when used)
     * @return the registry
     * @throws RegistrySchemaException when a document does not have the registry format, listing every violation
     * @throws RegistryException       when a document holds values JSON has no equivalent for (binary, sets)
     */
    public static AppRegistry of(Object registry, Object defaults, URI baseUri) {
        return create("app registry", "app defaults", baseUri, registry, defaults);
    }

    private static AppRegistry create(String registryName, String defaultsName, URI baseUri, Object registry,
            Object defaults) {
        Object registryTree = Trees.canonical(registry, registryName);
        List<String> violations = RegistrySchema.registryViolations(registryTree);
        if (!violations.isEmpty()) {
            throw new RegistrySchemaException(registryName, violations);
        }
        Object defaultsTree = Trees.canonical(defaults, defaultsName);
        violations = RegistrySchema.appViolations(defaultsTree);
        if (!violations.isEmpty()) {
            throw new RegistrySchemaException(defaultsName, violations);
        }
        return new AppRegistry(registryName, baseUri, mapOrEmpty(Trees.freeze(registryTree)),
                mapOrEmpty(defaultsTree));
    }

    private static Object read(RegistrySource source, URI location, String what) {
        String text = source.loader().load(location).orElseThrow(() -> new RegistryException(
                what + " not found: " + location + " (HTTP 404 or no such file); check the registry URL or directory"));
        try {
            return Yaml11.load(text, location.toString());
        } catch (Yaml11.YamlException e) {
            throw new RegistryException(what + " " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a product with no settings; see {@link #resolve(String, Map)}.
     *
     * @param product the context to resolve
     * @return the product's apps
     */
    public ResolvedProduct resolve(String product) {
        return resolve(product, Collections.emptyMap());
    }

    /**
     * Resolves a product into its apps, as Python Tycho does: inheritance, defaults, mixins, spec and icon URLs,
     * product overrides.
     *
     * @param product  the context to resolve, such as {@code helx}
     * @param settings Tycho settings by name; only {@value #EXTERNAL_REGISTRY_ENABLED} and
     *                 {@value #DOCKSTORE_APPS_BRANCH} are read
     * @return the product's apps, in resolution order
     * @throws RegistryException       for an undefined product, a context extending an unknown one or itself, or an
     *                                 app whose spec URL cannot be derived
     * @throws RegistrySchemaException when the product's overrides give an app a value of the wrong type
     */
    public ResolvedProduct resolve(String product, Map<String, String> settings) {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(settings, "settings");
        return ResolvedProduct.of(this, product, Resolution.resolve(this, product, settings));
    }

    /** @return the names of the registry's contexts (the products it can resolve), in registry order */
    public Set<String> contextNames() {
        return contexts.keySet();
    }

    /** @return the registry's {@code settings} (the variables app specs are rendered with), in order; empty if none */
    public Map<String, Object> settings() {
        return settings;
    }

    /** @return repository name → URL as written, in registry order; empty if none */
    public Map<String, String> repositories() {
        return repositories;
    }

    /** @return the app defaults, merged into every app (without top-level null values) */
    public Map<String, Object> defaults() {
        return defaults;
    }

    /** @return the URI the registry was loaded from, against which relative repository and spec URLs resolve */
    public Optional<URI> baseUri() {
        return Optional.ofNullable(baseUri);
    }

    /** @return the registry's contexts as written: name → context map (or null for an empty context) */
    Map<String, Object> contexts() {
        return contexts;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOrEmpty(Object value) {
        return value == null ? Collections.emptyMap() : (Map<String, Object>) value;
    }

    @Override
    public String toString() {
        return name;
    }
}
