package org.helxplatform.tycho.compiler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link PyStr} writes scalars as Python's {@code str()}; the expected texts are CPython 3.11's {@code repr}. */
class PyStrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.5, 0.5", "1.0, 1.0", "0.0005, 0.0005", "0.00012, 0.00012", "2e-3, 0.002", "1e-5, 1e-05",
            "1.5e16, 1.5e+16", "1e16, 1e+16", "12345678.9, 12345678.9", "0.1, 0.1", "100.0, 100.0", "-0.0, -0.0",
            "-2.5, -2.5", "1e22, 1e+22", "123456789012345.6, 123456789012345.6", "3.14159, 3.14159",
            "0.30000000000000004, 0.30000000000000004", "1e-4, 0.0001", "9.999e-5, 9.999e-05"})
    void floatsAsPythonReprWritesThem(double value, String python) {
        assertThat(PyStr.of(value)).isEqualTo(python);
        if (Double.doubleToRawLongBits(value) != Double.doubleToRawLongBits(-0.0)) { // BigDecimal has no -0
            assertThat(PyStr.of(BigDecimal.valueOf(value))).isEqualTo(python);
        }
    }

    @Test
    void otherScalars() {
        assertThat(PyStr.of(null)).isEqualTo("None");
        assertThat(PyStr.of(true)).isEqualTo("True");
        assertThat(PyStr.of(false)).isEqualTo("False");
        assertThat(PyStr.of(42)).isEqualTo("42");
        assertThat(PyStr.of(12345678901234L)).isEqualTo("12345678901234");
        assertThat(PyStr.of(Double.NaN)).isEqualTo("nan");
        assertThat(PyStr.of(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(PyStr.of("text")).isEqualTo("text");
        assertThat(PyStr.of(new BigInteger("123456789012345678901234"))).isEqualTo("123456789012345678901234");
        assertThat(PyStr.of(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PyStr.of(0.0)).isEqualTo("0.0");
    }

    @Test
    void collectionsAreRefused() {
        assertThatThrownBy(() -> PyStr.of(List.of(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PyStr.of(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
