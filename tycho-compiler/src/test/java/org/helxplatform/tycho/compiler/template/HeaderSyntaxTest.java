package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderSyntaxTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k, v in d.items() if v | in | 0 | 5",
        "x in 'a in b' | in | 0 | 2",
        "x in f(y in z) | in | 0 | 2",
        "index in items | in | 0 | 6",
        "a in b if c | if | 0 | 7",
        "a in b | if | 0 | -1"})
    void findsAKeywordOutsideStringsBracketsAndNames(String text, String word, int from, int expected) {
        assertThat(HeaderSyntax.findWord(text, word, from)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = 1 | 2",
        "a == 1 | -1",
        "x != 'a=b' | -1",
        "x <= [1] | -1",
        "x >= (y == 2) | -1",
        "f(a=1) | -1",
        "a = 'x==y' | 2",
        "\"it's\" == a | -1"})
    void findsTheTopLevelAssignmentOnly(String text, int expected) {
        assertThat(HeaderSyntax.findAssignment(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a = 1, b = [1, 2], c = 'x, y' | 3",
        "f(a, b) | 1",
        "'a\\', b', c | 2",
        "'' | 1"})
    void splitsAtTopLevelCommas(String text, int parts) {
        assertThat(HeaderSyntax.splitCommas(text)).hasSize(parts);
    }
}
