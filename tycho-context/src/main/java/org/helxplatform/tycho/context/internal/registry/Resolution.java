package org.helxplatform.tycho.context.internal.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One resolution of a product of an {@link AppRegistry} into app id → app entry (Python Tycho's
 * {@code TychoContext._grok}). Works on its own copies; the registry is never changed.
 */
final class Resolution {

    private static final Logger LOG = LoggerFactory.getLogger(Resolution.class);

    private static final String APPS = "apps";
    private static final String EXTENDS = "extends";
    private static final String MIXIN = "mixin";
    private static final String SPEC = "spec";
    private static final String ICON = "icon";
    private static final String DOCS = "docs";

    private final AppRegistry registry;
    private final String product;
    private final Map<String, String> settings;
    private final Map<String, Map<String, Object>> apps = new LinkedHashMap<>();

    private Resolution(AppRegistry registry, String product, Map<String, String> settings) {
        this.registry = registry;
        this.product = product;
        this.settings = settings;
    }

    /**
     * Resolves a product.
     *
     * @return app id → mutable app entry, in resolution order (the order of Python's dict)
     */
    static Map<String, Map<String, Object>> resolve(AppRegistry registry, String product,
            Map<String, String> settings) {
        return new Resolution(registry, product, settings).run();
    }

    private Map<String, Map<String, Object>> run() {
        if (!registry.contexts().containsKey(product)) {
            throw new RegistryException("undefined product '" + product + "'; " + registry + " defines: "
                    + String.join(", ", registry.contexts().keySet()));
        }
        walk(product, new ArrayDeque<>(), this::addApps);
        apps.values().forEach(app -> Trees.merge(app, registry.defaults()));
        walk(product, new ArrayDeque<>(), this::applyMixins);
        apps.forEach(this::completeUrls);
        applyOverrides(context(product));
        return apps;
    }

    /**
     * Visits a context after the contexts it extends, depth-first in list order; a base reached along two paths is
     * visited twice, as in Python Tycho.
     */
    private void walk(String name, Deque<String> chain, Consumer<String> visit) {
        if (chain.contains(name)) {
            List<String> cycle = new ArrayList<>(chain);
            cycle = cycle.subList(cycle.indexOf(name), cycle.size());
            cycle.add(name);
            throw new RegistryException("contexts of " + registry + " extend each other in a cycle: "
                    + String.join(" -> ", cycle) + "; remove one of these extends entries");
        }
        chain.addLast(name);
        for (String base : names(name, EXTENDS)) {
            if (!registry.contexts().containsKey(base)) {
                throw new RegistryException("context '" + name + "' extends '" + base + "', which " + registry
                        + " does not define; defined contexts: " + String.join(", ", registry.contexts().keySet()));
            }
            walk(base, chain, visit);
        }
        chain.removeLast();
        visit.accept(name);
    }

    /** Inheritance: the context's apps replace earlier entries of the same id whole. */
    private void addApps(String name) {
        AppRegistry.mapOrEmpty(context(name).get(APPS))
                .forEach((id, definition) -> apps.put(id, Trees.withoutNullKeys(AppRegistry.mapOrEmpty(definition))));
    }

    /** Mixins: every mixin context's definition of an app of the product is merged into it, the mixin winning. */
    private void applyMixins(String name) {
        for (String mixer : names(name, MIXIN)) {
            if (!registry.contexts().containsKey(mixer)) {
                LOG.warn("context '{}' of {} mixes in '{}', which is not defined; ignored, as Python Tycho does",
                        name, registry, mixer);
                continue;
            }
            Map<String, Object> definitions = AppRegistry.mapOrEmpty(context(mixer).get(APPS));
            apps.forEach((id, app) -> {
                Object definition = definitions.get(id);
                if (definition != null) {
                    Trees.merge(app, Trees.withoutNullKeys(AppRegistry.mapOrEmpty(definition)));
                }
            });
        }
    }

    /**
     * Spec and icon URLs: an app without spec gets one under the first repository; every app gets the icon next to
     * its spec; {@code $name} in spec, icon and docs becomes the URL of repository {@code name}.
     */
    private void completeUrls(String id, Map<String, Object> app) {
        if (!app.containsKey(SPEC)) {
            app.put(SPEC, repositoryUrl(id) + "/" + id + "/docker-compose.yaml");
        }
        app.put(ICON, PythonCompat.sibling((String) app.get(SPEC), "icon.png"));
        for (String key : List.of(SPEC, ICON, DOCS)) {
            if (app.get(key) instanceof String text) {
                app.put(key, PythonCompat.safeSubstitute(text, registry.repositories()));
            }
        }
    }

    /** The URL of the first repository, absolute, with the DOCKSTORE_APPS_BRANCH rewrite applied. */
    private String repositoryUrl(String id) {
        if (registry.repositories().isEmpty()) {
            throw new RegistryException("app '" + id + "' of product '" + product + "' has no spec, and " + registry
                    + " defines no repositories to derive one from; give the app a spec: URL or add a"
                    + " repositories: entry");
        }
        Map.Entry<String, String> first = registry.repositories().entrySet().iterator().next();
        String url = first.getValue();
        if (!url.startsWith("http")) {
            URI base = registry.baseUri().orElseThrow(() -> new RegistryException("repository '" + first.getKey()
                    + "' of " + registry + " has the relative URL '" + first.getValue() + "' (needed for the spec"
                    + " of app '" + id + "'), but the registry has no base URL to resolve it against; load it"
                    + " through a RegistrySource or give the repository an absolute URL"));
            url = resolve(base, first.getKey(), url);
        }
        String branch = settings.getOrDefault(AppRegistry.DOCKSTORE_APPS_BRANCH, "");
        if ("false".equals(settings.get(AppRegistry.EXTERNAL_REGISTRY_ENABLED)) && !branch.isEmpty()) {
            url = url.replace("master", branch);
        }
        return url;
    }

    private String resolve(URI base, String repository, String url) {
        try {
            return base.resolve(new URI(url)).toString();
        } catch (URISyntaxException e) {
            throw new RegistryException("repository '" + repository + "' of " + registry + " has the URL '" + url
                    + "', which is not a valid URI: " + e.getReason());
        }
    }

    /**
     * Product overrides, as Python's {@code add_conf_impl}: a key of the product context that is an app id holds a
     * map whose top-level keys replace the app's; the same is then done within that map, recursively.
     */
    private void applyOverrides(Map<String, Object> node) {
        node.forEach((key, value) -> {
            Map<String, Object> app = apps.get(key);
            if (app == null || value == null) {
                return;
            }
            if (!(value instanceof Map)) {
                throw new RegistryException("product '" + product + "' of " + registry + " overrides app '" + key
                        + "' with '" + value + "'; an override must be a map of app keys, such as"
                        + " securityContext: {fsGroup: 0}");
            }
            Map<String, Object> override = AppRegistry.mapOrEmpty(value);
            app.putAll(Trees.withoutNullKeys(override));
            applyOverrides(override);
        });
    }

    private Map<String, Object> context(String name) {
        return AppRegistry.mapOrEmpty(registry.contexts().get(name));
    }

    @SuppressWarnings("unchecked")
    private List<String> names(String context, String key) {
        Object names = context(context).get(key);
        return names == null ? Collections.emptyList() : (List<String>) names;
    }
}
