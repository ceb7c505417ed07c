package org.helxplatform.tycho.model;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a modify request.
 *
 * @param identifier the system identifier
 * @param patches    the patch applied to each of the system's deployments, as JSON-like trees
 */
public record ModifyResult(String identifier, List<Map<String, Object>> patches) {

    /**
     * Copies the list (the trees are handed over as they are).
     *
     * @param identifier the system identifier
     * @param patches    the patch applied to each of the system's deployments, as JSON-like trees
     * @throws InvalidValueException when a value is invalid
     */
    public ModifyResult {
        patches = Copies.list(patches, "patches");
    }
}
