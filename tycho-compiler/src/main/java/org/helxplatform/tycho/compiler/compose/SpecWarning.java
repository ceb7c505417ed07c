package org.helxplatform.tycho.compiler.compose;

/**
 * Something in an app spec that Tycho accepts but does not act on, such as a compose key outside its subset
 * ({@code services.web.user}). Warnings are returned to the caller, never silently dropped.
 *
 * @param path    where in the spec, e.g. {@code services.web.user}
 * @param message what Tycho does about it
 */
public record SpecWarning(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
