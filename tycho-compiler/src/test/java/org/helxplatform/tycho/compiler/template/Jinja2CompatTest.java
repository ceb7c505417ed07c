package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.TestSupport;
import org.junit.jupiter.api.Test;

/**
 * Renders every case of the shared {@code jinja2-compat/cases.json} (templates with the output Python Jinja2 gives)
 * and checks that each one either matches Jinja2 exactly or is refused with a {@link TemplateException} naming
 * the construct; a different output is never acceptable.
 */
class Jinja2CompatTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2024-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void everyCaseMatchesJinja2OrIsRefusedWithAClearError() throws IOException {
        Map<String, Object> file = new ObjectMapper().readValue(TestSupport.sharedDir().resolve("jinja2-compat/cases.json")
            .toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> context = (Map<String, Object>) file.get("context");
        @SuppressWarnings("unchecked")
        List<Map<String, String>> cases = (List<Map<String, String>>) file.get("cases");
        TemplateEngine engine = TemplateEngine.builder().clock(FIXED).build();

        int passed = 0;
        List<String> rejected = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map<String, String> testCase : cases) {
            String name = testCase.get("name");
            String template = testCase.get("template");
            String expected = testCase.get("expected");
            try {
                String output = engine.renderString(template, name, context);
                if (expected != null && expected.equals(output)) {
                    passed++;
                } else {
                    wrong.add(name + ": got " + quote(output) + ", Jinja2 "
                        + (expected != null ? "gives " + quote(expected) : "fails: " + testCase.get("error")));
                }
            } catch (TemplateException e) {
                if (expected == null) {
                    passed++;
                } else if (e.templateName().equals(name) && e.line() > 0 && e.construct() != null) {
                    rejected.add(name + ": " + e.getMessage());
                } else {
                    wrong.add(name + ": unclear error (no template, line or construct): " + e.getMessage());
                }
            }
        }

        System.out.println("jinja2-compat: " + passed + " passed, " + rejected.size()
            + " rejected with a clear error, " + wrong.size() + " wrong");
        rejected.forEach(line -> System.out.println("  rejected " + line));
        wrong.forEach(line -> System.out.println("  WRONG " + line));
        assertThat(wrong).isEmpty();
        assertThat(rejected).as("the README says none of the cases needs a refused construct").isEmpty();
        assertThat(passed).isEqualTo(cases.size());
    }

    private static String quote(String text) {
        return "'" + text.replace("\n", "\\n") + "'";
    }
}
