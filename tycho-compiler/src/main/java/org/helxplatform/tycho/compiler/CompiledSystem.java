package org.helxplatform.tycho.compiler;

import java.util.List;
import java.util.Objects;
import org.helxplatform.tycho.compiler.compose.SpecWarning;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * A compiled system and what the compiler noticed on the way.
 *
 * @param system   the system, ready for a backend
 * @param warnings keys of the spec Tycho did not use, registry services naming no container, ...
 */
public record CompiledSystem(TychoSystem system, List<SpecWarning> warnings) {

    /**
     * Copies.
     *
     * @param system   the system, ready for a backend
     * @param warnings keys of the spec Tycho did not use, registry services naming no container, ...
     * @throws NullPointerException when a required component is null
     */
    public CompiledSystem {
        Objects.requireNonNull(system, "system");
        warnings = List.copyOf(warnings);
    }
}
