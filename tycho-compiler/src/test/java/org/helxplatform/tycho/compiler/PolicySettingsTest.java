package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of the resource policy and of the opt-in security measures, by name. */
class PolicySettingsTest {

    @Test
    void noBoundsAndNoMeasuresByDefault() {
        TychoSettings settings = TychoSettings.defaults();
        TychoSettings.MAX_PER_SYSTEM.values().forEach(name -> assertThat(settings.bound(name)).isEmpty());
        TychoSettings.MAX_PER_USER.values().forEach(name -> assertThat(settings.bound(name)).isEmpty());
        assertThat(settings.maxSystemsPerUser()).isEmpty();
        assertThat(settings.security()).isEqualTo(DeploymentOptions.Security.DEFAULTS);
        assertThat(settings.deploymentOptions("alice").security()).isEqualTo(DeploymentOptions.Security.DEFAULTS);
    }

    @Test
    void boundsByName() {
        assertThat(TychoSettings.MAX_PER_SYSTEM).containsExactly(Map.entry("cpus", "TYCHO_APP_MAX_CPUS"),
                Map.entry("memory", "TYCHO_APP_MAX_MEMORY"), Map.entry("gpus", "TYCHO_APP_MAX_GPUS"),
                Map.entry("ephemeralStorage", "TYCHO_APP_MAX_EPHEMERAL_STORAGE"));
        assertThat(TychoSettings.MAX_PER_USER.values()).containsExactly("TYCHO_USER_MAX_CPUS", "TYCHO_USER_MAX_MEMORY",
                "TYCHO_USER_MAX_GPUS", "TYCHO_USER_MAX_EPHEMERAL_STORAGE");
        TychoSettings settings = TychoSettings.of(Map.of("TYCHO_APP_MAX_CPUS", "4", "TYCHO_USER_MAX_MEMORY", "64Gi",
                "TYCHO_USER_MAX_SYSTEMS", "3", "TYCHO_APP_MAX_GPUS", " 0 "));
        assertThat(settings.bound("TYCHO_APP_MAX_CPUS")).contains(Quantity.parse("4"));
        assertThat(settings.bound("TYCHO_USER_MAX_MEMORY")).contains(Quantity.parse("64Gi"));
        assertThat(settings.bound("TYCHO_APP_MAX_GPUS")).contains(Quantity.ZERO);
        assertThat(settings.maxSystemsPerUser()).hasValue(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "TYCHO_APP_MAX_CPUS|lots|setting TYCHO_APP_MAX_CPUS: 'lots' is not a Kubernetes resource quantity",
            "TYCHO_USER_MAX_MEMORY|-1G|setting TYCHO_USER_MAX_MEMORY: '-1G' must be 0 or more",
            "TYCHO_APP_MAX_MEMORY|1e999|setting TYCHO_APP_MAX_MEMORY: '1e999' is out of range",
            "TYCHO_USER_MAX_SYSTEMS|three|setting TYCHO_USER_MAX_SYSTEMS: 'three' must be a whole number",
            "TYCHO_USER_MAX_SYSTEMS|-1|setting TYCHO_USER_MAX_SYSTEMS: '-1' must be a whole number",
            "TYCHO_APP_HARDENED|yes|setting TYCHO_APP_HARDENED: 'yes' must be true or false",
            "TYCHO_APP_TOKENS_IN_SECRET|1|setting TYCHO_APP_TOKENS_IN_SECRET: '1' must be true or false",
            "TYCHO_APP_REQUIRE_CLAIMS|on|setting TYCHO_APP_REQUIRE_CLAIMS: 'on' must be true or false"})
    void invalidValuesFailNamingTheSetting(String name, String value, String message) {
        assertThatThrownBy(() -> TychoSettings.of(Map.of(name, value))).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(message);
    }

    @Test
    void measuresByName() {
        TychoSettings settings = TychoSettings.of(Map.of("TYCHO_APP_TOKENS_IN_SECRET", "true",
                "TYCHO_APP_REQUIRE_CLAIMS", "TRUE", "TYCHO_APP_HARDENED", "true", "TYCHO_APP_RUN_AS_USER", "1000"));
        assertThat(settings.security()).isEqualTo(new DeploymentOptions.Security(true, true, true));
        assertThat(settings.deploymentOptions("alice").security().hardened()).isTrue();
    }

    @Test
    void theHardenedProfileNeedsNonRootUsers() {
        assertThatThrownBy(() -> TychoSettings.of(Map.of("TYCHO_APP_HARDENED", "true")))
                .hasMessageContaining("setting TYCHO_APP_HARDENED: 'true' runs pods as non-root, but TYCHO_APP_RUN_AS_USER is 0"
                        + " (the default) (root); set it to a non-root uid such as 1000");
        assertThatThrownBy(() -> TychoSettings.of(Map.of("TYCHO_APP_HARDENED", "true", "NFSRODS_UID", "0")))
                .hasMessageContaining("NFSRODS_UID is 0 (root)");
        assertThatThrownBy(() -> TychoSettings.of(Map.of("TYCHO_APP_HARDENED", "true", "NFSRODS_UID", "00")))
                .hasMessageContaining("NFSRODS_UID is 00 (root)");
        assertThat(TychoSettings.of(Map.of("TYCHO_APP_HARDENED", "true", "NFSRODS_UID", "40000")).security()
                .hardened()).isTrue();
        // an empty uid leaves the user to the image, which runAsNonRoot then checks
        assertThat(TychoSettings.of(Map.of("TYCHO_APP_HARDENED", "true", "TYCHO_APP_RUN_AS_USER", "")).security()
                .hardened()).isTrue();
        Map<String, String> init = new LinkedHashMap<>();
        init.put("TYCHO_APP_HARDENED", "true");
        init.put("TYCHO_APP_RUN_AS_USER", "1000");
        init.put("CREATE_HOME_DIRS", "true");
        assertThatThrownBy(() -> TychoSettings.of(init))
                .hasMessageContaining("runs the init container as non-root, but INIT_SC_RUN_AS_USER is 0");
        init.put("INIT_SC_RUN_AS_USER", "1000");
        assertThat(TychoSettings.of(init).security().hardened()).isTrue();
        init.put("IROD_HOST", "irods.example.org");
        assertThatThrownBy(() -> TychoSettings.of(init)).hasMessageContaining("IROD_HOST mounts the iRODS NFS"
                + " server directly (an nfs volume)");
    }
}
