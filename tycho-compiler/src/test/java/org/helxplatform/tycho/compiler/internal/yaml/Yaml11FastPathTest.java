package org.helxplatform.tycho.compiler.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.helxplatform.tycho.compiler.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Yaml11#loadAll} builds most texts straight from the parser's events; it must give exactly what SnakeYAML's
 * composer and constructor give (same values, same types, same key order), and leave everything else to them.
 */
class Yaml11FastPathTest {

    @Test
    void everyConformanceFileReadsTheSameThroughBothPaths() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestSupport.sharedDir().resolve("conformance"))) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .toList();
        }
        int fast = 0;
        java.util.Set<String> scalars = new java.util.TreeSet<>();
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (compare(text, file.toString())) {
                fast++;
                Yaml11.loadAll(text, file.toString()).forEach(document -> strings(document, scalars));
            }
        }
        assertThat(scalars).hasSizeGreaterThan(1000)
                .allSatisfy(scalar -> assertThat(Yaml11.resolvesAsThePatterns(scalar)).as(scalar).isTrue());
        System.out.println("yaml fast path: " + fast + " of " + files.size() + " conformance files");
        assertThat(files).hasSizeGreaterThan(1000);
        assertThat(fast).as("files read by the fast path").isGreaterThan(files.size() * 9 / 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a: 1\nb: 0600\nc: 0x1F\nd: 1:30\ne: 1_000\nf: 08\ng: 1e3\nh: 1.5e+3\ni: .inf\nj: -.Inf\nk: .NaN\n",
        "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: ~\nh: null\ni: Null\nj:\nk: ''\nl: \"\"\n",
        "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: '0600'\nd: \"yes\"\ne: |\n  x\n  y\nf: >-\n  x\n  y\n",
        "a: 1\nb: 2\na: 3\n",
        "1: one\n01: octal one\n1.0: float\ntrue: t\nyes: y\n~: n\n'1': s\n",
        "- [a, b, {c: d}]\n- {e: [f, g]}\n- - h\n  - i\n",
        "---\na: 1\n---\n---\nb: 2\n...\n",
        "",
        "# only a comment\n",
        "a: &x 1\nb: *x\n",
        "base: &b {a: 1}\nderived:\n  <<: *b\n  c: 2\n",
        "a: !!str 1\nb: !!int '2'\n",
        "? [a, b]\n: c\n",
        "? {a: b}\n: c\n",
        "a: <<\n",
        "a: !custom x\n",
        "a: b: c\n",
        "a: [1, 2\n",
        "a:\n\t- b\n",
        "a: 1\n--- !!map\nb: 2\n",
        "key with spaces: value with: colon\n\"quoted key\": 'single ''quoted'''\n",
        "a: 8080:8080\nb: 8000:50\nc: +.5\nd: ._\ne: 0b101\nf: -0\ng: 0o17\nh: 12e03\n",
        "resources: {limits: {cpu: \"1\", memory: 4G}, requests: {cpu: 0.5, memory: 1Gi}}\n",
        "a: nul\nb: NUll\nc: nulls\nd: Off\ne: oFF\nf: Yes\ng: tRUE\nh: FALSe\ni: name\nj: n\nk: No\nl: NO\n",
        "a: 0\nb: 00\nc: 10\nd: 99999999999999999999\ne: 1_0\nf: 12:30\ng: 1.\nh: \u0661\u0662\ni: 1\u0662\n",
    })
    void edgeCasesReadTheSameThroughBothPaths(String text) {
        compare(text, "edge case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "00", "07", "08", "1", "10", "1_0", "12:30", "1.", "1e3", "+1", "-1", "~", "n",
        "no", "No", "NO", "nO", "null", "Null", "NULL", "nULL", "nulls", "yes", "y", "Y", "on", "oN", "off", "OFF",
        "true", "TRUE", "tRUE", "false", "FALSE", "falsee", "name", "value", "image", "v1", "apps/v1", "TCP", "<<",
        "<", ".inf", ".", "._", "2001-12-14", "\u0661\u0662", "1\u0662", "\u00e9t\u00e9", "\u0000", "_1", "/x",
        "99999999999999999999", "tychov"})
    void theResolverAnswersAsItsPatterns(String value) {
        assertThat(Yaml11.resolvesAsThePatterns(value)).as(value).isTrue();
        assertThat(Yaml11.resolvesAsThePatterns("1".repeat(1024))).isTrue();
        assertThat(Yaml11.resolvesAsThePatterns("1".repeat(1025))).isTrue();
    }

    @Test
    void aDecimalBeyondTheResolversLengthLimitStaysAString() {
        String text = "a: " + "1".repeat(1024) + "\nb: " + "1".repeat(1025) + "\n";
        compare(text, "long numbers");
        Map<?, ?> document = (Map<?, ?>) Yaml11.loadAll(text, "long numbers").get(0);
        assertThat(document.get("a")).isInstanceOf(java.math.BigInteger.class);
        assertThat(document.get("b")).isInstanceOf(String.class);
    }

    @Test
    void deepNestingIsLeftToSnakeYamlAndItsLimit() {
        String deep = "[".repeat(45) + "x" + "]".repeat(45) + "\n";
        String deeper = "[".repeat(60) + "x" + "]".repeat(60) + "\n";

        assertThat(Yaml11.loadAllFromEvents(deep)).isNull();
        assertThat(Yaml11.loadAll(deep, "deep")).isEqualTo(Yaml11.loadAllComposed(deep, "deep"));
        assertThatThrownBy(() -> Yaml11.loadAll(deeper, "deeper.yaml"))
                .isInstanceOf(Yaml11.YamlException.class)
                .hasMessageContaining("deeper.yaml");
    }

    /**
     * @return whether a fast path (events or blocks) read the text; either way, what each fast path reads equals
     *         the full load's result, and a text the full load refuses is left to it
     */
    private static boolean compare(String text, String source) {
        List<Object> fast = Yaml11.loadAllFromEvents(text);
        List<Object> block = Yaml11.loadAllFromBlocks(text);
        List<Object> full;
        try {
            full = Yaml11.loadAllComposed(text, source);
        } catch (Yaml11.YamlException e) {
            assertThat(fast).as("a text SnakeYAML refuses is left to it: " + source).isNull();
            assertThat(block).as("a text SnakeYAML refuses is left to it: " + source + "\n" + text).isNull();
            assertThatThrownBy(() -> Yaml11.loadAll(text, source)).isInstanceOf(Yaml11.YamlException.class)
                    .hasMessage(e.getMessage());
            return false;
        }
        assertThat(describe(Yaml11.loadAll(text, source))).as(source).isEqualTo(describe(full));
        if (block != null) {
            assertThat(describe(block)).as(source + "\n" + text).isEqualTo(describe(full));
        }
        if (fast == null) {
            return false;
        }
        assertThat(describe(fast)).as(source).isEqualTo(describe(full));
        return true;
    }

    @Test
    void generatedBlockTextsReadTheSameThroughEveryPath() {
        java.util.Random random = new java.util.Random(20241206L);
        int read = 0;
        int refused = 0;
        int total = 20_000;
        for (int i = 0; i < total; i++) {
            String text = BlockTexts.generate(random);
            try {
                Yaml11.loadAllComposed(text, "generated");
            } catch (Yaml11.YamlException e) {
                refused++;
            }
            compare(text, "generated #" + i);
            if (Yaml11.loadAllFromBlocks(text) != null) {
                read++;
            }
        }
        System.out.println("yaml block path: " + read + " of " + total + " generated texts (" + refused
                + " refused by SnakeYAML)");
        assertThat(read).as("texts the block path reads").isGreaterThan(total / 5);
        assertThat(refused).as("invalid texts among them").isGreaterThan(total / 5);
    }

    /** Collects every string of a tree, keys and values. */
    private static void strings(Object tree, java.util.Set<String> into) {
        if (tree instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                strings(key, into);
                strings(value, into);
            });
        } else if (tree instanceof List<?> list) {
            list.forEach(item -> strings(item, into));
        } else if (tree instanceof String text) {
            into.add(text);
        }
    }

    /** @return the tree with every type and every key order spelled out */
    private static String describe(Object tree) {
        StringBuilder out = new StringBuilder();
        describe(tree, out);
        return out.toString();
    }

    private static void describe(Object tree, StringBuilder out) {
        if (tree instanceof Map<?, ?> map) {
            out.append(map.getClass().getSimpleName()).append('{');
            map.forEach((key, value) -> {
                describe(key, out);
                out.append(": ");
                describe(value, out);
                out.append(", ");
            });
            out.append('}');
        } else if (tree instanceof List<?> list) {
            out.append(list.getClass().getSimpleName()).append('[');
            for (Object item : new ArrayList<>(list)) {
                describe(item, out);
                out.append(", ");
            }
            out.append(']');
        } else {
            out.append(tree == null ? "null" : tree.getClass().getSimpleName() + ":" + tree);
        }
    }
}
