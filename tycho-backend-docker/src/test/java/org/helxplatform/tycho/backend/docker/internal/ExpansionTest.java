package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** $(VAR) expansion as Kubernetes does it. */
class ExpansionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--base_url=$(NB_PREFIX)lab|--base_url=/prefix/lab",
        "$(A)$(B)|ab",
        "$$(A)|$(A)",
        "$$$(A)|$a",
        "$(MISSING)|$(MISSING)",
        "$(A|$(A",
        "$(A $$|$(A $",
        "cost: 5$|cost: 5$",
        "$x|$x",
        "no references|no references"})
    void expandsDefinedReferencesAndKeepsTheRest(String text, String expanded) {
        assertThat(Expansion.expand(text, Map.of("NB_PREFIX", "/prefix/", "A", "a", "B", "b")))
                .isEqualTo(expanded);
    }
}
