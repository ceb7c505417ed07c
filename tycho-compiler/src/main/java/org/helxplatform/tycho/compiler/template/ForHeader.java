package org.helxplatform.tycho.compiler.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed text of a {@code for} tag: {@code targets in iterable [if condition] [recursive]}.
 *
 * @param targets   the loop variable names ({@code k, v} unpacks each item)
 * @param iterable  the expression of what to loop over
 * @param condition the filter expression after {@code if}, or null
 * @param recursive whether the loop is marked {@code recursive}
 */
record ForHeader(List<String> targets, String iterable, String condition, boolean recursive) {

    /** How many parsed headers {@link #cached} keeps. */
    private static final int CACHE_SIZE = 4096;

    private static final Map<String, ForHeader> CACHE = new ConcurrentHashMap<>();

    /**
     * Parses the text of a {@code for} tag of a checked template, reusing the result for the same text: a loop is
     * rendered many times, its header is parsed once.
     *
     * @param helpers the tag text after {@code for}
     * @return the parts
     * @throws IllegalArgumentException with the reason when the text is not a valid loop header
     */
    static ForHeader cached(String helpers) {
        ForHeader header = CACHE.get(helpers);
        if (header == null) {
            header = parse(helpers);
            if (CACHE.size() >= CACHE_SIZE) {
                CACHE.clear();
            }
            CACHE.put(helpers, header);
        }
        return header;
    }

    /**
     * Parses the text of a {@code for} tag.
     *
     * @param helpers the tag text after {@code for}
     * @return the parts
     * @throws IllegalArgumentException with the reason when the text is not a valid loop header
     */
    static ForHeader parse(String helpers) {
        int in = HeaderSyntax.findWord(helpers, "in", 0);
        if (in < 0) {
            throw new IllegalArgumentException("expected 'for <name>[, <name>...] in <expression>'");
        }
        String rest = helpers.substring(in + 2).trim();
        boolean recursive = false;
        int marker = HeaderSyntax.findWord(rest, "recursive", 0);
        if (marker >= 0 && rest.substring(marker + "recursive".length()).isBlank()) {
            recursive = true;
            rest = rest.substring(0, marker).trim();
        }
        String condition = null;
        int filter = HeaderSyntax.findWord(rest, "if", 0);
        if (filter >= 0) {
            condition = rest.substring(filter + 2).trim();
            rest = rest.substring(0, filter).trim();
            if (condition.isEmpty()) {
                throw new IllegalArgumentException("expected a condition after 'if'");
            }
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("expected an expression after 'in'");
        }
        return new ForHeader(targets(helpers.substring(0, in)), rest, condition, recursive);
    }

    private static List<String> targets(String text) {
        String names = text.trim();
        if (names.startsWith("(") && names.endsWith(")")) {
            names = names.substring(1, names.length() - 1);
        }
        List<String> targets = new ArrayList<>();
        List<String> parts = HeaderSyntax.splitCommas(names);
        for (int i = 0; i < parts.size(); i++) {
            String name = parts.get(i).trim();
            if (name.isEmpty() && i == parts.size() - 1 && i > 0) {
                continue;
            }
            if (!HeaderSyntax.isIdentifier(name)) {
                throw new IllegalArgumentException("the loop variable '" + name + "' is not a plain name");
            }
            targets.add(name);
        }
        return List.copyOf(targets);
    }
}
