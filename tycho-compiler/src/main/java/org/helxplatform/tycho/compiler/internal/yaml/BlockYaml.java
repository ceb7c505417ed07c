package org.helxplatform.tycho.compiler.internal.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Reads the plain block YAML that templates render (indented mappings and sequences, one-line plain and quoted
 * scalars, comments, {@code ---} between documents) without SnakeYAML's scanner, and gives up on anything else:
 * any character outside printable ASCII, tabs, flow collections other than {@code []}, {@code {}} and lists of
 * simple words, block scalars ({@code |}, {@code >}), anchors, aliases, tags, directives, complex keys, quoted
 * scalars over several lines or with escapes other than {@code \"} and {@code \\}, plain scalars continued on the
 * next line, a {@code ": "} inside a value, inconsistent indentation, deep nesting. {@link Yaml11} then reads the
 * text with SnakeYAML, which gives its result or its error; where this reader gives a result, it is SnakeYAML's
 * (same scalar resolution and construction, same key order, a duplicate key keeps its last value in its last
 * place), which Yaml11FastPathTest checks on the conformance data and on generated texts.
 */
final class BlockYaml {

    /** Thrown, without a stack trace, when the text uses YAML this reader leaves to SnakeYAML. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();

    /** Deeper nodes are left to SnakeYAML, which enforces its nesting limit (50). */
    private static final int MAX_DEPTH = 40;

    /** Longer keys are left to SnakeYAML, which refuses implicit keys over 1024 characters. */
    private static final int MAX_KEY_LENGTH = 1000;

    /** A line that is a {@code ---} document start. */
    private static final int DOCUMENT_START = -1;

    private final String text;
    /** For each line that is not blank or a comment: where it starts, its indentation, where its content ends. */
    private int[] starts = new int[64];
    private int[] indents = new int[64];
    private int[] ends = new int[64];
    private int count;
    /** The line being read. */
    private int line;
    /** The end of the current document's lines. */
    private int end;

    private BlockYaml(String text) {
        this.text = text;
    }

    /**
     * Reads every document of a text.
     *
     * @param text the YAML text
     * @return the documents, or {@code null} when SnakeYAML must read the text
     */
    static List<Object> loadAll(String text) {
        try {
            return new BlockYaml(text).documents();
        } catch (Unsupported e) {
            return null;
        }
    }

    private List<Object> documents() {
        splitLines();
        List<Object> documents = new ArrayList<>(1);
        line = 0;
        if (count > 0 && indents[0] == DOCUMENT_START) {
            line = 1;
        } else if (count == 0) {
            return documents;
        }
        while (true) {
            end = line;
            while (end < count && indents[end] != DOCUMENT_START) {
                end++;
            }
            if (line == end) {
                documents.add(null);
            } else {
                documents.add(node(indents[line], 1));
                if (line != end) {
                    throw UNSUPPORTED;
                }
            }
            if (end == count) {
                return documents;
            }
            line = end + 1;
        }
    }

    /** Finds the lines with content; refuses characters and markers this reader does not handle. */
    private void splitLines() {
        int length = text.length();
        int start = 0;
        while (start < length) {
            int newline = text.indexOf('\n', start);
            int lineEnd = newline < 0 ? length : newline;
            int indent = start;
            while (indent < lineEnd && text.charAt(indent) == ' ') {
                indent++;
            }
            int contentEnd = lineEnd;
            for (int i = indent; i < lineEnd; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw UNSUPPORTED; // tabs, carriage returns, control and non-ASCII characters
                }
            }
            while (contentEnd > indent && text.charAt(contentEnd - 1) == ' ') {
                contentEnd--;
            }
            if (contentEnd > indent && text.charAt(indent) != '#') {
                if (indent == start && (text.startsWith("---", start) || text.startsWith("...", start)
                        || text.charAt(start) == '%')) {
                    if (contentEnd - start != 3 || text.charAt(start) != '-') {
                        throw UNSUPPORTED; // "--- content", "...", directives
                    }
                    add(start, DOCUMENT_START, contentEnd);
                } else {
                    add(start, indent - start, contentEnd);
                }
            }
            start = lineEnd + 1;
        }
    }

    private void add(int start, int indent, int contentEnd) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            indents = Arrays.copyOf(indents, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        indents[count] = indent;
        ends[count] = contentEnd;
        count++;
    }

    /** A block node starting on the current line at this indentation. */
    private Object node(int indent, int depth) {
        if (depth > MAX_DEPTH) {
            throw UNSUPPORTED;
        }
        int column = starts[line] + indent;
        return isEntry(column, ends[line]) ? sequence(indent, depth) : mapping(indent, column, depth);
    }

    /** @return whether the content at this position is a block sequence entry: {@code -} alone or {@code "- "} */
    private boolean isEntry(int at, int contentEnd) {
        return text.charAt(at) == '-' && (at + 1 == contentEnd || text.charAt(at + 1) == ' ');
    }

    private List<Object> sequence(int indent, int depth) {
        List<Object> list = new ArrayList<>();
        while (true) {
            int contentEnd = ends[line];
            int at = starts[line] + indent + 1;
            while (at < contentEnd && text.charAt(at) == ' ') {
                at++;
            }
            if (at == contentEnd || text.charAt(at) == '#') {
                line++;
                list.add(blockValue(indent, false, depth));
            } else if (isEntry(at, contentEnd)) {
                throw UNSUPPORTED; // "- - item"
            } else if (keyEnd(at, contentEnd) >= 0) {
                list.add(mapping(at - starts[line], at, depth + 1));
            } else {
                list.add(inlineValue(at, contentEnd));
                line++;
            }
            if (line == end || indents[line] < indent) {
                return list;
            }
            if (indents[line] > indent) {
                throw UNSUPPORTED; // a continued plain scalar, or an error
            }
            if (!isEntry(starts[line] + indent, ends[line])) {
                return list; // the key after an indentless sequence
            }
        }
    }

    /**
     * A block mapping whose keys are at this indentation, the first one at {@code at} of the current line (after
     * a {@code "- "} for a mapping in a sequence entry).
     */
    private Map<Object, Object> mapping(int indent, int at, int depth) {
        if (depth > MAX_DEPTH) {
            throw UNSUPPORTED;
        }
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            int contentEnd = ends[line];
            int colon = keyEnd(at, contentEnd);
            if (colon < 0) {
                throw UNSUPPORTED;
            }
            Object key = key(at, colon);
            int value = colon + 1;
            while (value < contentEnd && text.charAt(value) == ' ') {
                value++;
            }
            Object item;
            if (value == contentEnd || text.charAt(value) == '#') {
                line++;
                item = blockValue(indent, true, depth);
            } else {
                item = inlineValue(value, contentEnd);
                line++;
            }
            if (map.containsKey(key)) {
                map.remove(key); // SnakeYAML drops the earlier occurrence: the key moves to its last place
            }
            map.put(key, item);
            if (line == end || indents[line] < indent) {
                return map;
            }
            if (indents[line] > indent) {
                throw UNSUPPORTED; // a continued plain scalar, or an error
            }
            at = starts[line] + indent;
            if (isEntry(at, ends[line])) {
                throw UNSUPPORTED; // an entry where a key is expected
            }
        }
    }

    /**
     * The value of a key or entry with nothing after it on its line: the block on the next lines, more indented
     * (or, for a key, a sequence at the key's own indentation), else null.
     */
    private Object blockValue(int indent, boolean ofKey, int depth) {
        if (line == end) {
            return null;
        }
        int next = indents[line];
        if (next > indent) {
            return node(next, depth + 1);
        }
        if (ofKey && next == indent && isEntry(starts[line] + indent, ends[line])) {
            return sequence(indent, depth + 1);
        }
        return null;
    }

    /**
     * @return the position of the {@code :} that ends a key starting at {@code at}, or -1 when the content is not
     *         a mapping entry
     */
    private int keyEnd(int at, int contentEnd) {
        char first = text.charAt(at);
        if (first == '"' || first == '\'') {
            int close = quoteEnd(at, contentEnd);
            if (close + 1 < contentEnd && text.charAt(close + 1) == ':'
                    && (close + 2 == contentEnd || text.charAt(close + 2) == ' ')) {
                return close + 1;
            }
            return -1;
        }
        for (int i = at; i < contentEnd; i++) {
            char c = text.charAt(i);
            if (c == ':' && (i + 1 == contentEnd || text.charAt(i + 1) == ' ')) {
                return i;
            }
            if (c == '#' && i > at && text.charAt(i - 1) == ' ') {
                return -1; // a comment
            }
        }
        return -1;
    }

    private Object key(int at, int colon) {
        char first = text.charAt(at);
        if (first == '"' || first == '\'') {
            return quoted(at, colon - 1);
        }
        int keyEnd = colon;
        while (keyEnd > at && text.charAt(keyEnd - 1) == ' ') {
            keyEnd--;
        }
        if (keyEnd - at > MAX_KEY_LENGTH || text.charAt(keyEnd - 1) == ':') {
            throw UNSUPPORTED;
        }
        return plain(at, keyEnd);
    }

    /** A scalar or flow collection after {@code ": "} or {@code "- "}, up to the end of its line. */
    private Object inlineValue(int at, int contentEnd) {
        char first = text.charAt(at);
        if (first == '"' || first == '\'') {
            int close = quoteEnd(at, contentEnd);
            requireOnlyComment(close + 1, contentEnd);
            return quoted(at, close);
        }
        if (first == '[' || first == '{') {
            return flow(at, contentEnd);
        }
        int valueEnd = contentEnd;
        for (int i = at + 1; i < contentEnd; i++) {
            char c = text.charAt(i);
            if (c == '#' && text.charAt(i - 1) == ' ') {
                valueEnd = i;
                break;
            }
            if (c == ':' && (i + 1 == contentEnd || text.charAt(i + 1) == ' ')) {
                throw UNSUPPORTED; // "key: a: b" is an error
            }
        }
        while (text.charAt(valueEnd - 1) == ' ') {
            valueEnd--;
        }
        return plain(at, valueEnd);
    }

    /**
     * {@code []}, {@code {}}, or a one-line list of simple words and quoted scalars, such as {@code [sh, -c]} or
     * {@code ['a', 'b']} (a Python list printed by a template).
     */
    private Object flow(int at, int contentEnd) {
        int next = skipSpaces(at + 1, contentEnd);
        if (text.charAt(at) == '{') {
            if (next < contentEnd && text.charAt(next) == '}') {
                requireOnlyComment(next + 1, contentEnd);
                return new LinkedHashMap<>();
            }
            throw UNSUPPORTED;
        }
        List<Object> list = new ArrayList<>();
        if (next < contentEnd && text.charAt(next) == ']') {
            requireOnlyComment(next + 1, contentEnd);
            return list;
        }
        while (true) {
            if (next == contentEnd) {
                throw UNSUPPORTED;
            }
            char first = text.charAt(next);
            int itemEnd;
            if (first == '"' || first == '\'') {
                int close = quoteEnd(next, contentEnd);
                list.add(quoted(next, close));
                itemEnd = close + 1;
            } else {
                itemEnd = next;
                while (itemEnd < contentEnd && isWordCharacter(text.charAt(itemEnd))) {
                    itemEnd++;
                }
                if (itemEnd == next || first == '-' && itemEnd - next == 1) {
                    throw UNSUPPORTED;
                }
                list.add(plain(next, itemEnd));
            }
            next = skipSpaces(itemEnd, contentEnd);
            if (next == contentEnd) {
                throw UNSUPPORTED;
            }
            char separator = text.charAt(next);
            if (separator == ']') {
                requireOnlyComment(next + 1, contentEnd);
                return list;
            }
            if (separator != ',') {
                throw UNSUPPORTED;
            }
            next = skipSpaces(next + 1, contentEnd);
        }
    }

    /** @return whether a character may be part of a plain word in a flow list: letters, digits, {@code _./+=-} */
    private static boolean isWordCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '/' || c == '+' || c == '=' || c == '-';
    }

    private int skipSpaces(int from, int contentEnd) {
        int at = from;
        while (at < contentEnd && text.charAt(at) == ' ') {
            at++;
        }
        return at;
    }

    /** Allows only spaces and a comment after a quoted or flow value. */
    private void requireOnlyComment(int from, int contentEnd) {
        int at = from;
        while (at < contentEnd && text.charAt(at) == ' ') {
            at++;
        }
        if (at < contentEnd && (at == from || text.charAt(at) != '#')) {
            throw UNSUPPORTED;
        }
    }

    /** @return the position of the closing quote of the quoted scalar at {@code at}, on its line */
    private int quoteEnd(int at, int contentEnd) {
        char quote = text.charAt(at);
        for (int i = at + 1; i < contentEnd; i++) {
            char c = text.charAt(i);
            if (quote == '\'' && c == '\'') {
                if (i + 1 < contentEnd && text.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            } else if (quote == '"' && c == '\\') {
                if (i + 1 < contentEnd && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    i++;
                } else {
                    throw UNSUPPORTED; // other escapes
                }
            } else if (quote == '"' && c == '"') {
                return i;
            }
        }
        throw UNSUPPORTED; // continued on the next line
    }

    /** The text of the quoted scalar from {@code at} to its closing quote at {@code close}. */
    private String quoted(int at, int close) {
        String body = text.substring(at + 1, close);
        if (text.charAt(at) == '\'') {
            return body.indexOf('\'') < 0 ? body : body.replace("''", "'");
        }
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder value = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            value.append(c == '\\' ? body.charAt(++i) : c);
        }
        return value.toString();
    }

    /** A plain scalar, resolved and constructed as SnakeYAML does. */
    private Object plain(int from, int to) {
        char first = text.charAt(from);
        if ("?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || first == '-' && (to - from == 1
                || text.charAt(from + 1) == ' ')) {
            throw UNSUPPORTED; // indicators: complex keys, anchors, aliases, tags, block scalars, errors
        }
        Object value = Yaml11.scalar(text.substring(from, to), true, null, null, DumperOptions.ScalarStyle.PLAIN);
        if (value == Yaml11.UNSUPPORTED) {
            throw UNSUPPORTED; // a merge key
        }
        return value;
    }
}
