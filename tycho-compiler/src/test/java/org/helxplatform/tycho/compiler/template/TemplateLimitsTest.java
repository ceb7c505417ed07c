package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Values render templates (spec values, .env, registry env): no template may exhaust memory or wrap around. */
class TemplateLimitsTest {

    private final TemplateEngine engine = TemplateEngine.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {
        "{{ ('ab' * 4611686019501129728)|length }}",
        "{{ [1, 2] * 4611686018427387905 }}",
        "{{ 'a' * 18446744073709551617 }}",
        "{{ 18446744073709551617 * 'a' }}"})
    void hugeRepetitionsAreRefusedNotComputed(String template) {
        assertThatThrownBy(() -> engine.renderString(template, "spec value", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("the repeated sequence would exceed 1000000 items");
    }

    @Test
    void ordinaryRepetitionsWork() {
        assertThat(engine.renderString("{{ 'ab' * 3 }}|{{ 'ab' * -2 }}|{{ [1] * 2 }}", "spec value", Map.of()))
                .isEqualTo("ababab||[1, 1]");
    }
}
