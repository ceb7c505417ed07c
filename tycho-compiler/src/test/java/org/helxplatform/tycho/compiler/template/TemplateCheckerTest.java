package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The check that runs on every parsed template: each construct the engine would not render as Jinja2 does is
 * refused before rendering, naming the template, the line and the construct.
 */
class TemplateCheckerTest {

    private final TemplateEngine engine = TemplateEngine.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        break tag => {% for x in xs %}{% break %}{% endfor %} => `break`
        continue tag => {% for x in xs %}{% continue %}{% endfor %} => `continue`
        do tag => {% do xs.append(1) %} => `do`
        Jinjava cycle tag => {% for x in xs %}{% cycle 'a','b' %}{% endfor %} => `cycle`
        Jinjava ifchanged tag => {% for x in xs %}{% ifchanged x %}{% endifchanged %}{% endfor %} => `ifchanged`
        Jinjava unless tag => {% unless x %}y{% endunless %} => `unless`
        autoescape => {% autoescape true %}{{ x }}{% endautoescape %} => `autoescape`
        from import => {% from 'm.yaml' import a %} => `from … import`
        import without context => {% import 'm.yaml' as m %} => `import 'm.yaml' as m`
        include ignore missing => {% include 'a.yaml' ignore missing %} => `include 'a.yaml' ignore missing`
        include without context => {% include 'a.yaml' without context %} => `include 'a.yaml' without context`
        computed include => {% include name %} => `include name`
        computed extends => {% extends name %} => `extends name`
        scoped block => {% block b scoped %}{% endblock %} => `block b scoped`
        caller arguments => {% macro m() %}{% endmacro %}{% call(x) m() %}{% endcall %} => `call(...)`
        macro default with call => {% macro m(a=f(1)) %}{% endmacro %} => `macro m(a=f(1))`
        block set with = in filter => {% set x | replace('=', '-') %} => `set x | replace('=', '-')`
        unknown filter => {{ x|nosuchfilter }} => `filter 'nosuchfilter'`
        Jinjava-only filter => {{ x|md5 }} => `filter 'md5'`
        unimplemented filter => {{ x|xmlattr }} => `filter 'xmlattr'`
        unknown test => {{ x is nosuchtest }} => `test 'nosuchtest'`
        Jinjava-only test => {{ x is truthy }} => `test 'truthy'`
        unimplemented test => {{ x is escaped }} => `test 'escaped'`
        Jinjava-only function => {{ datetimeformat(x) }} => `datetimeformat()`
        joiner => {% set j = joiner() %} => `joiner()`
        loop() outside recursion => {% for x in xs %}{{ loop(x) }}{% endfor %} => `loop()`
        list method => {{ xs.append(1) }} => `.append()`
        dict method => {{ d.pop('a') }} => `.pop()`
        Java method => {{ s.getBytes() }} => `.getBytes()`
        minus before filter => {{ -x|abs }} => `-x|filter`
        filter in a set block => {% set x %}{{ y|md5 }}{% endset %} => `filter 'md5'`
        filter in dict literal => {{ {'a': x|md5} }} => `filter 'md5'`
        filter in keyword arg => {{ x|default(d=y|md5) }} => `filter 'md5'`
        macro default from a variable => {% macro m(a=x) %}{% endmacro %} => `macro m(a=x)`
        macro default with a comma => {% macro m(a='x,y') %}{% endmacro %} => `macro m(a='x,y')`
        interpreter internals => {{ ____int3rpr3t3r____.context }} => `____int3rpr3t3r____`
        filter in for condition => {% for x in xs if x|md5 %}{% endfor %} => `filter 'md5'`
        filter in with => {% with a = x|md5 %}{% endwith %} => `filter 'md5'`
        filter in filter tag => {% filter md5 %}x{% endfilter %} => `filter 'md5'`
        """)
    void refusesBeforeRendering(String description, String construct, String named) {
        String template = "first line\n" + construct + "\n";
        assertThatThrownBy(() -> engine.renderString(template, "check.yaml", Map.of()))
            .as(description)
            .isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.templateName()).isEqualTo("check.yaml");
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.construct()).isEqualTo(named);
                assertThat(e.getMessage()).startsWith("check.yaml: line 2: " + named + " is not supported: ");
            });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
        else outside if or for => {% with %}{% else %}{% endwith %}
        elif inside for => {% for x in xs %}{% elif y %}{% endfor %}
        two else in a for => {% for x in xs %}{% else %}{% else %}{% endfor %}
        for without in => {% for x %}{% endfor %}
        for with dotted target => {% for a.b in xs %}{% endfor %}
        set to an item => {% set d['a'] = 1 %}
        set to a deep attribute => {% set a.b.c = 1 %}
        macro with expression arg => {% macro m(a + 1) %}{% endmacro %}
        include outside the roots => {% include '../secret.yaml' %}
        JUEL ternary => {{ a ? b : c }}
        JUEL and => {{ a && b }}
        JUEL not => {{ !a }}
        expression syntax => {{ 1 + }}
        unknown tag => {% frobnicate %}
        unclosed block => {% if x %}
        block set with = ended => {% set x | replace('=', '-') %}a{% endset %}
        """)
    void refusesInvalidSyntaxWithTheLine(String description, String construct) {
        String template = "first line\n" + construct + "\n";
        assertThatThrownBy(() -> engine.renderString(template, "syntax.yaml", Map.of()))
            .as(description)
            .isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.templateName()).isEqualTo("syntax.yaml");
                assertThat(e.line()).isEqualTo(2);
                assertThat(e.getMessage()).startsWith("syntax.yaml: line 2: ").contains("syntax error");
            });
    }

    @Test
    void refusesConstructsInBranchesThatWouldNotRun() {
        assertThatThrownBy(() -> engine.renderString("{% if false %}\n{{ x|md5 }}\n{% endif %}", "dead.yaml",
            Map.of())).isInstanceOf(TemplateException.class).hasMessageContaining("line 2: filter 'md5'");
    }

    @Test
    void acceptsWhatIsSupported() {
        String template = """
            {% import 'x' as m with context %}{% include 'y' with context %}{% macro f(a, b=1, c='x') %}{% endmacro %}
            {% for k, v in d|dictsort if v is number recursive %}{{ loop(v) }}{{ loop.cycle(1, 2) }}{% else %}{% endfor %}
            {% set ns = namespace(a=1) %}{% set ns.a = 2 %}{% set x, y = 1, 2 %}{% set t = 1, 2 %}{% set b %}x{% endset %}
            {% with a = 1 %}{% filter upper|trim %}{{ f(1) }}{% endfilter %}{% endwith %}{% print 1 %}{% raw %}{% x %}{% endraw %}
            {{ s.upper() ~ d.get('a') ~ now().strftime('%Y') ~ cycler(1).next() ~ dict(a=1) ~ range(2) ~ -1|abs }}
            {% macro w() %}{{ caller() }}{% endmacro %}{% call w() %}in{% endcall %}{{ m.anything() }}
            """;
        assertThatThrownBy(() -> engine.renderString(template, "supported.yaml", Map.of()))
            .isInstanceOf(TemplateException.class)
            .hasMessageContaining("template 'x' not found")
            .hasMessageNotContaining("not supported")
            .hasMessageNotContaining("syntax error");
    }
}
