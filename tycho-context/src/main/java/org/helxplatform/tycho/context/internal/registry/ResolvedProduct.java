package org.helxplatform.tycho.context.internal.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.context.registry.RegistrySchemaException;

/**
 * A product of an {@link AppRegistry} resolved into its apps: app id → {@link AppEntry}, in resolution order (the
 * order in which Python Tycho's dict holds them). Immutable and safe to share between threads.
 */
public final class ResolvedProduct {

    private final AppRegistry registry;
    private final String product;
    private final Map<String, AppEntry> apps;

    private ResolvedProduct(AppRegistry registry, String product, Map<String, AppEntry> apps) {
        this.registry = registry;
        this.product = product;
        this.apps = apps;
    }

    /** Checks every resolved app against the app format and wraps it. */
    static ResolvedProduct of(AppRegistry registry, String product, Map<String, Map<String, Object>> resolved) {
        Map<String, AppEntry> apps = new LinkedHashMap<>();
        resolved.forEach((id, app) -> {
            List<String> violations = RegistrySchema.appViolations(app);
            if (!violations.isEmpty()) {
                throw new RegistrySchemaException("app '" + id + "' of product '" + product + "' of " + registry
                        + " as resolved (the product's overrides are checked only here)", violations);
            }
            apps.put(id, new AppEntry(id, Trees.freezeMap(app), registry.baseUri().orElse(null)));
        });
        return new ResolvedProduct(registry, product, Collections.unmodifiableMap(apps));
    }

    /** @return the product (context) name */
    public String product() {
        return product;
    }

    /** @return the registry the product was resolved from (its settings, repositories and base URI) */
    public AppRegistry registry() {
        return registry;
    }

    /** @return app id → app, in resolution order; unmodifiable */
    public Map<String, AppEntry> apps() {
        return apps;
    }

    /**
     * @param id an app id
     * @return the app, or empty when the product does not offer it
     */
    public Optional<AppEntry> app(String id) {
        return Optional.ofNullable(apps.get(id));
    }

    /**
     * @param id an app id
     * @return the app
     * @throws RegistryException when the product does not offer it, listing the apps it offers
     */
    public AppEntry requireApp(String id) {
        AppEntry app = apps.get(id);
        if (app == null) {
            throw new RegistryException("product '" + product + "' has no app '" + id + "'; it offers: "
                    + String.join(", ", apps.keySet()));
        }
        return app;
    }

    @Override
    public String toString() {
        return "product " + product + " of " + registry + " " + apps.keySet();
    }
}
