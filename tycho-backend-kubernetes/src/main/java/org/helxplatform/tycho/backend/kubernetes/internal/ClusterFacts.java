package org.helxplatform.tycho.backend.kubernetes.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a start needs to know about the cluster, each read by name, never by listing all objects of a kind.
 *
 * @param existingClaims the referenced PersistentVolumeClaims that exist
 * @param ambassador     whether the Ambassador service exists
 * @param envSecret      the decoded content of the Secret {@code <app id>-env}, in its order; empty when absent
 */
public record ClusterFacts(Set<String> existingClaims, boolean ambassador, Map<String, String> envSecret) {

    // Copies.
    public ClusterFacts {
        existingClaims = Collections.unmodifiableSet(new TreeSet<>(existingClaims));
        envSecret = Collections.unmodifiableMap(new LinkedHashMap<>(envSecret));
    }

    /**
     * Facts to plan with when there is no cluster to ask (e.g. to print the objects of a spec): every claim
     * exists, no Ambassador, no env secret.
     *
     * @param claims the claims the system references
     * @return the facts
     */
    public static ClusterFacts assumingClaimsExist(Set<String> claims) {
        return new ClusterFacts(claims, false, Map.of());
    }

    /** @return a string that never shows secret values */
    @Override
    public String toString() {
        return "ClusterFacts[existingClaims=" + existingClaims + ", ambassador=" + ambassador + ", envSecretKeys="
                + envSecret.keySet() + "]";
    }
}
