package org.helxplatform.tycho.context;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.compiler.internal.TreeRenderer;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.context.internal.registry.ResolvedProduct;
import org.helxplatform.tycho.context.load.LoadException;
import org.helxplatform.tycho.context.load.ResourceLoader;
import org.helxplatform.tycho.context.registry.AppEntry;

/**
 * The specs and settings of a product's apps, fetched once per app and cached for the life of the context: the compose file rendered with the registry's {@code settings} and validated, and the {@code .env}
 * next to it with the registry {@code env} laid over it. Thread-safe.
 */
final class AppDefinitions {

    private final ResolvedProduct product;
    private final ResourceLoader loader;
    private final TemplateEngine engine;
    private final Memo<String, ComposeSpec> specs = new Memo<>(this::loadSpec);
    private final Memo<String, Map<String, String>> settings = new Memo<>(this::loadSettings);

    AppDefinitions(ResolvedProduct product, ResourceLoader loader, TemplateEngine engine) {
        this.product = product;
        this.loader = loader;
        this.engine = engine;
    }

    ComposeSpec spec(String appId) {
        return specs.get(appId);
    }

    Map<String, String> settings(String appId) {
        return settings.get(appId);
    }

    private ComposeSpec loadSpec(String appId) {
        URI url = product.requireApp(appId).spec();
        String source = "app " + appId + " (" + url + ")";
        requireAllowed(url, source);
        String text;
        try {
            text = loader.load(url).orElseThrow(() -> new SpecException(source, "",
                    "the spec does not exist (404); check the app's 'spec' or the registry's repositories"));
        } catch (LoadException e) {
            throw new SpecException(source, "", "the spec cannot be fetched: " + e.getMessage(), e);
        }
        Object tree = ComposeSpec.parseTree(text, source);
        return ComposeSpec.of(TreeRenderer.render(tree, engine, product.registry().settings(), source), source);
    }

    /**
     * A registry decides which files its apps' specs and {@code .env} are read from. It may name http(s) URLs, and
     * locations of its own kind under its own base (a directory or class path registry); not local files or class
     * path resources elsewhere, which a remote registry must not be able to read into a user's pod.
     */
    private void requireAllowed(URI location, String source) {
        String scheme = location.getScheme() == null ? "" : location.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https")) {
            return;
        }
        URI base = product.registry().baseUri().orElse(null);
        boolean underBase = base != null && scheme.equals(base.getScheme())
                && Objects.equals(location.getAuthority(), base.getAuthority())
                && isUnder(location.getPath(), base.getPath());
        if (!underBase) {
            throw new SpecException(source, "spec", "a registry loaded from " + base + " may only name specs at"
                    + " http(s) URLs or under its own location; '" + location + "' is neither");
        }
    }

    /**
     * Whether a path lies under a directory, compared as the loaders read them: decoded ({@code %2e%2e} is
     * {@code ..}), normalised, element by element ({@code /reg-other} is not under {@code /reg}).
     */
    private static boolean isUnder(String path, String directory) {
        if (path == null || directory == null) {
            return false;
        }
        List<String> segments = segments(path);
        List<String> parent = segments(directory);
        return segments.size() > parent.size() && segments.subList(0, parent.size()).equals(parent);
    }

    /** The segments of a decoded URI path with {@code .} and {@code ..} resolved, on any platform. */
    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /**
     * The {@code .env} entries (each line holding {@code =}, split at the first one; comment lines starting with
     * {@code #} are skipped), then the registry {@code env} over them.
     */
    private Map<String, String> loadSettings(String appId) {
        AppEntry app = product.requireApp(appId);
        URI env = app.spec().resolve(".env");
        requireAllowed(env, "app " + appId + " (" + env + ")");
        Map<String, String> values = new LinkedHashMap<>();
        loader.load(env).ifPresent(text -> text.lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals >= 0 && !line.stripLeading().startsWith("#")) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }));
        values.putAll(app.env());
        return Collections.unmodifiableMap(values);
    }
}
