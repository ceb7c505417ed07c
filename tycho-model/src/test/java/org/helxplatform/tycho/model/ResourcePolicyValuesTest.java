package org.helxplatform.tycho.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantities as values, the resource rules of the model, and the labels a caller may not set. */
class ResourcePolicyValuesTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @ParameterizedTest
    @CsvSource({"0.5, 0.5", "500m, 0.5", "2, 2", "2000M, 2000000000", "2G, 2000000000", "1Gi, 1073741824",
            "1Ki, 1024", "1k, 1000", "1e3, 1000", ".5, 0.5", "1., 1", "250n, 0.000000250", "1Ei, 1152921504606846976"})
    void quantitiesHaveExactValues(String text, String value) {
        Quantity quantity = Quantity.parse(text);
        assertThat(quantity.value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(quantity).hasToString(text);
    }

    @Test
    void quantitiesCompareAndAddByValue() {
        assertThat(Quantity.parse("2G")).isEqualTo(Quantity.parse("2000M")).hasSameHashCodeAs(Quantity.parse("2000M"));
        assertThat(Quantity.parse("500m")).isLessThan(Quantity.parse("1"));
        assertThat(Quantity.parse("500m").plus(Quantity.parse("1.5")).value()).isEqualByComparingTo("2");
        assertThat(Quantity.parse("1G").times(3)).hasToString("3000000000");
        assertThat(Quantity.of(new BigDecimal("0.250"))).hasToString("0.25");
        assertThat(Quantity.ZERO.isZero()).isTrue();
        assertThat(Quantity.parse("-1").isNegative()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "8Ei", "1e99999999999", "99999999999999999999", "10E"})
    void absurdQuantitiesAreOutOfRange(String text) {
        assertThatThrownBy(() -> Quantity.parse("resources.memory", text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("resources.memory: '" + text + "' is out of range");
    }

    @Test
    void quantityTextIsBounded() {
        String longText = "1".repeat(65);
        assertThatThrownBy(() -> Quantity.parse(longText)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("is not a Kubernetes resource quantity");
    }

    @ParameterizedTest
    @CsvSource({"-1, 1G, resources.cpus: '-1' must be more than 0",
            "0, 1G, resources.cpus: '0' must be more than 0",
            "1, -1G, resources.memory: '-1G' must be more than 0",
            "1, 0, resources.memory: '0' must be more than 0",
            "1e8000, 1G, resources.cpus: '1e8000' is out of range"})
    void cpusAndMemoryArePositive(String cpus, String memory, String message) {
        assertThatThrownBy(() -> ResourceLimits.of(cpus, memory)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message);
    }

    @Test
    void gpusAndEphemeralStorageMayBeZero() {
        assertThat(new ResourceLimits("1", "1G", "0", "0").gpus()).isEqualTo("0");
        assertThatThrownBy(() -> new ResourceLimits("1", "1G", "-1", null)).hasMessageContaining("resources.gpus");
        assertThatThrownBy(() -> new ResourceLimits("1", "1G", "99999999999", null))
                .hasMessageContaining("resources.gpus");
        assertThatThrownBy(() -> new ResourceLimits("1", "1G", null, "-5Gi"))
                .hasMessageContaining("resources.ephemeralStorage: '-5Gi' must be 0 or more");
    }

    @Test
    void reservationsCannotExceedLimits() {
        assertThat(new ResourceRequest(ResourceLimits.of("2", "4G"), ResourceLimits.of("500m", "4000M"))).isNotNull();
        assertThatThrownBy(() -> new ResourceRequest(ResourceLimits.of("1", "4G"), ResourceLimits.of("1500m", "1G")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("resources.reservations.cpus: '1500m' is more than the limit 1"
                        + " (resources.limits.cpus)");
        assertThatThrownBy(() -> Container.builder("web", "nginx").limits(ResourceLimits.of("1", "1G"))
                .requests(ResourceLimits.of("1", "1Gi")).build())
                .hasMessageContaining("container web: resources.reservations.memory: '1Gi' is more than the limit 1G");
        // only where both are set
        assertThat(new ResourceRequest(ResourceLimits.NONE, ResourceLimits.of("8", "64G")).limits()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "username", "tycho-guid", "executor", "app-name", "original-app-name",
            "reaper-label", "tycho-app", "tycho-app-id", "conn_string", "pod-template-hash",
            "kubernetes.io/hostname", "app.kubernetes.io/name", "k8s.io/x", "node.k8s.io/y"})
    void reservedLabelsCannotBeModified(String key) {
        assertThat(Names.isReservedLabel(key)).isTrue();
        assertThatThrownBy(() -> new ModifyRequest(ID, Map.of(key, "hijack"), null, null))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("labels: '" + key + "' is a label Tycho or Kubernetes sets")
                .hasMessageContaining("choose another key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"team", "example.org/team", "Name", "names", "tycho-guid2", "my-username"})
    void otherLabelsMayBeModified(String key) {
        assertThat(Names.isReservedLabel(key)).isFalse();
        assertThat(new ModifyRequest(ID, Map.of(key, "blue"), null, null).labels()).containsEntry(key, "blue");
    }

    @Test
    void modifiedQuantitiesArePositive() {
        assertThatThrownBy(() -> new ModifyRequest(ID, Map.of(), "-1", null)).hasMessageContaining("cpus: '-1'");
        assertThatThrownBy(() -> new ModifyRequest(ID, Map.of(), null, "0")).hasMessageContaining("memory: '0'");
        assertThat(new ModifyRequest(ID, Map.of(), "250m", "1Gi").cpus()).isEqualTo("250m");
    }
}
