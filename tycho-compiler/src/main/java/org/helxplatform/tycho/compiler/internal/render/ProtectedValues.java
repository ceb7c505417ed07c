package org.helxplatform.tycho.compiler.internal.render;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.compiler.template.TemplateException;

/**
 * Keeps free-text values out of YAML syntax (deviation D6).
 *
 * <p>Tokens, environment values, commands and the host may hold anything: newlines, {@code ": "}, quotes,
 * {@code {{}. Written into YAML text by a template, such a value could add, remove or re-nest keys. So templates
 * never see them: each is replaced by a placeholder made of letters and digits ({@code tychov<nonce>n<index>Z}: mixed case, so that a case filter changes it too),
 * which is a plain YAML scalar in any position (plain, quoted, inside a flow list). After the rendered text is
 * parsed, the placeholders in the resulting tree are replaced by the real values, as data. The nonce is random per
 * render, so a value cannot forge a placeholder.
 *
 * <p>Templates can print these values, alone or inside other text. They cannot compute with them: a filter that
 * changes a placeholder ({@code |upper}, {@code |lower}, {@code |title}, {@code |replace} of its characters,
 * {@code |reverse}, a {@code |truncate} or slice that keeps {@code tychov}) is detected and fails the render. A
 * filter that leaves the placeholder as it is ({@code |trim}, {@code |e}, {@code |replace} of other characters) is
 * in effect not applied to the value; tests and filters that read it ({@code ==}, {@code |length}) see the
 * placeholder, not the value; a short slice or truncation is not detected.
 *
 * <p>Names (user names, app ids, paths) are validated and usually printed as they are, so that templates can
 * compare them; a name YAML would read as something else ({@code yes}, {@code null}, {@code 0123}) is replaced
 * too, so it stays the same text (deviation D7). Empty strings are never replaced (their truthiness matters to
 * templates). One instance serves one render.
 */
final class ProtectedValues {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ANY_PLACEHOLDER =
            Pattern.compile("tychov", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./][-A-Za-z0-9_./+]*");

    private final String nonce;
    private final Pattern placeholder;
    private final List<String> values = new ArrayList<>();
    private final Map<String, String> byValue = new LinkedHashMap<>();

    ProtectedValues() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        this.nonce = HexFormat.of().formatHex(bytes);
        this.placeholder = Pattern.compile("tychov" + nonce + "n(\\d+)Z");
    }

    /**
     * @param value a name or path, or {@code null}
     * @return the value itself when YAML reads it back as the same text, else a placeholder standing for it
     */
    String name(String value) {
        if (value == null || value.isEmpty() || PLAIN.matcher(value).matches() && Yaml11.isPlainString(value)
                && !ANY_PLACEHOLDER.matcher(value).find()) {
            return value;
        }
        return protect(value);
    }

    /**
     * @param value a free-text value, or {@code null}
     * @return a placeholder standing for it; {@code null} and empty values are returned as they are
     */
    String protect(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return byValue.computeIfAbsent(value, v -> {
            values.add(v);
            return "tychov" + nonce + "n" + (values.size() - 1) + "Z";
        });
    }

    /**
     * Puts the real values back into a parsed document.
     *
     * @param tree     the parsed YAML
     * @param template the template that produced it, for errors
     * @return the tree with every placeholder replaced
     * @throws TemplateException when a template altered a placeholder
     */
    Object restore(Object tree, String template) {
        if (values.isEmpty()) {
            return tree;
        }
        if (tree instanceof Map<?, ?> map) {
            Map<Object, Object> restored = new LinkedHashMap<>();
            map.forEach((key, value) -> restored.put(restore(key, template), restore(value, template)));
            return restored;
        }
        if (tree instanceof List<?> list) {
            List<Object> restored = new ArrayList<>(list.size());
            list.forEach(item -> restored.add(restore(item, template)));
            return restored;
        }
        if (tree instanceof String text) {
            String rest = text;
            StringBuilder restored = new StringBuilder();
            if (text.contains(nonce)) {
                Matcher matcher = placeholder.matcher(text);
                while (matcher.find()) {
                    int index = Integer.parseInt(matcher.group(1));
                    if (index >= values.size()) {
                        throw altered(template);
                    }
                    matcher.appendReplacement(restored, Matcher.quoteReplacement(values.get(index)));
                }
                matcher.appendTail(restored);
                rest = placeholder.matcher(text).replaceAll("");
            } else {
                restored.append(text);
            }
            // User values only ever reach the text as placeholders, so any other placeholder shape left over, in
            // any case or reversed, is one a template changed (|upper, |reverse, |replace, ...).
            String forward = rest.toLowerCase(java.util.Locale.ROOT);
            String backward = new StringBuilder(forward).reverse().toString();
            if (forward.contains(nonce) || backward.contains(nonce) || ANY_PLACEHOLDER.matcher(forward).find()
                    || ANY_PLACEHOLDER.matcher(backward).find()) {
                throw altered(template);
            }
            return restored.toString();
        }
        return tree;
    }

    private static TemplateException altered(String template) {
        return new TemplateException(template, -1, "a filter or slice applied to a user value",
                "a user value (token, environment value, command or host) was changed by a filter; print such"
                + " values as they are, e.g. {{ value }}: templates see them only as opaque placeholders");
    }
}
