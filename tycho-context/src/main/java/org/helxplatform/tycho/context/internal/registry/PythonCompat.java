package org.helxplatform.tycho.context.internal.registry;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.helxplatform.tycho.compiler.internal.PyStr;

/**
 * The few Python behaviours registry resolution must reproduce exactly, besides {@code str()} of a scalar
 * ({@link PyStr#of}): {@code string.Template.safe_substitute} and
 * {@code os.path.join(os.path.dirname(spec), "icon.png")}.
 */
final class PythonCompat {

    /** {@code string.Template}'s pattern: {@code $$}, {@code $name}, {@code ${name}}, or a lone {@code $}. */
    private static final Pattern TEMPLATE = Pattern.compile(
            "\\$(?:(\\$)|([_a-zA-Z][_a-zA-Z0-9]*)|\\{([_a-zA-Z][_a-zA-Z0-9]*)}|)");

    private PythonCompat() {
    }

    /**
     * Python's {@code string.Template(text).safe_substitute(mapping)}: {@code $name} and {@code ${name}} become the
     * mapping's value, names the mapping lacks stay as written, {@code $$} becomes {@code $}, any other {@code $}
     * stays.
     *
     * @param text    the template
     * @param mapping name → replacement
     * @return the substituted text
     */
    static String safeSubstitute(String text, Map<String, String> mapping) {
        Matcher matcher = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "$";
            } else if (name != null && mapping.containsKey(name)) {
                replacement = mapping.get(name);
            } else {
                replacement = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * Python's {@code os.path.join(os.path.dirname(path), name)} for a {@code /}-separated path or URL.
     *
     * @param path the path, such as a spec URL
     * @param name the file name to put next to it
     * @return {@code name} in the directory of {@code path}
     */
    static String sibling(String path, String name) {
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.matches("/+")) {
            head = head.replaceFirst("/+$", "");
        }
        if (head.isEmpty()) {
            return name;
        }
        return head.endsWith("/") ? head + name : head + "/" + name;
    }
}
