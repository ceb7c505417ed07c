package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fatal errors, whether Jinjava throws them or only collects them, reach the caller as a {@link TemplateException}
 * with the template name and line, never as a raw Jinjava exception or a partial output.
 */
class TemplateErrorsTest {

    private final TemplateEngine engine = TemplateEngine.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        division by zero => {{ 1 / 0 }} => ZeroDivisionError: division by zero
        undefined base of an attribute => {{ missing.name }} => UndefinedError: 'missing' is undefined
        undefined key of a dict => {{ d.zz.name }} => UndefinedError: 'd.zz' is undefined
        None is not iterable => {% for x in none %}{% endfor %} => TypeError: 'NoneType' object is not iterable
        ordering mixed types => {{ 'a' < 1 }} => TypeError: '<' not supported between instances of 'str' and 'int'
        string plus number => {{ 'a' + 1 }} => TypeError: unsupported operand type(s) for +: 'str' and 'int'
        filter argument error => {{ 'x'|round }} => TypeError: type str doesn't define __round__ method
        unknown filter keyword => {{ 'x'|indent(depth=2) }} => TypeError: indent() got an unexpected keyword argument 'depth'
        printing a generator => {{ [1]|map('string') }} => convert it with |list or |join
        unpacking => {% for a, b in [1] %}{% endfor %} => TypeError: cannot unpack non-iterable int object
        set on a dict attribute => {% set d.x = 1 %} => cannot assign attribute on non-namespace object 'd'
        string method error => {{ 'a'.split('') }} => ValueError: empty separator
        """)
    void renderErrorsNameTheTemplateAndLine(String description, String expression, String message) {
        String template = "line one\n" + expression + "\nline three";
        assertThatThrownBy(() -> engine.renderString(template, "errors.yaml", Map.of("d", Map.of("a", 1))))
            .as(description)
            .isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.templateName()).isEqualTo("errors.yaml");
                assertThat(e.line()).isEqualTo(2);
            })
            .hasMessageStartingWith("errors.yaml: line 2: ")
            .hasMessageContaining(message);
    }

    @Test
    void errorsInsideAForLoopOrMacroKeepTheirLine() {
        String template = "{% macro m(x) %}\n{{ x.y.z }}\n{% endmacro %}\n{% for i in [1] %}\n\n{{ m({}) }}{% endfor %}";
        assertThatThrownBy(() -> engine.renderString(template, "nested.yaml", Map.of()))
            .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.line()).isEqualTo(2))
            .hasMessageContaining("'x.y' is undefined");
    }

    @Test
    void syntaxErrorsNameTheTemplateAndLine() {
        assertThatThrownBy(() -> engine.renderString("a\nb\n{{ 1 + }}\n", "syntax.yaml", Map.of()))
            .isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.line()).isEqualTo(3);
                assertThat(e.construct()).isEqualTo("1 +");
            })
            .hasMessageStartingWith("syntax.yaml: line 3: syntax error in '1 +'");
    }

    @Test
    void errorsInIncludedTemplatesNameBothTemplates(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("outer.yaml"), "first\n{% include 'inner.yaml' %}\n");
        Files.writeString(dir.resolve("inner.yaml"), "one\ntwo\n{{ 1 // 0 }}\n");
        TemplateEngine files = TemplateEngine.builder().templateDirectories(List.of(dir)).build();
        assertThatThrownBy(() -> files.render("outer.yaml", Map.of()))
            .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.line()).isEqualTo(2))
            .hasMessage("outer.yaml: line 2: Error in `inner.yaml` on line 3: ZeroDivisionError: integer division "
                + "or modulo by zero");
    }

    @Test
    void contextValuesOfUnsupportedTypesAreRefused() {
        Map<String, Object> context = Map.of("system", Map.of("ports", List.of(Map.of("path", Path.of("/x")))));
        assertThatThrownBy(() -> engine.renderString("{{ system }}", "ctx.yaml", context))
            .isInstanceOf(TemplateException.class)
            .hasMessage("ctx.yaml: the context value at 'system.ports[0].path' is a " + Path.of("/x").getClass()
                .getName() + "; pass maps, lists, strings, numbers, booleans or null");
    }

    @Test
    void aContextThatContainsItselfIsRefusedWithItsPath() {
        Map<String, Object> loop = new java.util.LinkedHashMap<>();
        loop.put("tags", java.util.Set.of(List.of(loop)));
        assertThatThrownBy(() -> engine.renderString("{{ loop }}", "ctx.yaml", Map.of("loop", loop)))
            .isInstanceOf(TemplateException.class)
            .hasMessage("ctx.yaml: the context value at 'loop" + ".tags[][0]".repeat(21) + ".tags[]' is nested more "
                + "than 64 levels deep (a cycle?)");
    }
}
