package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import java.util.Map;
import java.util.Set;

/**
 * The context of one render: a child of the engine's global context (which holds the tags, filters, tests and
 * functions, registered once), with the render's variables.
 *
 * <p>Jinjava records every resolved expression, value and function, and every template a render includes, in the
 * context and in all its parents, which is why it copies the whole global context (re-registering every library) for
 * each render. Nothing in rendering reads these records back, so this context does not keep them: the shared global
 * context is only read, and renders stay independent and thread-safe without the copy.
 */
final class RenderContext extends Context {

    RenderContext(Context global, Map<String, ?> variables, Map<Library, Set<String>> disabled) {
        super(global, variables, disabled);
    }

    @Override
    public void addResolvedExpression(String expression) {
        // Not recorded: nothing reads it back, and the global context is shared by every render.
    }

    @Override
    public void addResolvedValue(String value) {
        // Not recorded: nothing reads it back, and the global context is shared by every render.
    }

    @Override
    public void addResolvedFunction(String function) {
        // Not recorded: nothing reads it back, and the global context is shared by every render.
    }

    @Override
    public void addDependency(String type, String identification) {
        // Not recorded (include, import, extends): Jinjava would also write it into the shared global context.
    }

    @Override
    public void addDependencies(com.google.common.collect.SetMultimap<String, String> dependencies) {
        // Not recorded, as addDependency.
    }
}
