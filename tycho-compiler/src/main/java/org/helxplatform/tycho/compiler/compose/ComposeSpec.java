package org.helxplatform.tycho.compiler.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.helxplatform.tycho.compiler.internal.schema.JsonSchemaValidator;
import org.helxplatform.tycho.compiler.internal.schema.Violation;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;

/**
 * A validated app spec, as a YAML tree: the docker-compose subset Tycho reads (services with their image,
 * entrypoint, ports, expose, environment, volumes, deploy resources and probes).
 *
 * <p>Every spec is checked against the JSON schema {@code compose-spec.schema.json} shipped with this module
 * before it is interpreted; violations are reported by path. Keys outside the subset are accepted and reported as
 * {@link #warnings() warnings} naming their path ({@code services.web.user}). Instances are immutable.
 */
public final class ComposeSpec {

    private static final JsonSchemaValidator SCHEMA =
            JsonSchemaValidator.fromClasspath("org/helxplatform/tycho/compiler/compose-spec.schema.json");

    private static final Set<String> TOP_KEYS = Set.of("version", "services");
    private static final Set<String> SERVICE_KEYS =
            Set.of("image", "entrypoint", "ports", "expose", "env", "environment", "volumes", "deploy", "ext");
    private static final Set<String> DEPLOY_KEYS = Set.of("resources");
    private static final Set<String> RESOURCES_KEYS = Set.of("limits", "reservations");
    private static final Set<String> LIMIT_KEYS = Set.of("cpus", "memory", "gpus", "ephemeralStorage");
    private static final Set<String> EXT_KEYS = Set.of("kube");
    private static final Set<String> KUBE_KEYS = Set.of("livenessProbe", "readinessProbe");

    private final String source;
    private final Map<String, Object> tree;
    private final List<SpecWarning> warnings;

    private ComposeSpec(String source, Map<String, Object> tree, List<SpecWarning> warnings) {
        this.source = source;
        this.tree = tree;
        this.warnings = warnings;
    }

    /**
     * Parses and validates spec text that holds no template syntax still to render.
     *
     * @param yaml   the docker-compose text
     * @param source the app id, file name or URL, for messages
     * @return the spec
     * @throws SpecException naming the source, path and value when the text is not valid YAML or not a valid spec
     */
    public static ComposeSpec parse(String yaml, String source) {
        return of(parseTree(yaml, source), source);
    }

    /**
     * Parses spec text into a tree without validating it, e.g. to render its template syntax first.
     *
     * @param yaml   the docker-compose text
     * @param source the app id, file name or URL, for messages
     * @return the tree
     * @throws SpecException when the text is not valid YAML or not a mapping
     */
    public static Object parseTree(String yaml, String source) {
        try {
            return Yaml11.load(yaml, source);
        } catch (Yaml11.YamlException e) {
            throw new SpecException(source, "", e.detail(), e);
        }
    }

    /**
     * Validates a tree.
     *
     * @param tree   the parsed (and rendered) spec
     * @param source the app id, file name or URL, for messages
     * @return the spec
     * @throws SpecException naming the source and every violation by path
     */
    public static ComposeSpec of(Object tree, String source) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw new SpecException(source, "", "is not a docker-compose file: expected a mapping with 'services', got "
                    + describe(tree));
        }
        List<Violation> violations = SCHEMA.validate(tree);
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("is not a valid Tycho app spec:");
            violations.forEach(v -> message.append(violations.size() == 1 ? " " : "\n  ").append(v.path())
                    .append(": ").append(v.message()));
            throw SpecException.withMessage(source, violations.get(0).path(), message.toString());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) Yaml11.frozen(map);
        return new ComposeSpec(source, copy, List.copyOf(warningsOf(copy)));
    }

    /** @return the app id, file name or URL the spec came from */
    public String source() {
        return source;
    }

    /** @return the whole spec as an unmodifiable, order-preserving tree */
    public Map<String, Object> tree() {
        return tree;
    }

    /** @return the service names in alphabetical order (the order of a system's containers) */
    public List<String> serviceNames() {
        return List.copyOf(new TreeSet<>(services().keySet()));
    }

    /**
     * One service.
     *
     * @param name the service name
     * @return its tree, or {@code null} when there is no such service
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> service(String name) {
        return (Map<String, Object>) services().get(name);
    }

    /** @return keys Tycho accepts but does not use, by path, in document order */
    public List<SpecWarning> warnings() {
        return warnings;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> services() {
        return (Map<String, Object>) tree.get("services");
    }

    private static List<SpecWarning> warningsOf(Map<String, Object> tree) {
        List<SpecWarning> warnings = new ArrayList<>();
        unknownKeys(tree, "", TOP_KEYS, warnings);
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) tree.get("services");
        services.forEach((name, value) -> {
            String path = "services." + name;
            Map<?, ?> service = (Map<?, ?>) value;
            unknownKeys(service, path, SERVICE_KEYS, warnings);
            if (service.get("deploy") instanceof Map<?, ?> deploy) {
                unknownKeys(deploy, path + ".deploy", DEPLOY_KEYS, warnings);
                if (deploy.get("resources") instanceof Map<?, ?> resources) {
                    unknownKeys(resources, path + ".deploy.resources", RESOURCES_KEYS, warnings);
                    for (String part : List.of("limits", "reservations")) {
                        if (resources.get(part) instanceof Map<?, ?> limits) {
                            unknownKeys(limits, path + ".deploy.resources." + part, LIMIT_KEYS, warnings);
                        }
                    }
                }
            }
            if (service.get("ext") instanceof Map<?, ?> ext) {
                unknownKeys(ext, path + ".ext", EXT_KEYS, warnings);
                if (ext.get("kube") instanceof Map<?, ?> kube) {
                    unknownKeys(kube, path + ".ext.kube", KUBE_KEYS, warnings);
                }
            }
        });
        return warnings;
    }

    private static void unknownKeys(Map<?, ?> map, String path, Set<String> known, List<SpecWarning> warnings) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                warnings.add(new SpecWarning((path.isEmpty() ? "" : path + ".") + key,
                        "not used by Tycho (outside the supported docker-compose subset); ignored"));
            }
        }
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }

}
