package org.helxplatform.tycho.backend.docker.internal;

import java.util.Map;

/**
 * Kubernetes' expansion of {@code $(VAR)} in commands and environment values: a reference to a variable defined
 * before becomes its value, {@code $$} becomes {@code $}, and anything else (an undefined variable, an unclosed
 * reference) stays as written. Docker does not expand these, so the backend does, and the registry's commands (such
 * as {@code --ServerApp.base_url=$(NB_PREFIX)}) mean the same on both backends.
 */
final class Expansion {

    private Expansion() {
    }

    /**
     * @param text      a command argument or environment value
     * @param variables the variables defined so far
     * @return the text with references replaced
     */
    static String expand(String text, Map<String, String> variables) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 == text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = text.indexOf(')', i + 2);
                if (close < 0) {
                    out.append("$(");
                    i += 2;
                    continue;
                }
                String name = text.substring(i + 2, close);
                String value = variables.get(name);
                out.append(value != null ? value : text.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }
}
