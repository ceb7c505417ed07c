package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How Java context values behave in templates: null is Python's None, absent names are undefined. */
class TemplateValuesTest {

    private final TemplateEngine engine = TemplateEngine.builder().build();

    private String render(String template, Map<String, ?> context) {
        return engine.renderString(template, "values.yaml", context);
    }

    private static Map<String, Object> context() {
        Map<String, Object> limits = new HashMap<>();
        limits.put("gpus", null);
        Map<String, Object> context = new HashMap<>();
        context.put("gpus", null);
        context.put("limits", limits);
        context.put("list", Arrays.asList("a", null, true));
        return context;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        None prints None => [{{ gpus }}] => [None]
        None literals equal null => {{ gpus == None }} {{ gpus == none }} {{ gpus is none }} => True True True
        None is defined and false => {{ gpus is defined }} {{ 'y' if gpus else 'n' }} => True n
        default keeps None => {{ gpus|default('x') }} => None
        undefined prints nothing => [{{ missing }}] => []
        undefined is not None => {{ missing == None }} {{ missing is none }} {{ missing is defined }} => False False False
        undefined defaults => {{ missing|default('x') }} => x
        undefined iterates empty => [{% for x in missing %}x{% endfor %}] => []
        missing key is undefined => [{{ limits.cpus }}] {{ limits.cpus is defined }} {{ limits.cpus != None }} => [] False True
        null key is None => {{ limits.gpus is defined }} {{ limits.gpus != None }} => True False
        attribute of None is undefined => [{{ gpus.count }}] => []
        None inside lists => {{ list }} {{ list|length }} => ['a', None, True] 3
        None in a loop => {% for x in list %}{{ x is none }};{% endfor %} => False;True;False;
        """)
    void noneAndUndefined(String description, String template, String expected) {
        assertThat(render(template, context())).as(description).isEqualTo(expected);
    }

    @Test
    void mapsKeepTheirOrderAndTheCallerValuesAreNotChanged() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("z", 1);
        labels.put("a", 2);
        List<Object> items = new ArrayList<>(List.of(1));
        String output = render("{% set ns = namespace(l=labels) %}{{ labels }} {% for k in labels %}{{ k }}{% endfor %}"
            + " {{ items + [2] }}", Map.of("labels", labels, "items", items));
        assertThat(output).isEqualTo("{'z': 1, 'a': 2} za [1, 2]");
        assertThat(items).containsExactly(1);
    }

    @Test
    void valuesAreNotRenderedAgain() {
        assertThat(render("{{ spec }}", Map.of("spec", "{{ secret }}{% if true %}x{% endif %}")))
            .isEqualTo("{{ secret }}{% if true %}x{% endif %}");
    }

    @Test
    void nowIsTheClockUtcTimeAsPythonPrintsIt() {
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2024-01-02T03:04:05.123456789Z"),
            java.time.ZoneId.of("Europe/Paris"));
        TemplateEngine timed = TemplateEngine.builder().clock(clock).build();
        assertThat(timed.renderString("{{ now() }}|{{ now().hour }}|{{ now().isoformat() }}", "now", Map.of()))
            .isEqualTo("2024-01-02 03:04:05.123456|3|2024-01-02T03:04:05.123456");
    }
}
