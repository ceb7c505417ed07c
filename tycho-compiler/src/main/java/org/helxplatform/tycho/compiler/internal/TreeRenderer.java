package org.helxplatform.tycho.compiler.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.template.TemplateEngine;

/**
 * Renders every string of a YAML tree (keys and values) as a Jinja template.
 *
 * <p>Python Tycho rendered the whole spec text and parsed it again. Rendering scalar by scalar gives the same
 * result for every conformance spec: there Jinja appears only inside scalars (quoted, or plain but not at their
 * start, where <code>{{</code> would open a flow mapping), so the spec parses as YAML before it is rendered. A
 * spec that relied on a rendered text becoming YAML structure is not supported: a rendered value cannot add,
 * remove or re-nest keys.
 */
public final class TreeRenderer {

    private TreeRenderer() {
    }

    /**
     * Renders a tree.
     *
     * @param tree    maps, lists and scalars
     * @param engine  the template engine
     * @param context the template context
     * @param source  what the tree is, for error messages; a template error names it and the path of the scalar,
     *                as in {@code app jupyter-ds: services.jupyter-ds.env[0]: line 1: ...}
     * @return a new tree with the same shape; strings without template syntax are kept as they are
     */
    public static Object render(Object tree, TemplateEngine engine, Map<String, ?> context, String source) {
        return render(tree, engine, context, source, "");
    }

    private static Object render(Object tree, TemplateEngine engine, Map<String, ?> context, String source,
                                 String path) {
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                String keyPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
                rendered.put(render(key, engine, context, source, keyPath),
                        render(value, engine, context, source, keyPath));
            });
            return rendered;
        }
        if (tree instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                rendered.add(render(list.get(i), engine, context, source, path + "[" + i + "]"));
            }
            return rendered;
        }
        if (tree instanceof String text && isTemplate(text)) {
            // Jinja drops one trailing newline of a template; a scalar keeps its own, as in Python's whole-text render.
            String rendered = engine.renderString(text, path.isEmpty() ? source : source + ": " + path, context);
            return text.endsWith("\n") && !rendered.endsWith("\n") ? rendered + "\n" : rendered;
        }
        return tree;
    }

    /**
     * @param text a string
     * @return whether it holds Jinja syntax: <code>{{</code>, <code>{%</code> or <code>{#</code>
     */
    public static boolean isTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }
}
