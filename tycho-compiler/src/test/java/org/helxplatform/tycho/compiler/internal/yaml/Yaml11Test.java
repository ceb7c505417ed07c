package org.helxplatform.tycho.compiler.internal.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.internal.PyStr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Yaml11} reads plain scalars as PyYAML's {@code safe_load} does. The expected kinds and texts were
 * produced by PyYAML 6.0 ({@code type(v).__name__} and {@code str(v)} of {@code yaml.safe_load("a: " + s)["a"]};
 * dates, which PyYAML makes {@code date} objects, are kept as text on purpose).
 */
class Yaml11Test {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = ',', ignoreLeadingAndTrailingWhitespace = true, value = {
            "1e3, str, 1e3",
            "1.5e3, str, 1.5e3",
            "12e03, str, 12e03",
            "1.5e+3, float, 1500.0",
            "+.5, str, +.5",
            ".5, float, 0.5",
            "1_000, int, 1000",
            "0x1F, int, 31",
            "0600, int, 384",
            "0o17, str, 0o17",
            "08, str, 08",
            "1:30, int, 90",
            "8000:50, int, 480050",
            "8080:8080, str, 8080:8080",
            "-1, int, -1",
            "yes, bool, True",
            "No, bool, False",
            "on, bool, True",
            "OFF, bool, False",
            "y, str, y",
            "n, str, n",
            "~, NoneType, None",
            "Null, NoneType, None",
            "0b101, int, 5",
            "1.0, float, 1.0",
            "1., float, 1.0",
            ".inf, float, inf",
            "-.inf, float, -inf",
            ".NaN, float, nan",
            "2001-12-14, date, 2001-12-14",
            "0.5e-3, float, 0.0005",
            "_1, str, _1",
            "0_, int, 0",
            "1._5, float, 1.5",
            "1_0.5, float, 10.5",
            "._, str, ._",
            "., str, .",
            "0, int, 0",
            "-0, int, 0",
            "+1, int, 1",
            "1:2:3, int, 3723",
            "2Gi, str, 2Gi",
            "500m, str, 500m",
            "0.5G, str, 0.5G",
            "true, bool, True",
            "TRUE, bool, True",
            "tRue, str, tRue"
    })
    void plainScalarsResolveAsInPyYaml(String scalar, String pythonType, String pythonStr) {
        Object value = ((Map<?, ?>) Yaml11.load("a: " + scalar, "test")).get("a");

        // dates stay text in Java (on purpose), but they are not plain strings for YAML
        assertThat(kind(value)).as(scalar).isEqualTo(pythonType.equals("date") ? "str" : pythonType);
        assertThat(PyStr.of(value)).as(scalar).isEqualTo(pythonStr);
        assertThat(Yaml11.isPlainString(scalar)).as(scalar).isEqualTo(pythonType.equals("str"));
    }

    @Test
    void quotedScalarsAreAlwaysStrings() {
        Object value = Yaml11.load("['0600', \"yes\", '1.5', \"null\"]", "test");

        assertThat(value).isEqualTo(List.of("0600", "yes", "1.5", "null"));
    }

    @Test
    void aScalarThatLooksNumericButCannotBeBuiltIsAClearErrorNamingTheSource() {
        // Python itself crashes on 0b_ (int("", 2)); the resolver requires a digit, so it stays text.
        assertThat(((Map<?, ?>) Yaml11.load("a: 0b_", "test")).get("a")).isEqualTo("0b_");
        assertThatThrownBy(() -> Yaml11.load("a: !!int abc", "my-file.yaml"))
                .isInstanceOf(Yaml11.YamlException.class).hasMessageContaining("my-file.yaml");
    }

    @Test
    void pythonObjectTagsAreRefused() {
        assertThatThrownBy(() -> Yaml11.load("a: !!python/object:os.system [ls]", "spec.yaml"))
                .isInstanceOf(Yaml11.YamlException.class).hasMessageContaining("spec.yaml")
                .hasMessageContaining("line 1");
    }

    private static String kind(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        return value instanceof String ? "str" : value.getClass().getSimpleName();
    }

    @org.junit.jupiter.api.Test
    void aRecursiveAliasIsAnErrorNamingThePathNotAStackOverflow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Yaml11.load("services: &s {app: *s}", "spec.yaml"))
                .isInstanceOf(Yaml11.YamlException.class)
                .hasMessage("spec.yaml: invalid YAML: services.app refers to itself (a recursive alias)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Yaml11.loadAll("a: 1\n---\nl: &l [1, *l]\n", "x.yaml"))
                .isInstanceOf(Yaml11.YamlException.class)
                .hasMessageContaining("l[1] refers to itself");
        org.assertj.core.api.Assertions.assertThat(Yaml11.load("x: &b {a: 1}\ny: *b", "shared.yaml"))
                .hasToString("{x={a=1}, y={a=1}}");
    }
}
