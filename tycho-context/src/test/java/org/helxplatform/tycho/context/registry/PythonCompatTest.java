package org.helxplatform.tycho.context.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's str(), string.Template.safe_substitute and os.path.join(os.path.dirname(...)). */
class PythonCompatTest {

    @Test
    void strWritesScalarsAsPython() {
        assertThat(PythonCompat.str("text")).isEqualTo("text");
        assertThat(PythonCompat.str(true)).isEqualTo("True");
        assertThat(PythonCompat.str(false)).isEqualTo("False");
        assertThat(PythonCompat.str(null)).isEqualTo("None");
        assertThat(PythonCompat.str(8080)).isEqualTo("8080");
        assertThat(PythonCompat.str(new BigInteger("123456789012345678901234"))).isEqualTo("123456789012345678901234");
        assertThat(PythonCompat.str(1.0)).isEqualTo("1.0");
        assertThat(PythonCompat.str(0.5)).isEqualTo("0.5");
        assertThat(PythonCompat.str(-2.25)).isEqualTo("-2.25");
        assertThat(PythonCompat.str(1e-5)).isEqualTo("1e-05");
        assertThat(PythonCompat.str(0.0001)).isEqualTo("0.0001");
        assertThat(PythonCompat.str(1e16)).isEqualTo("1e+16");
        assertThat(PythonCompat.str(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PythonCompat.str(123456789012345.0)).isEqualTo("123456789012345.0");
        assertThat(PythonCompat.str(0.0)).isEqualTo("0.0");
        assertThat(PythonCompat.str(Double.NaN)).isEqualTo("nan");
        assertThat(PythonCompat.str(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void safeSubstituteReplacesKnownNamesOnly() {
        Map<String, String> repositories = new LinkedHashMap<>();
        repositories.put("helx", "https://host/specs");
        repositories.put("helx_2", "https://two");
        assertThat(PythonCompat.safeSubstitute("$helx/a/docker-compose.yaml", repositories))
                .isEqualTo("https://host/specs/a/docker-compose.yaml");
        assertThat(PythonCompat.safeSubstitute("${helx}x and $helx_2", repositories))
                .isEqualTo("https://host/specsx and https://two");
        assertThat(PythonCompat.safeSubstitute("$unknown/${unknown}/$", repositories))
                .isEqualTo("$unknown/${unknown}/$");
        assertThat(PythonCompat.safeSubstitute("cost: $$5 ${helx", repositories)).isEqualTo("cost: $5 ${helx");
        assertThat(PythonCompat.safeSubstitute("$HELX $1", repositories)).isEqualTo("$HELX $1");
        assertThat(PythonCompat.safeSubstitute("no variables", repositories)).isEqualTo("no variables");
    }

    @Test
    void siblingIsPythonsJoinOfDirname() {
        assertThat(PythonCompat.sibling("https://host/a/b/docker-compose.yaml", "icon.png"))
                .isEqualTo("https://host/a/b/icon.png");
        assertThat(PythonCompat.sibling("https://host/a//docker-compose.yaml", "icon.png"))
                .isEqualTo("https://host/a/icon.png");
        assertThat(PythonCompat.sibling("docker-compose.yaml", "icon.png")).isEqualTo("icon.png");
        assertThat(PythonCompat.sibling("/docker-compose.yaml", "icon.png")).isEqualTo("/icon.png");
        assertThat(PythonCompat.sibling("https://host/a/", "icon.png")).isEqualTo("https://host/a/icon.png");
    }
}
