package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A wider differential test than the shared cases: {@code template/jinja2-probes.json} holds a few hundred
 * templates (None and undefined, printing, operators, every supported filter and test, loops, macros,
 * whitespace) with the output Python Jinja2 3.1 gives, produced by {@code template/generate_probes.py}. Every probe
 * must render exactly as Jinja2 does or fail with a {@link TemplateException}; where Jinja2 fails, the engine must
 * fail too.
 */
class Jinja2ProbesTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    /** The probes of constructs the engine refuses on purpose; a new refusal is a regression. */
    private static final String[] REFUSED = {"repr_tuple", "generator_print", "str_format_spec", "str_unknown_method",
        "list_method", "dict_pop", "dict_method_attribute", "str_method_attribute", "f_tojson", "macro_caller_args",
        "macro_default_variable", "macro_default_parameter", "macro_default_comma", "joiner", "lipsum",
        "autoescape_tag", "implicit_concatenation", "step_slice", "dot_int"};

    @Test
    void probesRenderAsJinja2OrFail() throws IOException {
        Map<String, Object> file;
        try (InputStream in = getClass().getResourceAsStream("/template/jinja2-probes.json")) {
            file = new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { });
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) file.get("context");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> probes = (List<Map<String, String>>) file.get("probes");
        TemplateEngine engine = TemplateEngine.builder().clock(FIXED).build();

        int exact = 0;
        List<String> refused = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map<String, String> probe : probes) {
            String expected = probe.get("expected");
            try {
                String output = engine.renderString(probe.get("template"), probe.get("name"), context);
                if (output.equals(expected)) {
                    exact++;
                } else {
                    wrong.add(probe.get("name") + ": got [" + output + "], Jinja2 "
                        + (expected == null ? "fails: " + probe.get("error") : "gives [" + expected + "]"));
                }
            } catch (TemplateException e) {
                if (expected == null) {
                    exact++;
                } else if (e.construct() != null) {
                    refused.add(probe.get("name"));
                    System.out.println("  refused " + probe.get("name") + ": " + e.getMessage());
                } else {
                    wrong.add(probe.get("name") + ": refused without naming the construct: " + e.getMessage());
                }
            }
        }
        System.out.println("jinja2-probes: " + exact + " as Jinja2, " + refused.size() + " refused, "
            + wrong.size() + " wrong");
        wrong.forEach(line -> System.out.println("  WRONG " + line));
        assertThat(wrong).isEmpty();
        assertThat(refused).as("the constructs JINJA.md lists as refused").containsExactlyInAnyOrder(REFUSED);
    }
}
