package org.helxplatform.tycho.context.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An app registry, its defaults, or a resolved app that does not have the shape of the registry format
 * ({@code registry.schema.json}). Each violation names the path of the offending value:
 * {@code contexts.helx.apps.webtop.count: must be an integer}.
 */
public class RegistrySchemaException extends RegistryException {

    private static final long serialVersionUID = 1L;

    /** Every violation of the schema, one line each. */
    private final List<String> violations;

    /**
     * Creates the exception.
     *
     * @param what       what was checked (a file or URL, or an app of a product)
     * @param violations the violations, each {@code path: problem}
     */
    public RegistrySchemaException(String what, List<String> violations) {
        super(what + " does not match the app registry format:\n  " + String.join("\n  ", violations));
        this.violations = Collections.unmodifiableList(new ArrayList<>(violations));
    }

    /** @return the violations, each {@code path: problem}, in the order found */
    public List<String> violations() {
        return violations;
    }
}
