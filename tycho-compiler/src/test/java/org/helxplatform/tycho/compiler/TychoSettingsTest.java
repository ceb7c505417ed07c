package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.SecurityContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every setting Python Tycho reads, by its name, with its default, through {@link TychoSettings#of(Map)}. */
class TychoSettingsTest {

    @Test
    void defaultsAreThoseOfPythonTycho() {
        TychoSettings settings = TychoSettings.of(Map.of());

        assertThat(settings.deploymentOptions("alice")).isEqualTo(new DeploymentOptions("prod", "nvidia.com/gpu",
                new DeploymentOptions.InitContainer(true, false, "busybox", "latest", "250m", "250Mi"),
                new DeploymentOptions.Storage("stdnfs", "home", "alice", "shared"),
                new DeploymentOptions.Irods(false, ""), new DeploymentOptions.Gitea("", "", ""),
                new DeploymentOptions.Ambassador("", "")));
        assertThat(settings.devPhase()).isEqualTo("prod");
        assertThat(settings.namespace()).isEmpty();
        assertThat(settings.createHomeDirsForVolumes()).isTrue();
        assertThat(settings.createHomeDirsForInitContainer()).isFalse();
        assertThat(settings.stdnfsPvc()).isEqualTo("stdnfs");
        assertThat(settings.parentDir()).isEqualTo("home");
        assertThat(settings.subpathDir()).isEmpty();
        assertThat(settings.sharedDir()).isEqualTo("shared");
        assertThat(settings.gpuResourceName()).isEqualTo("nvidia.com/gpu");
        assertThat(settings.securityContext(Map.of())).isEqualTo(new SecurityContext("0", "0", "0"));
        assertThat(settings.initSecurityContext(Map.of())).isEqualTo(new SecurityContext("0", "0", null));
        assertThat(settings.defaultVolumePatterns()).containsExactly("pvc://stdnfs_pvc:parent_dir/shared_dir",
                "pvc://stdnfs_pvc/shared_dir:parent_dir/shared_dir", "pvc://stdnfs_pvc/username:parent_dir/subpath_dir");
        assertThat(settings.templatePaths()).isEmpty();
        assertThat(settings.asMap()).isEmpty();
        assertThat(TychoSettings.defaults().deploymentOptions("bob")).isEqualTo(settings.deploymentOptions("bob"));
    }

    @Test
    void everySettingByItsName() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DEV_PHASE", "dev");
        values.put("NAMESPACE", "helx");
        values.put("CREATE_HOME_DIRS", "true");
        values.put("STDNFS_PVC", "users-pvc");
        values.put("PARENT_DIR", "/home");
        values.put("SUBPATH_DIR", "work");
        values.put("SHARED_DIR", "team");
        values.put("TYCHO_APP_ENABLE_INIT_CONTAINER", "false");
        values.put("TYCHO_APP_INIT_IMAGE_REPOSITORY", "registry.example.org/busybox");
        values.put("TYCHO_APP_INIT_IMAGE_TAG", "1.36");
        values.put("TYCHO_APP_INIT_CPUS", "1");
        values.put("TYCHO_APP_INIT_MEMORY", "1Gi");
        values.put("TYCHO_APP_GPU_RESOURCE_NAME", "example.com/gpu");
        values.put("TYCHO_APP_RUN_AS_USER", "30000");
        values.put("TYCHO_APP_RUN_AS_GROUP", "1136");
        values.put("TYCHO_APP_FS_GROUP", "1137");
        values.put("INIT_SC_RUN_AS_USER", "40000");
        values.put("INIT_SC_RUN_AS_GROUP", "40001");
        values.put("IROD_HOST", "irods.example.org");
        values.put("NFSRODS_HOST", "nfsrods.example.org");
        values.put("GITEA_HOST", "gitea.example.org");
        values.put("GITEA_USER", "git");
        values.put("GITEA_SERVICE_NAME", "gitea-ssh");
        values.put("AMBASSADOR_SVC_NAME", " ambassador ");
        values.put("AMBASSADOR_ID", "helx-amb");
        values.put("EXTERNAL_TYCHO_APP_REGISTRY_ENABLED", "false");
        values.put("DOCKSTORE_APPS_BRANCH", "develop");
        TychoSettings settings = TychoSettings.of(values);

        assertThat(settings.deploymentOptions("alice")).isEqualTo(new DeploymentOptions("dev", "example.com/gpu",
                new DeploymentOptions.InitContainer(false, true, "registry.example.org/busybox", "1.36", "1", "1Gi"),
                new DeploymentOptions.Storage("users-pvc", "/home", "work", "team"),
                new DeploymentOptions.Irods(true, "nfsrods.example.org"),
                new DeploymentOptions.Gitea("gitea.example.org", "git", "gitea-ssh"),
                new DeploymentOptions.Ambassador("ambassador", "helx-amb")));
        assertThat(settings.namespace()).contains("helx");
        assertThat(settings.subpathDir()).contains("work");
        assertThat(settings.securityContext(Map.of())).isEqualTo(new SecurityContext("30000", "1136", "1137"));
        assertThat(settings.initSecurityContext(Map.of())).isEqualTo(new SecurityContext("40000", "40001", null));
        assertThat(settings.asMap()).containsExactlyEntriesOf(values);
    }

    @Test
    void subpathDirDefaultsToTheUserName() {
        TychoSettings settings = TychoSettings.of(Map.of());

        assertThat(settings.deploymentOptions("bob.smith").storage().subpathDir()).isEqualTo("bob.smith");
        assertThat(settings.deploymentOptions("carol").storage().subpathDir()).isEqualTo("carol");
    }

    @ParameterizedTest
    @CsvSource({"true,true,true", "TRUE,true,true", "' False ',false,false", "false,false,false"})
    void createHomeDirsIsABooleanWithTwoDefaults(String value, boolean volumes, boolean initContainer) {
        TychoSettings settings = TychoSettings.of(Map.of("CREATE_HOME_DIRS", value));

        assertThat(settings.createHomeDirsForVolumes()).isEqualTo(volumes);
        assertThat(settings.createHomeDirsForInitContainer()).isEqualTo(initContainer);
        assertThat(settings.deploymentOptions("u").initContainer().createHomeDirs()).isEqualTo(initContainer);
    }

    @ParameterizedTest
    @CsvSource({"prod", "dev", "test"})
    void devPhases(String phase) {
        TychoSettings settings = TychoSettings.of(Map.of("DEV_PHASE", phase));

        assertThat(settings.devPhase()).isEqualTo(phase);
        assertThat(settings.deploymentOptions("u").devPhase()).isEqualTo(phase);
    }

    @Test
    void nfsrodsUidForcesOnlyTheUserId() {
        TychoSettings settings = TychoSettings.of(Map.of("NFSRODS_UID", "40000", "TYCHO_APP_RUN_AS_USER", "1",
                "TYCHO_APP_RUN_AS_GROUP", "2", "TYCHO_APP_FS_GROUP", "3"));

        assertThat(settings.securityContext(Map.of("runAsUser", 7))).isEqualTo(new SecurityContext("40000", null, null));
        assertThat(settings.initSecurityContext(Map.of())).isEqualTo(new SecurityContext("0", "0", null));
        assertThat(TychoSettings.of(Map.of("NFSRODS_UID", "")).securityContext(Map.of()))
                .isEqualTo(new SecurityContext("0", "0", "0"));
    }

    @Test
    void registrySecurityContextOverridesTheSettings() {
        TychoSettings settings = TychoSettings.of(Map.of("TYCHO_APP_RUN_AS_USER", "1", "INIT_SC_RUN_AS_GROUP", "9"));

        assertThat(settings.securityContext(Map.of("runAsUser", 1000, "fsGroup", "50")))
                .isEqualTo(new SecurityContext("1000", "0", "50"));
        assertThat(settings.initSecurityContext(Map.of("initRunAsUser", 5, "initRunAsGroup", 6)))
                .isEqualTo(new SecurityContext("5", "6", null));
        assertThat(settings.initSecurityContext(Map.of("runAsUser", 5))).isEqualTo(new SecurityContext("0", "9", null));
    }

    @Test
    void irodsIsEnabledByIrodHost() {
        assertThat(TychoSettings.of(Map.of("NFSRODS_HOST", "nfs")).deploymentOptions("u").irods())
                .isEqualTo(new DeploymentOptions.Irods(false, "nfs"));
        assertThat(TychoSettings.of(Map.of("IROD_HOST", "irods")).deploymentOptions("u").irods())
                .isEqualTo(new DeploymentOptions.Irods(true, ""));
    }

    @Test
    void defaultVolumePatternsFromTheSettingOrTheBuilder() {
        TychoSettings fromSetting = TychoSettings.of(Map.of(TychoSettings.DEFAULT_VOLUMES,
                "pvc://stdnfs_pvc:/a, ,pvc://other/x:/b"));
        TychoSettings fromBuilder = fromSetting.withDefaultVolumePatterns(List.of("pvc://c:/c"));

        assertThat(TychoSettings.DEFAULT_VOLUMES).isEqualTo("TYCHO_APP_DEFAULT_VOLUMES");
        assertThat(fromSetting.defaultVolumePatterns()).containsExactly("pvc://stdnfs_pvc:/a", "pvc://other/x:/b");
        assertThat(fromBuilder.defaultVolumePatterns()).containsExactly("pvc://c:/c");
        assertThat(fromBuilder.asMap()).isEqualTo(fromSetting.asMap());
    }

    @Test
    void templatePathsFromTheSettingOrTheBuilder() {
        TychoSettings settings = TychoSettings.of(Map.of(TychoSettings.TEMPLATE_PATHS,
                "/etc/tycho/templates" + File.pathSeparator + "/opt/templates"));

        assertThat(TychoSettings.TEMPLATE_PATHS).isEqualTo("TYCHO_TEMPLATE_PATHS");
        assertThat(settings.templatePaths()).containsExactly(Path.of("/etc/tycho/templates"), Path.of("/opt/templates"));
        assertThat(settings.withTemplatePaths(List.of(Path.of("/x"))).templatePaths()).containsExactly(Path.of("/x"));
    }

    @Test
    void unknownNamesAreKeptInOrderAndNullsAreIgnored() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("HOST_SPECIFIC", "1");
        values.put("ANOTHER", "2");
        values.put("UNSET", null);
        TychoSettings settings = TychoSettings.of(values);

        assertThat(settings.get("HOST_SPECIFIC")).contains("1");
        assertThat(settings.get("UNSET")).isEmpty();
        assertThat(settings.asMap()).containsExactly(entry("HOST_SPECIFIC", "1"), entry("ANOTHER", "2"));
        assertThat(settings.toString()).contains("HOST_SPECIFIC").doesNotContain("1]");
    }

    @Test
    void settingsAreACopyOfTheGivenMap() {
        Map<String, String> values = new HashMap<>(Map.of("DEV_PHASE", "dev"));
        TychoSettings settings = TychoSettings.of(values);
        values.put("DEV_PHASE", "test");

        assertThat(settings.devPhase()).isEqualTo("dev");
    }

    @Test
    void blankNamespaceMeansNone() {
        assertThat(TychoSettings.of(Map.of("NAMESPACE", "  ")).namespace()).isEmpty();
    }
}
