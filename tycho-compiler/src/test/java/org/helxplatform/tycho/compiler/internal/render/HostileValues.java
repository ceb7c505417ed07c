package org.helxplatform.tycho.compiler.internal.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The corpus of hostile values ({@code compiler/hostile-values.txt}), with its escapes resolved. */
final class HostileValues {

    private HostileValues() {
    }

    /** @return every value of the corpus, in file order */
    static List<String> load() {
        String text;
        try (InputStream in = HostileValues.class.getResourceAsStream("/compiler/hostile-values.txt")) {
            if (in == null) {
                throw new IllegalStateException("compiler/hostile-values.txt is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> values = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("## ")) {
                continue;
            }
            if (line.startsWith("@repeat ")) {
                String[] parts = line.split(" ", 3);
                values.add(unescape(parts[2]).repeat(Integer.parseInt(parts[1])));
            } else {
                values.add(unescape(line));
            }
        }
        return values;
    }

    /**
     * Resolves the escapes of the corpus: backslash followed by n, r, t, s (space), a backslash, u and four hex
     * digits, or U and a code point in braces.
     *
     * @param line a line of the corpus
     * @return the value
     */
    static String unescape(String line) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\' || i + 1 == line.length()) {
                value.append(c);
                continue;
            }
            char next = line.charAt(++i);
            switch (next) {
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 's' -> value.append(' ');
                case '\\' -> value.append('\\');
                case 'u' -> {
                    value.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                case 'U' -> {
                    int end = line.indexOf('}', i);
                    value.appendCodePoint(Integer.parseInt(line.substring(i + 2, end), 16));
                    i = end;
                }
                default -> value.append('\\').append(next);
            }
        }
        return value.toString();
    }

    /**
     * A value as Java source would write it, for messages: control characters escaped, long values cut.
     *
     * @param value the value
     * @return a printable form
     */
    static String show(String value) {
        StringBuilder shown = new StringBuilder("\"");
        value.codePoints().limit(60).forEach(cp -> {
            switch (cp) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                case '"' -> shown.append("\\\"");
                case '\\' -> shown.append("\\\\");
                default -> {
                    if (cp < 0x20 || cp >= 0x7f && cp < 0xa0 || cp == 0x2028 || cp == 0xfeff) {
                        shown.append(String.format("\\u%04x", cp));
                    } else {
                        shown.appendCodePoint(cp);
                    }
                }
            }
        });
        return shown.append(value.codePointCount(0, value.length()) > 60 ? "\"... (" + value.length() + " chars)"
                : "\"").toString();
    }
}
