package org.helxplatform.tycho.model;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The shapes Kubernetes requires of names, label values, environment variable names and resource quantities.
 *
 * <p>Tycho puts user names, app ids and labels into rendered YAML and Kubernetes objects; checking them against
 * these shapes before anything is rendered is what keeps a value from changing the structure of an object
 * and turns an API-server rejection into a clear, early error.
 */
public final class Names {

    /** The longest DNS label and label value Kubernetes accepts. */
    public static final int MAX_LABEL_LENGTH = 63;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern LABEL_KEY_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|[KMGTPE]i|[numkMGTPE])?");
    private static final Pattern IDENTIFIER = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HOST =
            Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?)(:\\d{1,5})?");
    private static final Pattern URL_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*");

    /**
     * The labels Tycho's templates (the default ones and Python Tycho's) set on a system's objects or select them
     * by, plus the one the Deployment controller adds. Setting one of them on a running system would hand it to
     * another user ({@code username}), detach it from its Deployment or Services ({@code tycho-guid},
     * {@code name}) or hide it from status ({@code executor}), so {@code modify} refuses them.
     */
    public static final Set<String> RESERVED_LABELS = Collections.unmodifiableSet(new TreeSet<>(Set.of(
            "app-name", "conn_string", "executor", "name", "original-app-name", "pod-template-hash",
            "reaper-label", "tycho-app", "tycho-app-id", "tycho-guid", "username")));

    private Names() {
    }

    /**
     * @param value the value to check
     * @return whether {@code value} is an RFC 1123 DNS label: lower-case alphanumerics and '-', at most 63
     */
    public static boolean isDnsLabel(String value) {
        return value != null && value.length() <= MAX_LABEL_LENGTH && DNS_LABEL.matcher(value).matches();
    }

    /**
     * @param value the value to check
     * @return whether {@code value} is a valid label value: empty, or at most 63 of [A-Za-z0-9-_.], alphanumeric
     *         at both ends
     */
    public static boolean isLabelValue(String value) {
        return value != null && value.length() <= MAX_LABEL_LENGTH && LABEL_VALUE.matcher(value).matches();
    }

    /**
     * @param key the label key to check
     * @return whether {@code key} is a valid label key: an optional DNS-subdomain prefix and '/', then a name
     */
    public static boolean isLabelKey(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return name.length() <= MAX_LABEL_LENGTH && LABEL_KEY_NAME.matcher(name).matches();
    }

    /**
     * Whether a label key is Tycho's or Kubernetes' own: one of {@link #RESERVED_LABELS}, or a key whose prefix is
     * {@code kubernetes.io} or {@code k8s.io} or ends in {@code .kubernetes.io} or {@code .k8s.io} (reserved for
     * Kubernetes' core components).
     *
     * @param key the label key
     * @return whether callers may not set it
     */
    public static boolean isReservedLabel(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            return RESERVED_LABELS.contains(key);
        }
        String prefix = key.substring(0, slash);
        return prefix.equals("kubernetes.io") || prefix.equals("k8s.io") || prefix.endsWith(".kubernetes.io")
                || prefix.endsWith(".k8s.io");
    }

    /**
     * Checks a label key a caller sets: a valid key, and not one of Tycho's or Kubernetes' own.
     *
     * @param field the field holding the key, for the message
     * @param key   the key
     * @return the key
     * @throws InvalidValueException when it is not a label key or is reserved
     */
    public static String requireUserLabelKey(String field, String key) {
        requireLabelKey(field, key);
        if (isReservedLabel(key)) {
            throw new InvalidValueException(field, key, "is a label Tycho or Kubernetes sets and selects a system's"
                    + " objects by (reserved: " + String.join(", ", RESERVED_LABELS) + ", and the kubernetes.io and"
                    + " k8s.io prefixes); choose another key, e.g. team or example.org/team");
        }
        return key;
    }

    /**
     * Checks a resource quantity: a quantity, not negative, and greater than zero unless zero is allowed (a GPU
     * count or an ephemeral storage of {@code 0} means none).
     *
     * @param field     the field holding the value, for the message
     * @param value     the value
     * @param zeroIsSet whether {@code 0} is allowed
     * @return the quantity
     * @throws InvalidValueException when it is not a quantity, is negative, or is zero where zero is not allowed
     */
    public static Quantity requireResourceQuantity(String field, String value, boolean zeroIsSet) {
        Quantity quantity = Quantity.parse(field, value);
        if (quantity.isNegative() || quantity.isZero() && !zeroIsSet) {
            throw new InvalidValueException(field, value, "must be " + (zeroIsSet ? "0 or more" : "more than 0")
                    + ", e.g. 0.5, 250m or 2G");
        }
        return quantity;
    }

    /**
     * Whether a name is a valid container environment variable name.
     *
     * @param name the name to check
     * @return whether {@code name} is a valid container environment variable name
     */
    public static boolean isEnvName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    /**
     * @param value the value to check
     * @return whether {@code value} is a Kubernetes resource quantity such as {@code 0.5}, {@code 250m}, {@code 2Gi}
     */
    public static boolean isQuantity(String value) {
        return value != null && QUANTITY.matcher(value).matches();
    }

    /**
     * @param value the value to check
     * @return whether {@code value} is a system identifier: 32 lower-case hex digits (a UUID without dashes)
     */
    public static boolean isIdentifier(String value) {
        return value != null && IDENTIFIER.matcher(value).matches();
    }

    /**
     * Checks a DNS label.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is not a DNS label
     */
    public static String requireDnsLabel(String field, String value) {
        if (!isDnsLabel(value)) {
            throw new InvalidValueException(field, value, "is not a valid Kubernetes name: use at most "
                    + MAX_LABEL_LENGTH + " lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        return value;
    }

    /**
     * Checks a label value.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is not a label value
     */
    public static String requireLabelValue(String field, String value) {
        if (!isLabelValue(value)) {
            throw new InvalidValueException(field, value, "is not a valid Kubernetes label value: use at most "
                    + MAX_LABEL_LENGTH + " letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
        }
        return value;
    }

    /**
     * Checks a label key.
     *
     * @param field the field holding the key, for the message
     * @param key   the key
     * @return the key
     * @throws InvalidValueException when it is not a label key
     */
    public static String requireLabelKey(String field, String key) {
        if (!isLabelKey(key)) {
            throw new InvalidValueException(field, key, "is not a valid Kubernetes label key: use [prefix/]name, the"
                    + " name at most " + MAX_LABEL_LENGTH + " letters, digits, '-', '_' and '.'");
        }
        return key;
    }

    /**
     * Checks an environment variable name.
     *
     * @param field the field holding the name, for the message
     * @param name  the name
     * @return the name
     * @throws InvalidValueException when it is not a valid name
     */
    public static String requireEnvName(String field, String name) {
        if (!isEnvName(name)) {
            throw new InvalidValueException(field, name, "is not a valid environment variable name: use letters,"
                    + " digits, '_', '-' and '.', not starting with a digit");
        }
        return name;
    }

    /**
     * Checks a resource quantity.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is not a quantity
     */
    public static String requireQuantity(String field, String value) {
        if (!isQuantity(value)) {
            throw new InvalidValueException(field, value, "is not a Kubernetes resource quantity such as 0.5, 250m,"
                    + " 512Mi or 2G");
        }
        return value;
    }

    /**
     * Checks a system identifier.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is not 32 lower-case hex digits
     */
    public static String requireIdentifier(String field, String value) {
        if (!isIdentifier(value)) {
            throw new InvalidValueException(field, value, "is not a system identifier: 32 lower-case hex digits"
                    + " (a UUID without dashes)");
        }
        return value;
    }

    /**
     * Checks a host as a browser sends it in the {@code Host} header: a host name, an IPv4 address or a bracketed
     * IPv6 address, with an optional port; or empty, for unknown.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is something else
     */
    public static String requireHost(String field, String value) {
        if (value == null || !value.isEmpty() && !HOST.matcher(value).matches()) {
            throw new InvalidValueException(field, value, "is not a host: use a host name or address with an"
                    + " optional port, such as apps.example.org or 10.0.0.5:8080");
        }
        return value;
    }

    /**
     * Checks a URL path: {@code /} followed by URL characters, without spaces or control characters.
     *
     * @param field the field holding the value, for the message
     * @param value the value
     * @return the value
     * @throws InvalidValueException when it is something else
     */
    public static String requireUrlPath(String field, String value) {
        if (value == null || !URL_PATH.matcher(value).matches()) {
            throw new InvalidValueException(field, value, "is not a URL path such as /lab: it must start with '/'"
                    + " and hold no spaces, quotes or control characters");
        }
        return value;
    }

    static String requireNonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, value, "must not be blank");
        }
        return value;
    }
}
