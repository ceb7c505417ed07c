package org.helxplatform.tycho.backend.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantities as Docker's numbers and back. */
class DockerQuantitiesTest {

    @ParameterizedTest
    @CsvSource({"1, 1000000000", "0.5, 500000000", "250m, 250000000", "2.25, 2250000000", "1500000000n, 1500000000"})
    void cpusAreNanoCpus(String cpus, long nano) {
        assertThat(DockerQuantities.nanoCpus(cpus)).isEqualTo(nano);
    }

    @ParameterizedTest
    @CsvSource({"2G, 2000000000", "512Mi, 536870912", "1Gi, 1073741824", "64M, 64000000", "1e3, 1000"})
    void memoryIsBytes(String memory, long bytes) {
        assertThat(DockerQuantities.bytes(memory)).isEqualTo(bytes);
    }

    @Test
    void zeroAndUnsetMeanNoLimit() {
        assertThat(DockerQuantities.nanoCpus(null)).isNull();
        assertThat(DockerQuantities.nanoCpus("0")).isNull();
        assertThat(DockerQuantities.bytes(null)).isNull();
        assertThat(DockerQuantities.cpuShares(null)).isNull();
        assertThat(DockerQuantities.gpus(null)).isZero();
        assertThat(DockerQuantities.gpus("2")).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"1, 1024", "0.5, 512", "1m, 2", "0.1, 102"})
    void cpuRequestsAreSharesOf1024PerCpu(String cpus, int shares) {
        assertThat(DockerQuantities.cpuShares(cpus)).isEqualTo(shares);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 500000000, 0.5", "500m, 500000000, 500m", "0.5, 2000000000, 2", "1, 1500000000, 1500m",
        ", 3000000000, 3", ", 1000000, 1m", ", 1500, 1500n"})
    void cpuIsReportedAsGivenWhileEnforcedElseCanonical(String given, long nano, String text) {
        assertThat(DockerQuantities.cpuText(given, nano)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"2000M, 2000000000, 2000M", "1G, 3000000000, 3G", ", 3221225472, 3Gi", ", 536870912, 512Mi",
        ", 1024000000, 1024M", ", 2048, 2Ki", ", 1234567, 1234567", ", 64000000, 64M"})
    void memoryIsReportedAsGivenWhileEnforcedElseWithTheShortestSuffix(String given, long bytes, String text) {
        assertThat(DockerQuantities.memoryText(given, bytes)).isEqualTo(text);
    }
}
