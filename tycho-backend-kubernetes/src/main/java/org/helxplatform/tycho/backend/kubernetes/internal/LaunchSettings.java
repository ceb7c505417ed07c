package org.helxplatform.tycho.backend.kubernetes.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * How the Kubernetes backend judges and routes the systems it starts, from its settings (the module README lists
 * them with their defaults).
 *
 * @param fatal              reason to the number of occurrences after which it makes a system {@code FAILED};
 *                           reasons not listed are never fatal
 * @param unschedulableGrace how long a pod may stay unschedulable before its system is {@code FAILED}
 * @param routing            how users reach systems
 * @param ingressClass       the {@code ingressClassName} of Ingresses, empty for the cluster's default class
 * @param gatewayNamespace   the namespace of the Gateway HTTPRoutes attach to, empty for the systems' namespace
 * @param gatewayName        the name of that Gateway, empty when routing is not {@link Routing#GATEWAY}
 * @param nodeHost           the host users reach node ports at, empty to use the system's host
 * @param syncTimeout        how long {@code status} waits for the first sync of the cache before asking the API
 */
public record LaunchSettings(Map<String, Integer> fatal, Duration unschedulableGrace, Routing routing,
                             String ingressClass, String gatewayNamespace, String gatewayName, String nodeHost,
                             Duration syncTimeout) {

    /** Setting: fatal reasons and after how many occurrences, e.g. {@code ErrImagePull=2,FailedMount=3}. */
    public static final String FATAL_REASONS = "TYCHO_FATAL_REASONS";
    /** Setting: how long a pod may stay unschedulable before its system fails. */
    public static final String UNSCHEDULABLE_GRACE = "TYCHO_UNSCHEDULABLE_GRACE";
    /** Setting: {@code ingress} or {@code gateway} to route systems without Ambassador. */
    public static final String ROUTING = "TYCHO_ROUTING";
    /** Setting: the ingress class of the Ingresses of {@code TYCHO_ROUTING=ingress}. */
    public static final String INGRESS_CLASS = "TYCHO_INGRESS_CLASS";
    /** Setting: {@code [namespace/]name} of the Gateway of {@code TYCHO_ROUTING=gateway}. */
    public static final String GATEWAY = "TYCHO_GATEWAY";
    /** Setting: the host users reach node ports at. */
    public static final String NODE_HOST = "TYCHO_NODE_HOST";
    /** Setting: how long status waits for the cache's first sync. */
    public static final String CACHE_SYNC_TIMEOUT = "TYCHO_CACHE_SYNC_TIMEOUT";

    /** The default fatal reasons: each after how many occurrences it fails a system. */
    public static final Map<String, Integer> DEFAULT_FATAL;

    static {
        Map<String, Integer> fatal = new LinkedHashMap<>();
        fatal.put("InvalidImageName", 1);
        fatal.put("ErrImageNeverPull", 1);
        fatal.put("ErrImagePull", 2);
        fatal.put("ImagePullBackOff", 2);
        fatal.put("CreateContainerConfigError", 1);
        fatal.put("CreateContainerError", 3);
        fatal.put("RunContainerError", 3);
        fatal.put("CrashLoopBackOff", 1);
        fatal.put("OOMKilled", 2);
        fatal.put("FailedMount", 3);
        fatal.put("FailedAttachVolume", 3);
        fatal.put("FailedCreate", 1);
        fatal.put("ProgressDeadlineExceeded", 1);
        DEFAULT_FATAL = Collections.unmodifiableMap(fatal);
    }

    /** The default grace period of an unschedulable pod. */
    public static final Duration DEFAULT_UNSCHEDULABLE_GRACE = Duration.ofMinutes(2);
    /** The default time status waits for the cache's first sync. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern REASON = Pattern.compile("[A-Z][A-Za-z0-9]*");

    /** The defaults. */
    public static final LaunchSettings DEFAULTS = new LaunchSettings(DEFAULT_FATAL, DEFAULT_UNSCHEDULABLE_GRACE,
            Routing.DEFAULT, "", "", "", "", DEFAULT_SYNC_TIMEOUT);

    /** How users reach systems. */
    public enum Routing {
        /** Ambassador's Mapping where the Ambassador Service exists, else a LoadBalancer Service per service. */
        DEFAULT,
        /** An Ingress (networking.k8s.io/v1) per system for its {@code /private/...} path. */
        INGRESS,
        /** A Gateway API HTTPRoute per system for its {@code /private/...} path. */
        GATEWAY
    }

    // Copies.
    public LaunchSettings {
        fatal = Collections.unmodifiableMap(new LinkedHashMap<>(fatal));
        Objects.requireNonNull(unschedulableGrace, "unschedulableGrace");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
    }

    /**
     * Reads the settings of a backend.
     *
     * @param configuration the backend's configuration
     * @return the settings
     * @throws InvalidValueException naming the setting and the fix when a value is invalid
     */
    public static LaunchSettings of(BackendConfiguration configuration) {
        Map<String, Integer> fatal = new LinkedHashMap<>(DEFAULT_FATAL);
        configuration.setting(FATAL_REASONS).ifPresent(value -> fatal.putAll(fatalReasons(value)));
        fatal.values().removeIf(count -> count == 0);
        Routing routing = switch (configuration.setting(ROUTING).orElse("").trim().toLowerCase(Locale.ROOT)) {
            case "", "default", "ambassador" -> Routing.DEFAULT;
            case "ingress" -> Routing.INGRESS;
            case "gateway" -> Routing.GATEWAY;
            default -> throw new InvalidValueException(ROUTING, configuration.setting(ROUTING).orElse(""),
                    "is not a routing: use ingress, gateway, or leave it blank for"
                    + " Ambassador (where AMBASSADOR_SVC_NAME names an existing Service) or LoadBalancer"
                    + " Services");
        };
        String gateway = configuration.setting(GATEWAY).orElse("").trim();
        if (routing == Routing.GATEWAY && gateway.isEmpty()) {
            throw new InvalidValueException(GATEWAY, gateway, "is blank but " + ROUTING + " is gateway; name the"
                    + " Gateway HTTPRoutes attach to, as name or namespace/name");
        }
        int slash = gateway.indexOf('/');
        return new LaunchSettings(fatal,
                configuration.duration(UNSCHEDULABLE_GRACE, DEFAULT_UNSCHEDULABLE_GRACE),
                routing,
                configuration.setting(INGRESS_CLASS).orElse("").trim(),
                slash < 0 ? "" : gateway.substring(0, slash),
                slash < 0 ? gateway : gateway.substring(slash + 1),
                configuration.setting(NODE_HOST).orElse("").trim(),
                configuration.duration(CACHE_SYNC_TIMEOUT, DEFAULT_SYNC_TIMEOUT));
    }

    /**
     * Whether a reason seen a number of times fails a system.
     *
     * @param reason      the reason
     * @param occurrences how often it was seen
     * @return whether it is fatal by now
     */
    public boolean isFatal(String reason, int occurrences) {
        Integer after = fatal.get(reason);
        return after != null && occurrences >= after;
    }

    private static Map<String, Integer> fatalReasons(String value) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String reason = (equals < 0 ? trimmed : trimmed.substring(0, equals)).trim();
            String count = equals < 0 ? "1" : trimmed.substring(equals + 1).trim();
            if (!REASON.matcher(reason).matches() || !count.matches("\\d{1,4}")) {
                throw new InvalidValueException(FATAL_REASONS, trimmed, "is not Reason=count; write e.g. "
                        + FATAL_REASONS + "=ErrImagePull=2,FailedMount=3 (a reason in"
                        + " CamelCase as Kubernetes reports it, a count of occurrences, 0 to make it never fatal)");
            }
            reasons.put(reason, Integer.parseInt(count));
        }
        return reasons;
    }
}
