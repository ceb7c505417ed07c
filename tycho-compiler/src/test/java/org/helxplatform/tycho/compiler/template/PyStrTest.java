package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code repr()} of template values (checked against CPython 3.11). */
class PyStrTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.0, 1.0", "0.1, 0.1", "100.0, 100.0", "1e16, 1e+16", "1234567890123456.0, 1234567890123456.0",
        "0.0001, 0.0001", "0.00001, 1e-05", "1.5e-7, 1.5e-07", "-2.5, -2.5", "1e22, 1e+22",
        "123456789.125, 123456789.125", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
        "0.30000000000000004, 0.30000000000000004", "2e-3, 0.002"})
    void floatsPrintAsPython(double value, String python) {
        assertThat(PyStr.floatRepr(value)).isEqualTo(python);
    }

    @Test
    void specialFloats() {
        assertThat(PyStr.floatRepr(-0.0)).isEqualTo("-0.0");
        assertThat(PyStr.floatRepr(Double.NaN)).isEqualTo("nan");
        assertThat(PyStr.floatRepr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void stringsQuoteAsPython() {
        assertThat(PyStr.quote("plain")).isEqualTo("'plain'");
        assertThat(PyStr.quote("it's")).isEqualTo("\"it's\"");
        assertThat(PyStr.quote("say \"hi\" it's")).isEqualTo("'say \"hi\" it\\'s'");
        assertThat(PyStr.quote("tab\tnew\nback\\")).isEqualTo("'tab\\tnew\\nback\\\\'");
        assertThat(PyStr.quote("\u0001\u00a0é\u2028")).isEqualTo("'\\x01\\xa0é\\u2028'");
    }

    @Test
    void containersUseReprOfTheirItems() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", Arrays.asList(null, PyNone.NONE, true, 1.5, "x"));
        map.put("t", PyTuple.of(1));
        assertThat(PyStr.repr(map)).isEqualTo("{'k': [Undefined, None, True, 1.5, 'x'], 't': (1,)}");
        assertThat(PyStr.str(List.of())).isEqualTo("[]");
        assertThat(PyStr.str(new BigInteger("123456789012345678901234567890")))
            .isEqualTo("123456789012345678901234567890");
        assertThat(PyStr.str("text")).isEqualTo("text");
        assertThat(PyStr.str(null)).isEmpty();
    }
}
