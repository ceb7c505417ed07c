package org.helxplatform.tycho.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "jupyter-ds", "web1", "a-b-c"})
    void dnsLabels(String name) {
        assertThat(Names.isDnsLabel(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", "a-", "Upper", "a_b", "a.b", "a b", "x\ny",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"})
    void notDnsLabels(String name) {
        assertThat(Names.isDnsLabel(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "bob.smith", "a_b-c.D9"})
    void labelValues(String value) {
        assertThat(Names.isLabelValue(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a: b", "alice\nevil: x", "{{ x }}", "'quoted'", "-dash", "dot.", "a b"})
    void hostileValuesAreNotLabelValues(String value) {
        assertThat(Names.isLabelValue(value)).isFalse();
    }

    @Test
    void labelKeysMayHaveAPrefix() {
        assertThat(Names.isLabelKey("app.kubernetes.io/name")).isTrue();
        assertThat(Names.isLabelKey("tycho-test")).isTrue();
        assertThat(Names.isLabelKey("Bad_Prefix/name")).isFalse();
        assertThat(Names.isLabelKey("a/b/c")).isFalse();
        assertThat(Names.isLabelKey("")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "500m", "2", "2000M", "1Gi", "250Mi", "1e3", "+1", ".5"})
    void quantities(String value) {
        assertThat(Names.isQuantity(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "one", "1 G", "1\"", "2GB", "1Gi\nx: y"})
    void notQuantities(String value) {
        assertThat(Names.isQuantity(value)).isFalse();
    }

    @Test
    void envNames() {
        assertThat(Names.isEnvName("JUPYTER_ENABLE_LAB")).isTrue();
        assertThat(Names.isEnvName("my.var-1")).isTrue();
        assertThat(Names.isEnvName("1ST")).isFalse();
        assertThat(Names.isEnvName("A B")).isFalse();
        assertThat(Names.isEnvName("A=B")).isFalse();
    }

    @Test
    void messagesNameTheFieldTheValueAndTheFix() {
        assertThatThrownBy(() -> Names.requireDnsLabel("appId", "Bad_App"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("appId: 'Bad_App' is not a valid Kubernetes name: use at most 63 lower-case letters,"
                        + " digits and '-', starting and ending with a letter or digit")
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("appId"));
    }
}
