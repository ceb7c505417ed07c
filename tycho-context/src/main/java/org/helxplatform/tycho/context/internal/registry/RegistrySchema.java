package org.helxplatform.tycho.context.internal.registry;

import java.util.ArrayList;
import java.util.List;
import org.helxplatform.tycho.compiler.internal.schema.JsonSchemaValidator;
import org.helxplatform.tycho.compiler.internal.schema.Violation;

/**
 * Checks trees against {@code registry.schema.json}: whole registries, and app definitions (app-defaults.yaml,
 * resolved apps) against its {@code $defs/app}. Violations are reported as {@code path: problem}, with paths in
 * dotted form ({@code contexts.helx.apps.webtop.count: must be an integer (got string)}).
 */
final class RegistrySchema {

    private static final JsonSchemaValidator REGISTRY =
            JsonSchemaValidator.fromClasspath("org/helxplatform/tycho/context/registry.schema.json");
    private static final JsonSchemaValidator APP =
            JsonSchemaValidator.fromClasspath("org/helxplatform/tycho/context/registry-app.schema.json");

    private RegistrySchema() {
    }

    /**
     * @param registry a canonical registry tree
     * @return its violations, empty when it is a valid registry
     */
    static List<String> registryViolations(Object registry) {
        return texts(REGISTRY.validate(registry));
    }

    /**
     * @param app a canonical app definition (or app defaults)
     * @return its violations, empty when it is a valid app definition
     */
    static List<String> appViolations(Object app) {
        return texts(APP.validate(app));
    }

    private static List<String> texts(List<Violation> violations) {
        List<String> texts = new ArrayList<>();
        violations.forEach(violation -> texts.add(violation.toString()));
        return texts;
    }
}
