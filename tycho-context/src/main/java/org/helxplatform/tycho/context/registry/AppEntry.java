package org.helxplatform.tycho.context.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.helxplatform.tycho.compiler.internal.PyStr;

/**
 * One resolved app of a product: typed accessors for the keys hosts read, and {@link #raw()} for the whole entry as
 * resolved (unknown keys kept). Absent keys (including keys written with a null value, which Python Tycho failed on) read as the
 * defaults given on each accessor. Immutable and safe to share between threads.
 */
public final class AppEntry {

    /** {@link #count()} of an app a user may run without limit. */
    public static final int UNLIMITED = -1;
    /** {@link #count()} of an app whose entry has no {@code count}: one instance per user. */
    public static final int DEFAULT_COUNT = 1;

    private final String id;
    private final Map<String, Object> raw;
    private final URI baseUri;

    /**
     * An app entry as registry resolution produces it; hosts get entries from {@code TychoContext.apps()} and
     * need this only to build one in their own tests.
     *
     * @param id      the app id
     * @param raw     the resolved entry, an unmodifiable tree of maps, lists and scalars
     * @param baseUri the registry's base URI, or {@code null}
     */
    public AppEntry(String id, Map<String, Object> raw, URI baseUri) {
        this.id = id;
        this.raw = raw;
        this.baseUri = baseUri;
    }

    /** @return the app id, such as {@code jupyter-ds} */
    public String id() {
        return id;
    }

    /** @return the display name ({@code name}), or the app id when the entry has none */
    public String name() {
        return (String) raw.getOrDefault("name", id);
    }

    /** @return the one-line {@code description}, or "" */
    public String description() {
        return text("description");
    }

    /** @return the longer {@code details}, or "" */
    public String details() {
        return text("details");
    }

    /** @return the documentation link ({@code docs}), with repository variables substituted; empty when absent */
    public Optional<String> docs() {
        return Optional.ofNullable((String) raw.get("docs"));
    }

    /**
     * @return the URL of the app's docker-compose spec; a relative one (possible when the registry's repository URL
     *         is relative and the app's spec names it by {@code $repository}) is resolved against the registry's
     *         base URI, while {@link #raw()} keeps the text as Python Tycho has it
     * @throws RegistryException when the spec is not a valid URI
     */
    public URI spec() {
        return uri("spec");
    }

    /**
     * @return the URL of the app's icon ({@code icon.png} next to the spec), resolved like {@link #spec()}
     * @throws RegistryException when the icon is not a valid URI
     */
    public URI icon() {
        return uri("icon");
    }

    /**
     * @return how many instances a user may run ({@code count}), {@link #UNLIMITED} for no limit;
     *         {@link #DEFAULT_COUNT} when absent
     */
    public int count() {
        Object count = raw.get("count");
        return count == null ? DEFAULT_COUNT : ((Number) count).intValue();
    }

    /**
     * @return service (container) name → port, the port as a string ({@code 8888} and {@code "8888"} alike), in
     *         order
     */
    public Map<String, String> services() {
        return strings(map("services"));
    }

    /**
     * @return the {@code securityContext} ({@code runAsUser}, {@code runAsGroup}, {@code fsGroup}…), empty when
     *         absent
     */
    public Map<String, Object> securityContext() {
        return map("securityContext");
    }

    /** @return the Kubernetes service account the app runs as ({@code serviceAccount}), empty when absent */
    public Optional<String> serviceAccount() {
        return Optional.ofNullable((String) raw.get("serviceAccount"));
    }

    /** @return the extensions ({@code ext}, such as {@code kube.livenessProbe}), empty when absent */
    public Map<String, Object> ext() {
        return map("ext");
    }

    /**
     * @return the app's environment ({@code env}) in order, laid over its spec's {@code .env}; values that are not
     *         strings are written as Python's {@code str()} does ({@code True}, {@code 1.5}, {@code None})
     */
    public Map<String, String> env() {
        return strings(map("env"));
    }

    /** @return the suffix of the app's URL ({@code conn_string}), "" when absent */
    public String connString() {
        return text("conn_string");
    }

    /**
     * @return the {@code proxy-rewrite} map as written, or {@code {enabled: false, target: null}} when absent; the
     *         start request sets {@code enabled} when {@link #proxyRewriteRule()} is true
     */
    public Map<String, Object> proxyRewrite() {
        if (raw.get("proxy-rewrite") != null) {
            return map("proxy-rewrite");
        }
        Map<String, Object> disabled = new LinkedHashMap<>();
        disabled.put("enabled", false);
        disabled.put("target", null);
        return Collections.unmodifiableMap(disabled);
    }

    /** @return {@code proxy-rewrite-rule}, false when absent */
    public boolean proxyRewriteRule() {
        return flag("proxy-rewrite-rule");
    }

    /** @return {@code gitea-integration}, false when absent */
    public boolean giteaIntegration() {
        return flag("gitea-integration");
    }

    /** @return {@code lock-resources}, false when absent */
    public boolean lockResources() {
        return flag("lock-resources");
    }

    /**
     * @return the whole entry as resolved, unknown keys kept: a deep-unmodifiable, order-preserving tree of maps,
     *         lists and scalars with the values as in Python Tycho
     */
    public Map<String, Object> raw() {
        return raw;
    }

    private String text(String key) {
        return (String) raw.getOrDefault(key, "");
    }

    private boolean flag(String key) {
        return Boolean.TRUE.equals(raw.get(key));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String key) {
        Object value = raw.get(key);
        return value == null ? Collections.emptyMap() : (Map<String, Object>) value;
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((key, value) -> strings.put(key, PyStr.of(value)));
        return Collections.unmodifiableMap(strings);
    }

    private URI uri(String key) {
        String text = (String) raw.get(key);
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() || baseUri == null ? uri : baseUri.resolve(uri);
        } catch (URISyntaxException e) {
            throw new RegistryException("app '" + id + "': " + key + " '" + text + "' is not a valid URI: "
                    + e.getReason());
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AppEntry that && id.equals(that.id) && raw.equals(that.raw)
                && Objects.equals(baseUri, that.baseUri);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, raw, baseUri);
    }

    /** @return the app's id, name and spec; not its entry, whose {@code env} may hold secrets */
    @Override
    public String toString() {
        return "AppEntry[id=" + id + ", name=" + name() + ", spec=" + raw.get("spec") + "]";
    }
}
