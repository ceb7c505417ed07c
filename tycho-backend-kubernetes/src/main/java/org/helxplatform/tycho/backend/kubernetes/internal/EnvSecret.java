package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * The decoded content of a Secret {@code <app id>-env}, or the key whose value could not be decoded.
 *
 * @param values the decoded values, in the Secret's order (data, then stringData)
 * @param badKey the key whose {@code data} value is not base64, or {@code null}
 */
record EnvSecret(Map<String, String> values, String badKey) {

    /** No Secret. */
    static final EnvSecret ABSENT = new EnvSecret(Map.of(), null);

    // Copies.
    EnvSecret {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Decodes a Secret.
     *
     * @param secret the Secret, or {@code null}
     * @return its content
     */
    static EnvSecret of(Secret secret) {
        if (secret == null) {
            return ABSENT;
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            for (Map.Entry<String, String> entry : secret.getData().entrySet()) {
                try {
                    values.put(entry.getKey(), new String(Base64.getDecoder().decode(entry.getValue()),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    return new EnvSecret(Map.of(), entry.getKey());
                }
            }
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return new EnvSecret(values, null);
    }

    /**
     * The values for a start of a system.
     *
     * @param system the system
     * @return the values
     * @throws StartException naming the Secret and the key when a value is not base64
     */
    Map<String, String> require(TychoSystem system) {
        if (badKey != null) {
            throw new StartException(system.identifier(), "Secret " + system.appId() + "-env: the value of " + badKey
                    + " is not base64; store it under data as base64, or under stringData");
        }
        return values;
    }

    /** @return the keys only: values are secret */
    @Override
    public String toString() {
        return "EnvSecret" + values.keySet();
    }
}
