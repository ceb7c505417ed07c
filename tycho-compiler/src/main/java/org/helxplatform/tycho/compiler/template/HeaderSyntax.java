package org.helxplatform.tycho.compiler.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Splits the text of a tag ({@code for k, v in d.items() if v}, {@code with a = 1, b = 2}) at its top level,
 * outside string literals and brackets.
 */
final class HeaderSyntax {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private HeaderSyntax() {
    }

    /**
     * Finds a keyword at the top level of the text.
     *
     * @param text the tag text
     * @param word the keyword, such as {@code in} or {@code if}
     * @param from where to start looking
     * @return the index of the keyword, or -1
     */
    static int findWord(String text, String word, int from) {
        return topLevel(text, from).filter(i -> text.startsWith(word, i) && !isNamePart(text, i - 1)
                && !isNamePart(text, i + word.length())).findFirst().orElse(-1);
    }

    /**
     * Splits the text at top-level commas.
     *
     * @param text the tag text
     * @return the parts, not trimmed
     */
    static List<String> splitCommas(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int comma : topLevel(text, 0).filter(i -> text.charAt(i) == ',').toArray()) {
            parts.add(text.substring(start, comma));
            start = comma + 1;
        }
        parts.add(text.substring(start));
        return parts;
    }

    /**
     * Finds the assignment {@code =} at the top level (not part of {@code ==}, {@code !=}, {@code <=},
     * {@code >=}).
     *
     * @param text the tag text
     * @return the index of the {@code =}, or -1
     */
    static int findAssignment(String text) {
        return topLevel(text, 0).filter(i -> text.charAt(i) == '='
                && !(i + 1 < text.length() && text.charAt(i + 1) == '=')
                && !(i > 0 && "=!<>".indexOf(text.charAt(i - 1)) >= 0)).findFirst().orElse(-1);
    }

    /** The indexes, from {@code from} on, of the characters outside string literals and brackets. */
    private static IntStream topLevel(String text, int from) {
        IntStream.Builder indexes = IntStream.builder();
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(text, i);
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            } else if (depth == 0) {
                indexes.add(i);
            }
        }
        return indexes.build();
    }

    /**
     * Tells whether a string is a plain name.
     *
     * @param text the text, trimmed
     * @return true for a Python identifier
     */
    static boolean isIdentifier(String text) {
        return IDENTIFIER.matcher(text).matches();
    }

    private static boolean isNamePart(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }

    private static int endOfString(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.charAt(i) == quote) {
                return i;
            }
        }
        return text.length();
    }
}
