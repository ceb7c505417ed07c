package org.helxplatform.tycho.compiler.internal.render;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
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
 * templates). One instance serves the renders of one start or modify.
 */
final class ProtectedValues {

    /** Draws the nonces: a DRBG computes them in memory, where the platform default may read /dev/urandom. */
    private static final SecureRandom RANDOM = drbg();
    /** The start of every placeholder; found in any case, forwards or backwards, it marks a changed placeholder. */
    private static final String MARK = "tychov";
    private static final String MARK_REVERSED = "vohcyt";

    private final String nonce;
    private final String nonceReversed;
    /** {@code tychov<nonce>n}, followed by the index and {@code Z}. */
    private final String prefix;
    private final List<String> values = new ArrayList<>();
    private final Map<String, String> byValue = new HashMap<>();

    ProtectedValues() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        this.nonce = HexFormat.of().formatHex(bytes);
        this.nonceReversed = new StringBuilder(nonce).reverse().toString();
        this.prefix = MARK + nonce + "n";
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /**
     * @param value a name or path, or {@code null}
     * @return the value itself when YAML reads it back as the same text, else a placeholder standing for it
     */
    String name(String value) {
        if (value == null || value.isEmpty() || isPlain(value) && Yaml11.isPlainString(value)
                && !containsIgnoreCase(value, MARK)) {
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
            return prefix + (values.size() - 1) + "Z";
        });
    }

    /**
     * Puts the real values back into a parsed document, in place: its maps and lists are the parser's own.
     *
     * @param tree        the parsed YAML
     * @param sharedNodes whether the document may hold a map or list at more than one place (it had YAML aliases);
     *                    each is then restored once
     * @param template    the template that produced it, for errors
     * @return the tree with every placeholder replaced
     * @throws TemplateException when a template altered a placeholder
     */
    Object restore(Object tree, boolean sharedNodes, String template) {
        if (values.isEmpty()) {
            return tree;
        }
        return restore(tree, sharedNodes ? new IdentityHashMap<>() : null, template);
    }

    @SuppressWarnings("unchecked")
    private Object restore(Object tree, Map<Object, Object> restoredNodes, String template) {
        if (tree instanceof Map<?, ?> || tree instanceof List<?>) {
            if (restoredNodes != null) {
                Object restored = restoredNodes.get(tree);
                if (restored != null) {
                    return restored;
                }
            }
            Object restored = tree instanceof Map<?, ?> map ? restoreMap((Map<Object, Object>) map, restoredNodes,
                    template) : restoreList((List<Object>) tree, restoredNodes, template);
            if (restoredNodes != null) {
                restoredNodes.put(tree, restored);
            }
            return restored;
        }
        if (tree instanceof String text) {
            return restoreText(text, template);
        }
        return tree;
    }

    private Map<Object, Object> restoreMap(Map<Object, Object> map, Map<Object, Object> restoredNodes,
                                           String template) {
        boolean sameKeys = true;
        for (Object key : map.keySet()) {
            if (key instanceof String text && restoreText(text, template) != text) {
                sameKeys = false;
                break;
            }
        }
        if (sameKeys) {
            for (Map.Entry<Object, Object> entry : map.entrySet()) {
                entry.setValue(restore(entry.getValue(), restoredNodes, template));
            }
            return map;
        }
        Map<Object, Object> restored = new LinkedHashMap<>();
        map.forEach((key, value) -> restored.put(restore(key, restoredNodes, template),
                restore(value, restoredNodes, template)));
        return restored;
    }

    private List<Object> restoreList(List<Object> list, Map<Object, Object> restoredNodes, String template) {
        for (ListIterator<Object> items = list.listIterator(); items.hasNext(); ) {
            items.set(restore(items.next(), restoredNodes, template));
        }
        return list;
    }

    /** @return the text with its placeholders replaced; the same instance when it holds none */
    private String restoreText(String text, String template) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            requireUnchanged(text, template);
            return text;
        }
        StringBuilder restored = new StringBuilder(text.length());
        StringBuilder rest = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int digits = at + prefix.length();
            int end = digits;
            while (end < text.length() && end - digits < 10 && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            if (end == digits || end == text.length() || text.charAt(end) != 'Z') {
                at = text.indexOf(prefix, at + 1); // not a placeholder: left in the rest, which is checked below
                continue;
            }
            long index = Long.parseLong(text, digits, end, 10);
            if (index >= values.size()) {
                throw altered(template);
            }
            restored.append(text, from, at).append(values.get((int) index));
            rest.append(text, from, at);
            from = end + 1;
            at = text.indexOf(prefix, from);
        }
        restored.append(text, from, text.length());
        rest.append(text, from, text.length());
        requireUnchanged(rest, template);
        return restored.toString();
    }

    /**
     * User values only ever reach the text as placeholders, so any other placeholder shape left over, in any case
     * or reversed, is one a template changed ({@code |upper}, {@code |reverse}, {@code |replace}, ...).
     */
    private void requireUnchanged(CharSequence rest, String template) {
        // One pass first: the marks need a 'v', the nonce a run of 16 hex digits. Lower-case ASCII text (the
        // usual case) is then searched with String.indexOf, other text letter by letter.
        boolean v = false;
        boolean upper = false;
        boolean ascii = true;
        int hexRun = 0;
        int longestHexRun = 0;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            v |= c == 'v' || c == 'V';
            upper |= c >= 'A' && c <= 'Z';
            ascii &= c < 128;
            hexRun = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' ? hexRun + 1 : 0;
            longestHexRun = Math.max(longestHexRun, hexRun);
        }
        boolean changed;
        if (!ascii) {
            changed = containsIgnoreCase(rest, MARK) || containsIgnoreCase(rest, MARK_REVERSED)
                    || containsIgnoreCase(rest, nonce) || containsIgnoreCase(rest, nonceReversed);
        } else if (!v && longestHexRun < nonce.length()) {
            changed = false;
        } else {
            String text = upper ? rest.toString().toLowerCase(Locale.ROOT) : rest.toString();
            changed = v && (text.contains(MARK) || text.contains(MARK_REVERSED))
                    || longestHexRun >= nonce.length() && (text.contains(nonce) || text.contains(nonceReversed));
        }
        if (changed) {
            throw altered(template);
        }
    }

    /** @return whether the text holds the needle, a lower-case ASCII word, in any case */
    private static boolean containsIgnoreCase(CharSequence text, String needle) {
        char first = needle.charAt(0);
        for (int i = 0, last = text.length() - needle.length(); i <= last; i++) {
            if (sameLetter(text.charAt(i), first)) {
                int j = 1;
                while (j < needle.length() && sameLetter(text.charAt(i + j), needle.charAt(j))) {
                    j++;
                }
                if (j == needle.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether {@code c} is {@code lower} (an ASCII letter or digit) in either case */
    private static boolean sameLetter(char c, char lower) {
        if (c < 128) {
            return (c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) == lower;
        }
        return Character.toLowerCase(c) == lower || Character.toUpperCase(c) == Character.toUpperCase(lower);
    }

    /** @return whether the text is a plain name: {@code [A-Za-z0-9_./][-A-Za-z0-9_./+]*} */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '.' || c == '/' || i > 0 && (c == '-' || c == '+');
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static TemplateException altered(String template) {
        return new TemplateException(template, -1, "a filter or slice applied to a user value",
                "a user value (token, environment value, command or host) was changed by a filter; print such"
                + " values as they are, e.g. {{ value }}: templates see them only as opaque placeholders");
    }
}
