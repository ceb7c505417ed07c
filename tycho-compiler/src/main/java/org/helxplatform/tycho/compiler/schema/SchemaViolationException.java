package org.helxplatform.tycho.compiler.schema;

import java.util.List;
import java.util.Objects;
import org.helxplatform.tycho.model.TychoException;

/**
 * A document (a docker-compose spec, an app registry, ...) does not match its JSON Schema.
 *
 * <p>The message names the document and lists every violation, one per line, for example:
 * <pre>
 * apps/jupyter/docker-compose.yaml is not valid (2 problems):
 *   services.web: missing required key "image"
 *   services.web.ports[1]: must be a string or an integer (got object)
 * </pre>
 */
public class SchemaViolationException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** What the document is, for the message. */
    private final String source;
    /** Every violation, in order; unmodifiable. */
    private final List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param source     what the document is (a file name, URL or registry name), for the message
     * @param violations every violation found, in the order found; not empty
     * @throws IllegalArgumentException if {@code violations} is empty
     */
    public SchemaViolationException(String source, List<Violation> violations) {
        super(message(source, violations));
        this.source = source;
        this.violations = List.copyOf(violations);
    }

    /**
     * What the document is, as given to {@link JsonSchemaValidator#check(Object, String)}.
     *
     * @return the source name
     */
    public String source() {
        return source;
    }

    /**
     * Every violation found, in the order found.
     *
     * @return an unmodifiable, non-empty list
     */
    public List<Violation> violations() {
        return violations;
    }

    private static String message(String source, List<Violation> violations) {
        Objects.requireNonNull(violations, "violations");
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a SchemaViolationException needs at least one violation");
        }
        StringBuilder text = new StringBuilder()
                .append(source == null ? "document" : source)
                .append(" is not valid (")
                .append(violations.size())
                .append(violations.size() == 1 ? " problem):" : " problems):");
        for (Violation violation : violations) {
            text.append("\n  ").append(violation);
        }
        return text.toString();
    }
}
