package org.helxplatform.tycho.compiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Shared fixtures of the compiler tests: where the shared conformance data and the two template sets are, engines
 * for them, and small helpers to build requests and walk rendered trees.
 */
public final class TestSupport {

    /** A fixed identifier, 32 lower-case hex digits. */
    public static final String ID = "0123456789abcdef0123456789abcdef";
    /** A fixed clock, so that {@code now()} in templates renders the same text in every run. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    private TestSupport() {
    }

    /**
     * The shared directory: the system property {@code tycho.shared.dir} (set by surefire), else {@code ../shared}
     * next to the repository root.
     *
     * @return the directory
     */
    public static Path sharedDir() {
        String property = System.getProperty("tycho.shared.dir");
        Path dir = property != null && !property.isBlank() && !property.contains("${")
                ? Path.of(property)
                : Path.of("").toAbsolutePath().getParent().resolve("../shared");
        Path normalized = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(normalized)) {
            throw new IllegalStateException("shared conformance data not found at " + normalized);
        }
        return normalized;
    }

    /** @return Python Tycho's original templates, used as user templates */
    public static Path originalTemplates() {
        return sharedDir().resolve("conformance/tycho-templates");
    }

    /** @return the Kubernetes backend's default templates, read from the sibling module's sources */
    public static Path defaultTemplates() {
        Path dir = Path.of("../tycho-backend-kubernetes/src/main/resources/org/helxplatform/tycho/backend/kubernetes/"
                + "templates").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("default templates not found at " + dir);
        }
        return dir;
    }

    /** @return an engine with no template roots, enough to render spec values and settings */
    public static TemplateEngine plainEngine() {
        return TemplateEngine.builder().clock(CLOCK).build();
    }

    /** @return an engine whose user directory holds the original Python templates */
    public static TemplateEngine originalEngine() {
        return TemplateEngine.builder().templateDirectories(List.of(originalTemplates())).clock(CLOCK).build();
    }

    /** @return an engine whose user directory holds the backend's default templates */
    public static TemplateEngine defaultEngine() {
        return TemplateEngine.builder().templateDirectories(List.of(defaultTemplates())).clock(CLOCK).build();
    }

    /**
     * A compiler with the given settings.
     *
     * @param settings name to value
     * @return the compiler
     */
    public static SystemCompiler compiler(Map<String, String> settings) {
        return new SystemCompiler(TychoSettings.of(settings), plainEngine());
    }

    /**
     * Parses and validates spec text.
     *
     * @param yaml the compose text
     * @return the spec
     */
    public static ComposeSpec spec(String yaml) {
        return ComposeSpec.parse(yaml, "test spec");
    }

    /** A main service named {@code app} with resources, the minimum a spec needs. */
    public static final String MINIMAL = """
            services:
              app:
                image: repo/app:1.0
                deploy:
                  resources:
                    limits: {cpus: '1', memory: 1G}
                    reservations: {cpus: '0.5', memory: 512M}
            """;

    /**
     * A request for app {@code app} with the fixed identifier.
     *
     * @param spec     the spec
     * @param username the user
     * @return the builder
     */
    public static CompileRequest.Builder request(ComposeSpec spec, String username) {
        return CompileRequest.builder("app", ID, spec, Principal.of(username, "token-1"));
    }

    /**
     * The environment of a container as name to value, in order (later duplicates win).
     *
     * @param container the container
     * @return the map
     */
    public static Map<String, String> envMap(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : container.env()) {
            env.put(variable.name(), variable.value());
        }
        return env;
    }

    /**
     * The names of a container's environment, in order.
     *
     * @param container the container
     * @return the names
     */
    public static List<String> envNames(Container container) {
        return container.env().stream().map(EnvVar::name).toList();
    }

    /**
     * One container of a system.
     *
     * @param system the system
     * @param name   the container name
     * @return the container
     * @throws AssertionError when there is none
     */
    public static Container container(TychoSystem system, String name) {
        Container container = system.container(name);
        if (container == null) {
            throw new AssertionError("no container " + name + " in " + system.containers());
        }
        return container;
    }

    /**
     * Walks a tree of maps and lists: keys of maps, indexes of lists.
     *
     * @param tree the tree
     * @param path keys and indexes
     * @return the node
     * @throws AssertionError when the path does not exist
     */
    public static Object at(Object tree, Object... path) {
        Object node = tree;
        for (Object step : path) {
            if (node instanceof Map<?, ?> map && map.containsKey(step)) {
                node = map.get(step);
            } else if (node instanceof List<?> list && step instanceof Integer index && index < list.size()) {
                node = list.get(index);
            } else {
                throw new AssertionError("no " + step + " in " + node + " (path " + List.of(path) + ")");
            }
        }
        return node;
    }

    /**
     * The shape of a tree: every key path with the kind of value found there ({@code map}, {@code list[n]},
     * {@code scalar}), sorted. Two trees with equal shapes have the same keys, list lengths and nesting.
     *
     * @param tree the tree
     * @return path to kind
     */
    public static Map<String, String> shape(Object tree) {
        Map<String, String> shape = new TreeMap<>();
        shape(tree, "", shape);
        return shape;
    }

    private static void shape(Object tree, String path, Map<String, String> shape) {
        if (tree instanceof Map<?, ?> map) {
            shape.put(path, "map");
            map.forEach((key, value) -> shape(value, path + "/" + key, shape));
        } else if (tree instanceof List<?> list) {
            shape.put(path, "list[" + list.size() + "]");
            for (int i = 0; i < list.size(); i++) {
                shape(list.get(i), path + "[" + i + "]", shape);
            }
        } else {
            shape.put(path, "scalar");
        }
    }

    /**
     * The tree without keys whose value is null, recursively (the original templates write nulls where the
     * defaults write nothing).
     *
     * @param tree the tree
     * @return a copy
     */
    public static Object withoutNulls(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (value != null) {
                    copy.put(key, withoutNulls(value));
                }
            });
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return tree;
    }

    /**
     * The canonical form in which the conformance cases compare objects ({@code conformance/README.md}) and the
     * backend applies them (D7): label, annotation, selector and env values are strings ({@code null} labels become
     * {@code ""}), resource quantities are strings, the stray top-level {@code resourceversion} of the Python Service
     * template is gone, and keys whose value is null are removed.
     *
     * @param document a rendered document
     * @return a canonical copy
     */
    public static Object canonical(Object document) {
        Object tree = canonical(document, null, null);
        if (tree instanceof Map<?, ?> map) {
            map.remove("resourceversion");
        }
        return withoutNulls(tree);
    }

    private static Object canonical(Object tree, String key, String parentKey) {
        if (tree instanceof Map<?, ?> map) {
            boolean stringValues = "metadata".equals(parentKey) && ("labels".equals(key) || "annotations".equals(key))
                    || "matchLabels".equals(key) || "selector".equals(key) && !map.containsKey("matchLabels");
            boolean quantities = "resources".equals(parentKey) && ("limits".equals(key) || "requests".equals(key));
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String name = String.valueOf(k);
                if ((stringValues || quantities) && !(v instanceof Map) && !(v instanceof List)) {
                    copy.put(name, v == null ? (stringValues ? "" : null) : String.valueOf(v));
                } else if ("env".equals(parentKey) && "value".equals(name) && v != null && !(v instanceof Map)) {
                    copy.put(name, String.valueOf(v));
                } else {
                    copy.put(name, canonical(v, name, key));
                }
            });
            return copy;
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(canonical(item, key, key)));
            return copy;
        }
        return tree;
    }

    /**
     * The first difference between two trees, as a path, or {@code null} when they are equal.
     *
     * @param expected one tree
     * @param actual   the other
     * @return a description of the first difference
     */
    public static String firstDifference(Object expected, Object actual) {
        return firstDifference(expected, actual, "");
    }

    private static String firstDifference(Object expected, Object actual, String path) {
        if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
            for (Object key : a.keySet()) {
                if (!b.containsKey(key)) {
                    return path + "/" + key + ": only in the first (" + a.get(key) + ")";
                }
                String difference = firstDifference(a.get(key), b.get(key), path + "/" + key);
                if (difference != null) {
                    return difference;
                }
            }
            for (Object key : b.keySet()) {
                if (!a.containsKey(key)) {
                    return path + "/" + key + ": only in the second (" + b.get(key) + ")";
                }
            }
            return null;
        }
        if (expected instanceof List<?> a && actual instanceof List<?> b) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                String difference = firstDifference(a.get(i), b.get(i), path + "[" + i + "]");
                if (difference != null) {
                    return difference;
                }
            }
            return a.size() == b.size() ? null : path + ": " + a.size() + " items vs " + b.size();
        }
        return java.util.Objects.equals(expected, actual) ? null
                : path + ": " + describe(expected) + " vs " + describe(actual);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
