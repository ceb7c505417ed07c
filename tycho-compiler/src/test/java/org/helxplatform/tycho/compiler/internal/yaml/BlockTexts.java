package org.helxplatform.tycho.compiler.internal.yaml;

import java.util.List;
import java.util.Random;

/**
 * Generates YAML-like texts in the shape templates render (nested block mappings and sequences, compact and
 * indentless sequences, comments, several documents) from pieces chosen to hit the edges of the block reader:
 * scalars YAML reads as other types, indicators, quotes and escapes, flow collections, comments, colons, and now
 * and then a broken indentation, a tab or a continued line, so that some texts are invalid.
 */
final class BlockTexts {

    private static final List<String> KEYS = List.of("name", "image", "value", "a", "b", "spec", "x-y", "k.v/w",
            "1", "0600", "yes", "No", "null", "~", "true", "8080", "1.5", "'quoted'", "\"dq\"", "'it''s'", "<<",
            "a b", "? q", "&anchor k", "*alias", "!tag k", "-x", "- y", "a:b", "a#b", "a #b", "@k", "%k", "[k]",
            "{k}", "\"e\\\"s\"", "\"e\\n\"", "''", "\"\"", "k:", "UPPER", "on", "Off", "2001-12-14");
    private static final List<String> VALUES = List.of("v", "v w", "1", "-1", "0", "00", "0600", "08", "0x1F",
            "1_000", "1:30", "8080:8080", "1.5", "1e3", ".inf", "-.Inf", ".NaN", "yes", "No", "ON", "off", "y", "n",
            "~", "null", "NULL", "true", "False", "2001-12-14", "'single'", "'it''s'", "''", "\"double\"",
            "\"esc \\\" \\\\\"", "\"esc \\n\"", "\"\"", "[]", "{}", "[ ]", "[sh, -c]", "[a,b , c]", "[a,]",
            "[a, [b]]", "{a: 1}", "[\"q\"]", "['a', 'b c', 'd,e']", "[ 'x' ,\"y\" ]", "['it''s']",
            "['a' 'b']", "['a',]", "[, a]", "['a'", "[\"e\\\"s\"]", "[a b]", "[a:b]", "[-]", "[ - a]", "http://x:80/y", "a: b", "a:", ":a", "?a", "-c", "- a", "-", "&a v",
            "*a", "!t v", "|", ">-", "<<", "v # comment", "v#nocomment", "'q' # c", "'q' x", "\"q\"x", "[a] # c",
            "[a] x", "@v", "`v", "%v", "v,w", "a{b}", "x]", "'unclosed", "\"unclosed", "tychov1234n0Z", "sc\"q\"",
            "it's", "a  b  ", "0o17", "+.5", "._", "0b101", "12:30:45", "1_0.5");

    private static final List<String> COMMON_KEYS = List.of("name", "image", "value", "ports", "containerPort",
            "env", "metadata", "labels", "spec", "args", "tycho-guid", "app.kubernetes.io/name");
    private static final List<String> COMMON_VALUES = List.of("jupyter-ds", "8888", "TCP", "\"quoted value\"",
            "'single'", "docker.io/img:1.0", "/home/user", "0.5", "true", "\"1\"", "tychov0123456789abcdefn3Z",
            "a-b_c.d", "[sh, -c]", "{}", "Always", "['tychov0123456789abcdefn3Z', '-c']");

    private BlockTexts() {
    }

    static String generate(Random random) {
        StringBuilder out = new StringBuilder();
        int documents = random.nextInt(10) == 0 ? 2 : 1;
        for (int d = 0; d < documents; d++) {
            if (d > 0 || random.nextInt(6) == 0) {
                out.append("---\n");
            }
            if (random.nextInt(20) != 0) {
                block(random, out, 0, random.nextInt(4) == 0, 0);
            }
        }
        String text = out.toString();
        switch (random.nextInt(40)) {
            case 0:
                return text.replaceFirst("\n  ", "\n\t");
            case 1:
                return text.replaceFirst("\n(\\s*)([a-z])", "\n$1 $2");
            case 2:
                return text + "  continued\n";
            case 3:
                return text.replace("\n", "\r\n");
            default:
                return text;
        }
    }

    private static void block(Random random, StringBuilder out, int indent, boolean sequence, int depth) {
        int entries = 1 + random.nextInt(depth > 2 ? 2 : 4);
        for (int i = 0; i < entries; i++) {
            if (random.nextInt(12) == 0) {
                out.append(" ".repeat(random.nextInt(indent + 3))).append("# a comment: here\n");
            }
            if (random.nextInt(15) == 0) {
                out.append(random.nextBoolean() ? "\n" : "   \n");
            }
            String pad = " ".repeat(indent);
            if (sequence) {
                out.append(pad).append("-");
                int choice = random.nextInt(depth > 3 ? 2 : 4);
                if (choice == 0) {
                    out.append(' ').append(pick(random, VALUES)).append('\n');
                } else if (choice == 1) {
                    out.append(' ').append(pick(random, KEYS)).append(": ").append(pick(random, VALUES)).append('\n');
                    if (random.nextBoolean()) {
                        out.append(" ".repeat(indent + 2)).append(pick(random, KEYS)).append(": ")
                                .append(pick(random, VALUES)).append('\n');
                    }
                } else if (choice == 2) {
                    out.append(' ').append(pick(random, KEYS)).append(":\n");
                    block(random, out, indent + 2 + (random.nextBoolean() ? 2 : 0), random.nextBoolean(), depth + 1);
                } else {
                    out.append(random.nextBoolean() ? "\n" : " # c\n");
                    block(random, out, indent + 2, random.nextBoolean(), depth + 1);
                }
            } else {
                out.append(pad).append(pick(random, KEYS)).append(':');
                int choice = random.nextInt(depth > 3 ? 1 : 4);
                if (choice == 0) {
                    out.append(' ').append(pick(random, VALUES)).append('\n');
                } else if (choice == 1) {
                    out.append(random.nextBoolean() ? "\n" : "  # c\n");
                    block(random, out, indent, true, depth + 1);
                } else if (choice == 2) {
                    out.append('\n');
                    block(random, out, indent + 1 + random.nextInt(3), random.nextBoolean(), depth + 1);
                } else {
                    out.append('\n');
                }
            }
        }
    }

    /** @return mostly a common piece, sometimes an edge case */
    private static String pick(Random random, List<String> edges) {
        List<String> from = random.nextInt(5) < 4 ? (edges == KEYS ? COMMON_KEYS : COMMON_VALUES) : edges;
        return from.get(random.nextInt(from.size()));
    }
}
