package org.helxplatform.tycho.model;

/**
 * User and group ids a pod or container runs as. Each is a number as text, or {@code null}/empty when not set
 * (an unset value is left out of the rendered object; {@code "0"} is set and means root).
 *
 * @param runAsUser  the user id
 * @param runAsGroup the group id
 * @param fsGroup    the group owning mounted volumes (pod level only)
 */
public record SecurityContext(String runAsUser, String runAsGroup, String fsGroup) {

    /** Nothing set. */
    public static final SecurityContext NONE = new SecurityContext(null, null, null);

    /**
     * Validates that every value set is a whole number.
     *
     * @param runAsUser  the user id
     * @param runAsGroup the group id
     * @param fsGroup    the group owning mounted volumes (pod level only)
     */
    public SecurityContext {
        requireId("runAsUser", runAsUser);
        requireId("runAsGroup", runAsGroup);
        requireId("fsGroup", fsGroup);
    }

    private static void requireId(String field, String value) {
        if (value != null && !value.isEmpty() && !value.matches("\\d{1,10}")) {
            throw new InvalidValueException("securityContext." + field, value, "must be a numeric user or group id");
        }
    }
}
