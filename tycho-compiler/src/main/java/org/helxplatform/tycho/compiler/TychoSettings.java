package org.helxplatform.tycho.compiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.helxplatform.tycho.compiler.internal.PyStr;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.Quantity;
import org.helxplatform.tycho.model.SecurityContext;

/**
 * Tycho's settings, with the environment variable names and defaults of Python Tycho (the README's Configuration
 * table lists them).
 *
 * <p>Settings are values: nothing here reads the process environment or files. Production code passes
 * {@code System.getenv()}, tests pass a literal map:
 * <pre>{@code
 * TychoSettings settings = TychoSettings.of(System.getenv());
 * TychoSettings forTests = TychoSettings.of(Map.of("DEV_PHASE", "test"));
 * }</pre>
 * Unknown names are kept (see {@link #get(String)}) so hosts can carry their own; values are checked when the
 * settings are built, so a typo such as {@code CREATE_HOME_DIRS=yes} fails at once, naming the setting.
 * Instances are immutable and thread-safe.
 */
public final class TychoSettings {

    /** Python Tycho's default volume patterns, in its order. */
    public static final List<String> DEFAULT_VOLUME_PATTERNS = List.of(
            "pvc://stdnfs_pvc:parent_dir/shared_dir",
            "pvc://stdnfs_pvc/shared_dir:parent_dir/shared_dir",
            "pvc://stdnfs_pvc/username:parent_dir/subpath_dir");

    /** Setting holding the default volume patterns, separated by commas; {@link #DEFAULT_VOLUME_PATTERNS} when unset. */
    public static final String DEFAULT_VOLUMES = "TYCHO_APP_DEFAULT_VOLUMES";
    /** Setting holding user template directories, separated by the platform path separator. */
    public static final String TEMPLATE_PATHS = "TYCHO_TEMPLATE_PATHS";

    /** Setting switching on the hardened pod profile (Pod Security {@code restricted}); default false. */
    public static final String HARDENED = "TYCHO_APP_HARDENED";
    /** Setting putting the user's tokens into a per-system Secret instead of the Deployment; default false. */
    public static final String TOKENS_IN_SECRET = "TYCHO_APP_TOKENS_IN_SECRET";
    /** Setting making a {@code pvc://} claim that does not exist an error instead of a warning; default false. */
    public static final String REQUIRE_CLAIMS = "TYCHO_APP_REQUIRE_CLAIMS";
    /** Setting bounding how many systems one user may run at once; unset means no bound. */
    public static final String MAX_SYSTEMS_PER_USER = "TYCHO_USER_MAX_SYSTEMS";
    /**
     * The settings bounding the resources of one system (all its containers together), by resource name
     * ({@code cpus}, {@code memory}, {@code gpus}, {@code ephemeralStorage}); unset means no bound.
     */
    public static final Map<String, String> MAX_PER_SYSTEM = bounds("TYCHO_APP_MAX_");
    /**
     * The settings bounding the resources of all systems of one user together, by resource name; unset means no
     * bound.
     */
    public static final Map<String, String> MAX_PER_USER = bounds("TYCHO_USER_MAX_");

    private final Map<String, String> values;
    private final List<String> defaultVolumePatterns;
    private final List<Path> templatePaths;

    private TychoSettings(Map<String, String> values, List<String> defaultVolumePatterns, List<Path> templatePaths) {
        this.values = values;
        this.defaultVolumePatterns = defaultVolumePatterns;
        this.templatePaths = templatePaths;
        validate();
    }

    /**
     * Settings from a map of names to values, such as {@code System.getenv()}.
     *
     * @param values the settings; absent names take their defaults
     * @return the settings
     * @throws InvalidValueException when a value is invalid, naming the setting and the fix
     * @throws NullPointerException  when {@code values} is null
     */
    public static TychoSettings of(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNull(values, "values").forEach((name, value) -> {
            if (name != null && value != null) {
                copy.put(name, value);
            }
        });
        String volumes = copy.get(DEFAULT_VOLUMES);
        List<String> patterns = volumes == null ? DEFAULT_VOLUME_PATTERNS : split(volumes, ",");
        String paths = copy.get(TEMPLATE_PATHS);
        List<Path> templatePaths = new ArrayList<>();
        if (paths != null) {
            split(paths, java.io.File.pathSeparator).forEach(path -> templatePaths.add(Path.of(path)));
        }
        return new TychoSettings(Collections.unmodifiableMap(copy), List.copyOf(patterns), List.copyOf(templatePaths));
    }

    /** @return Python Tycho's defaults */
    public static TychoSettings defaults() {
        return of(Map.of());
    }

    /**
     * The same settings with other default volume patterns.
     *
     * @param patterns patterns such as {@code pvc://stdnfs_pvc/username:parent_dir/subpath_dir}; the words
     *                 {@code stdnfs_pvc}, {@code username}, {@code parent_dir}, {@code subpath_dir} and
     *                 {@code shared_dir} are replaced by their settings
     * @return the copy
     */
    public TychoSettings withDefaultVolumePatterns(List<String> patterns) {
        return new TychoSettings(values, List.copyOf(patterns), templatePaths);
    }

    /**
     * The same settings with user template directories, searched before the defaults.
     *
     * @param paths the directories, in search order
     * @return the copy
     */
    public TychoSettings withTemplatePaths(List<Path> paths) {
        return new TychoSettings(values, defaultVolumePatterns, List.copyOf(paths));
    }

    /**
     * Any setting by name, including ones Tycho does not know.
     *
     * @param name the name
     * @return the value, if set
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** @return every setting given, in order (defaults are not included) */
    public Map<String, String> asMap() {
        return values;
    }

    /** @return {@code DEV_PHASE}: {@code prod} (default), {@code dev} or {@code test} */
    public String devPhase() {
        return value("DEV_PHASE", "prod");
    }

    /** @return {@code NAMESPACE}, if set; otherwise the backend finds one */
    public Optional<String> namespace() {
        return get("NAMESPACE").filter(value -> !value.isBlank());
    }

    /** @return whether default volumes mount home and shared directories ({@code CREATE_HOME_DIRS}, default true) */
    public boolean createHomeDirsForVolumes() {
        return bool("CREATE_HOME_DIRS", true);
    }

    /** @return whether the init container creates home directories ({@code CREATE_HOME_DIRS}, default false) */
    public boolean createHomeDirsForInitContainer() {
        return bool("CREATE_HOME_DIRS", false);
    }

    /** @return {@code STDNFS_PVC}, the user storage claim (default {@code stdnfs}) */
    public String stdnfsPvc() {
        return value("STDNFS_PVC", "stdnfs");
    }

    /** @return {@code PARENT_DIR} (default {@code home}) */
    public String parentDir() {
        return value("PARENT_DIR", "home");
    }

    /** @return {@code SUBPATH_DIR}, if set; the user name otherwise */
    public Optional<String> subpathDir() {
        return get("SUBPATH_DIR");
    }

    /** @return {@code SHARED_DIR} (default {@code shared}) */
    public String sharedDir() {
        return value("SHARED_DIR", "shared");
    }

    /** @return the default volume patterns ({@link #DEFAULT_VOLUME_PATTERNS} unless configured) */
    public List<String> defaultVolumePatterns() {
        return defaultVolumePatterns;
    }

    /**
     * The default volume patterns mounted into every container, chosen as Python Tycho chooses them: with
     * {@code CREATE_HOME_DIRS=true} the patterns whose claim part holds {@code shared_dir} or whose mount path
     * holds {@code subpath_dir} (the user's home and the shared directory); with {@code false} the patterns that
     * mention {@code username} nowhere and {@code shared_dir} not in their claim part (the whole claim).
     *
     * @return the patterns in use, in order
     */
    public List<String> defaultVolumePatternsInUse() {
        boolean homeDirs = createHomeDirsForVolumes();
        return defaultVolumePatterns.stream().filter(pattern -> selected(pattern, homeDirs)).toList();
    }

    private static boolean selected(String pattern, boolean homeDirs) {
        String[] parts = pattern.split(":");
        if (homeDirs) {
            return parts[1].contains("shared_dir") || parts[2].contains("subpath_dir");
        }
        return !pattern.contains("username") && !parts[1].contains("shared_dir");
    }

    /** @return user template directories, searched before the defaults */
    public List<Path> templatePaths() {
        return templatePaths;
    }

    /**
     * The template directories a backend searches: the host's own first, then {@code TYCHO_TEMPLATE_PATHS}, each
     * once.
     *
     * @param hostDirectories the directories the host configured
     * @return the merged list, in search order
     */
    public List<Path> templatePathsAfter(List<Path> hostDirectories) {
        List<Path> directories = new ArrayList<>(hostDirectories);
        templatePaths.stream().filter(path -> !directories.contains(path)).forEach(directories::add);
        return List.copyOf(directories);
    }

    /**
     * A resource bound: one of {@link #MAX_PER_SYSTEM} or {@link #MAX_PER_USER}, checked when the settings are
     * built.
     *
     * @param name the setting's name, e.g. {@code TYCHO_APP_MAX_CPUS}
     * @return the bound, if set
     */
    public Optional<Quantity> bound(String name) {
        return get(name).filter(value -> !value.isBlank()).map(value -> Quantity.parse("setting " + name,
                value.trim()));
    }

    /** @return {@value #MAX_SYSTEMS_PER_USER}: how many systems one user may run at once, if bounded */
    public OptionalInt maxSystemsPerUser() {
        Optional<String> value = get(MAX_SYSTEMS_PER_USER).filter(text -> !text.isBlank());
        return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.get().trim()));
    }

    /** @return the opt-in security measures: {@value #HARDENED}, {@value #TOKENS_IN_SECRET}, {@value #REQUIRE_CLAIMS} */
    public DeploymentOptions.Security security() {
        return new DeploymentOptions.Security(bool(HARDENED, false), bool(TOKENS_IN_SECRET, false),
                bool(REQUIRE_CLAIMS, false));
    }

    /** @return {@code TYCHO_APP_GPU_RESOURCE_NAME} (default {@code nvidia.com/gpu}) */
    public String gpuResourceName() {
        return value("TYCHO_APP_GPU_RESOURCE_NAME", "nvidia.com/gpu");
    }

    /**
     * The pod security context for an app, from its registry {@code securityContext} and the settings (§4).
     *
     * @param registry the app's registry {@code securityContext} ({@code runAsUser}, {@code runAsGroup},
     *                 {@code fsGroup}); empty for none
     * @return the security context
     */
    public SecurityContext securityContext(Map<String, ?> registry) {
        Optional<String> nfsrodsUid = get("NFSRODS_UID").filter(value -> !value.isEmpty());
        if (nfsrodsUid.isPresent()) {
            return new SecurityContext(nfsrodsUid.get(), null, null);
        }
        return new SecurityContext(
                registryOr(registry, "runAsUser", "TYCHO_APP_RUN_AS_USER"),
                registryOr(registry, "runAsGroup", "TYCHO_APP_RUN_AS_GROUP"),
                registryOr(registry, "fsGroup", "TYCHO_APP_FS_GROUP"));
    }

    /**
     * The init container's security context for an app (§4).
     *
     * @param registry the app's registry {@code securityContext} ({@code initRunAsUser}, {@code initRunAsGroup})
     * @return the security context
     */
    public SecurityContext initSecurityContext(Map<String, ?> registry) {
        return new SecurityContext(
                registryOr(registry, "initRunAsUser", "INIT_SC_RUN_AS_USER"),
                registryOr(registry, "initRunAsGroup", "INIT_SC_RUN_AS_GROUP"),
                null);
    }

    /**
     * The deployment options of a user's systems.
     *
     * @param username the user (the default of {@code SUBPATH_DIR})
     * @return the options
     */
    public DeploymentOptions deploymentOptions(String username) {
        return new DeploymentOptions(devPhase(), gpuResourceName(),
                new DeploymentOptions.InitContainer(bool("TYCHO_APP_ENABLE_INIT_CONTAINER", true),
                        createHomeDirsForInitContainer(), value("TYCHO_APP_INIT_IMAGE_REPOSITORY", "busybox"),
                        value("TYCHO_APP_INIT_IMAGE_TAG", "latest"), value("TYCHO_APP_INIT_CPUS", "250m"),
                        value("TYCHO_APP_INIT_MEMORY", "250Mi")),
                new DeploymentOptions.Storage(stdnfsPvc(), parentDir(), subpathDir().orElse(username), sharedDir()),
                new DeploymentOptions.Irods(get("IROD_HOST").isPresent(), value("NFSRODS_HOST", "")),
                new DeploymentOptions.Gitea(value("GITEA_HOST", ""), value("GITEA_USER", ""),
                        value("GITEA_SERVICE_NAME", "")),
                new DeploymentOptions.Ambassador(value("AMBASSADOR_SVC_NAME", "").trim(), value("AMBASSADOR_ID", "")),
                security());
    }

    @Override
    public String toString() {
        return "TychoSettings" + values.keySet();
    }

    private String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    private String registryOr(Map<String, ?> registry, String key, String setting) {
        Object value = registry == null ? null : registry.get(key);
        if (value instanceof Map || value instanceof List) {
            throw new InvalidValueException("securityContext." + key, value, "must be a numeric user or group id");
        }
        return value != null ? PyStr.of(value) : value(setting, "0");
    }

    private boolean bool(String name, boolean fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValueException("setting " + name, value, "must be true or false");
        };
    }

    private void validate() {
        String phase = devPhase();
        if (!List.of("prod", "dev", "test").contains(phase)) {
            throw new InvalidValueException("setting DEV_PHASE", phase, "must be prod, dev or test");
        }
        bool("CREATE_HOME_DIRS", true);
        bool("TYCHO_APP_ENABLE_INIT_CONTAINER", true);
        // Checked here by name, so that the message names the setting rather than a model field.
        for (String name : List.of("TYCHO_APP_RUN_AS_USER", "TYCHO_APP_RUN_AS_GROUP", "TYCHO_APP_FS_GROUP",
                "INIT_SC_RUN_AS_USER", "INIT_SC_RUN_AS_GROUP", "NFSRODS_UID")) {
            String id = values.get(name);
            if (id != null && !id.isEmpty() && !id.matches("\\d{1,10}")) {
                throw new InvalidValueException("setting " + name, id, "must be a numeric user or group id");
            }
        }
        for (String name : List.of("TYCHO_APP_INIT_CPUS", "TYCHO_APP_INIT_MEMORY")) {
            String quantity = values.get(name);
            if (quantity != null && !Names.isQuantity(quantity)) {
                throw new InvalidValueException("setting " + name, quantity, "is not a Kubernetes resource"
                        + " quantity such as 250m or 250Mi");
            }
        }
        String ambassadorId = value("AMBASSADOR_ID", "");
        if (!ambassadorId.matches("[A-Za-z0-9._-]*")) {
            // written into the Ambassador Mapping annotation, itself YAML: a line break would add keys (D6)
            throw new InvalidValueException("setting AMBASSADOR_ID", ambassadorId, "must be a name: letters,"
                    + " digits, '-', '_' and '.'");
        }
        if (gpuResourceName().isBlank()) {
            throw new InvalidValueException("setting TYCHO_APP_GPU_RESOURCE_NAME", gpuResourceName(),
                    "must not be blank, e.g. nvidia.com/gpu");
        }
        if (!Names.isDnsLabel(stdnfsPvc())) {
            throw new InvalidValueException("setting STDNFS_PVC", stdnfsPvc(), "is not a valid claim name");
        }
        // the values of the model built from settings: their fields name the settings they come from
        deploymentOptions("user");
        securityContext(Map.of());
        initSecurityContext(Map.of());
        for (String pattern : defaultVolumePatterns) {
            if (!pattern.startsWith("pvc://") || pattern.split(":").length != 3) {
                throw new InvalidValueException("setting " + DEFAULT_VOLUMES, pattern, "is not a volume pattern"
                        + " of the form pvc://<claim>[/<subpath>]:<mount path>");
            }
            if (!selected(pattern, true) && !selected(pattern, false)) {
                throw new InvalidValueException("setting " + DEFAULT_VOLUMES, pattern, "is never mounted: with"
                        + " CREATE_HOME_DIRS=true a pattern needs shared_dir in its claim part or subpath_dir in its"
                        + " mount path, with false it must mention username nowhere and shared_dir not in its claim part");
            }
        }
        validatePolicy();
    }

    /** The resource bounds and the security measures (README, Security). */
    private void validatePolicy() {
        for (Map<String, String> bounds : List.of(MAX_PER_SYSTEM, MAX_PER_USER)) {
            bounds.forEach((resource, name) -> {
                Optional<Quantity> bound = bound(name);
                if (bound.isPresent() && bound.get().isNegative()) {
                    throw new InvalidValueException("setting " + name, bound.get(), "must be 0 or more (0 allows"
                            + " none), e.g. " + (resource.equals("gpus") ? "2" : resource.equals("cpus") ? "4" : "16G"));
                }
            });
        }
        String systems = get(MAX_SYSTEMS_PER_USER).orElse("").trim();
        if (!systems.isEmpty() && !systems.matches("\\d{1,6}")) {
            throw new InvalidValueException("setting " + MAX_SYSTEMS_PER_USER, systems, "must be a whole number of"
                    + " systems such as 3 (0 allows none); leave it unset for no bound");
        }
        if (!bool(HARDENED, false)) {
            return;
        }
        String fix = "; set it to a non-root uid such as 1000 (the image must be able to run as that user), or turn"
                + " " + HARDENED + " off";
        String nfsrodsUid = value("NFSRODS_UID", "");
        if (nfsrodsUid.matches("0+") || nfsrodsUid.isEmpty() && value("TYCHO_APP_RUN_AS_USER", "0").matches("0+")) {
            throw new InvalidValueException("setting " + HARDENED, "true", "runs pods as non-root, but "
                    + (nfsrodsUid.isEmpty() ? "TYCHO_APP_RUN_AS_USER is " + value("TYCHO_APP_RUN_AS_USER", "0")
                    + (values.containsKey("TYCHO_APP_RUN_AS_USER") ? "" : " (the default)")
                    : "NFSRODS_UID is " + nfsrodsUid)
                    + " (root)" + fix);
        }
        boolean initContainer = bool("TYCHO_APP_ENABLE_INIT_CONTAINER", true) && createHomeDirsForInitContainer()
                && !devPhase().equals("test");
        if (initContainer && value("INIT_SC_RUN_AS_USER", "0").matches("0+")) {
            throw new InvalidValueException("setting " + HARDENED, "true", "runs the init container as non-root, but"
                    + " INIT_SC_RUN_AS_USER is " + value("INIT_SC_RUN_AS_USER", "0")
                    + (values.containsKey("INIT_SC_RUN_AS_USER") ? "" : " (the default)") + " (root)" + fix);
        }
        if (get("IROD_HOST").isPresent()) {
            throw new InvalidValueException("setting " + HARDENED, "true", "admits only the volume types of Pod Security"
                    + " restricted, and IROD_HOST mounts the iRODS NFS server directly (an nfs volume); mount it"
                    + " through a PersistentVolumeClaim instead, or unset IROD_HOST");
        }
    }

    private static Map<String, String> bounds(String prefix) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("cpus", prefix + "CPUS");
        names.put("memory", prefix + "MEMORY");
        names.put("gpus", prefix + "GPUS");
        names.put("ephemeralStorage", prefix + "EPHEMERAL_STORAGE");
        return Collections.unmodifiableMap(names);
    }

    private static List<String> split(String text, String separator) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(java.util.regex.Pattern.quote(separator))) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
