package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.compiler.template.TemplateException;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way an app spec, a request or the settings can be wrong: each fails with a {@link TychoException} of the
 * right type whose message names the app or file, the path inside it and the offending value.
 */
class CompileErrorsTest {

    private static final String RESOURCES = """
                deploy:
                  resources:
                    limits: {cpus: '1', memory: 1G}
                    reservations: {cpus: '0.5', memory: 512M}
            """;

    private static ThrowingCallable compiling(String yaml) {
        return compiling(yaml, Map.of(), b -> b);
    }

    private static ThrowingCallable compiling(String yaml, Map<String, String> settings,
                                              UnaryOperator<CompileRequest.Builder> request) {
        return () -> TestSupport.compiler(settings)
                .compile(request.apply(TestSupport.request(TestSupport.spec(yaml), "alice")).build());
    }

    /** Asserts a {@link SpecException} whose message and path name the app, the path and the value. */
    private static void assertSpecError(ThrowingCallable call, String source, String path, String... values) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SpecException.class, e -> {
            assertThat(e.source()).isEqualTo(source);
            assertThat(e.getMessage()).startsWith(source + ": ").contains(path);
            for (String value : values) {
                assertThat(e.getMessage()).contains(value);
            }
            assertThat(e.path()).isEqualTo(path);
        });
    }

    // ---- the spec text --------------------------------------------------------------------------------------

    @Test
    void yamlSyntaxErrorNamesFileLineAndColumn() {
        assertThatThrownBy(() -> ComposeSpec.parse("services:\n  app:\n    image: [a, b\n  web: {}\n", "jupyter.yaml"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.getMessage()).startsWith("jupyter.yaml: ").contains("invalid YAML at line 4, column");
                    assertThat(e.getCause()).isInstanceOf(Yaml11.YamlException.class);
                    assertThat(((Yaml11.YamlException) e.getCause()).line()).isEqualTo(4);
                });
    }

    @Test
    void tabIndentationIsASyntaxError() {
        assertThatThrownBy(() -> ComposeSpec.parse("services:\n\tapp: {image: a}\n", "tabs.yaml"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("tabs.yaml: ")
                .hasMessageContaining("line 2, column 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "- a\\n- b|a list|false",
            "just text|just text|true",
            "''|nothing|false",
            "42|42|true"})
    void notAMapping(String yaml, String described, boolean quoted) {
        described = quoted ? "'" + described + "'" : described;
        assertThatThrownBy(() -> ComposeSpec.parse(yaml.replace("\\n", "\n"), "app.yaml"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("app.yaml: ")
                .hasMessageContaining("expected a mapping with 'services'").hasMessageContaining("got " + described);
    }

    @Test
    void noServices() {
        assertSpecError(() -> ComposeSpec.parse("version: '3'\nnetworks: {}\n", "app.yaml"), "app.yaml", "",
                "missing required key \"services\"");
    }

    @Test
    void emptyServices() {
        assertSpecError(() -> ComposeSpec.parse("services: {}\n", "app.yaml"), "app.yaml", "services",
                "at least 1 key (got 0)");
    }

    @Test
    void servicesNotAMapping() {
        assertSpecError(() -> ComposeSpec.parse("services: [app]\n", "app.yaml"), "app.yaml", "services",
                "must be a mapping (got list)");
    }

    @Test
    void serviceWithoutImage() {
        assertSpecError(() -> ComposeSpec.parse("services:\n  web: {ports: ['80']}\n", "app.yaml"), "app.yaml",
                "services.web", "missing required key \"image\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"5|got integer", "[a, b]|got list", "{name: a}|got mapping",
            "true|got boolean", "\"\"|got 0", "null|got null"})
    void imageNotANonEmptyString(String image, String got) {
        assertSpecError(() -> ComposeSpec.parse("services:\n  web: {image: " + image + "}\n", "app.yaml"),
                "app.yaml", "services.web.image", got);
    }

    @Test
    void everyViolationIsListedByPath() {
        assertThatThrownBy(() -> ComposeSpec.parse("""
                services:
                  a: {image: 1}
                  b: {image: x, ports: {p: 1}}
                  c: {image: x, volumes: [1]}
                """, "app.yaml")).isInstanceOf(SpecException.class)
                .hasMessageContaining("services.a.image").hasMessageContaining("services.b.ports")
                .hasMessageContaining("services.c.volumes[0]");
    }

    @Test
    void blankImageAfterRenderingNamesTheContainer() {
        assertThatThrownBy(compiling("""
                services:
                  app:
                    image: "{{ registry_not_set }}"
                """ + RESOURCES)).isInstanceOf(SpecException.class).hasMessageStartingWith("app app: ")
                .hasMessageContaining("container app").hasMessageContaining("image");
    }

    // ---- Jinja in spec values and settings -------------------------------------------------------------------

    @Test
    void invalidJinjaInASpecValueNamesTheAppAndThePath() {
        assertThatThrownBy(compiling("""
                services:
                  app:
                    image: a
                    env: [OK=1, "BROKEN={{ unclosed"]
                """ + RESOURCES)).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("app app: services.app.env[1]: line 1: ");
    }

    @Test
    void undefinedNameInARegistryProbeNamesTheAppAndThePath() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.ext(Map.of("kube", Map.of(
                "livenessProbe", Map.of("cmd", java.util.List.of("check", "{{ system.name }}")))))))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("app app: services.app.ext.kube.livenessProbe.cmd[1]: line 1: ")
                .hasMessageContaining("'system' is undefined");
    }

    @Test
    void invalidJinjaInASettingNamesTheAppAndTheSettingButNotItsValue() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.appSettings(Map.of("API_KEY",
                "s3cr3t{% if %}")))).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("app app: settings.API_KEY: line 1: ")
                .hasMessageNotContaining("s3cr3t");
    }

    // ---- volumes ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "./data:/data",
            "data:/data",
            "pvc://claim",
            "pvc://claim/sub",
            "pvc://:/data",
            "nfs://server/x:/data",
            "pvc://claim:/a:/b"})
    void badVolumeEntry(String entry) {
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                    volumes: ["%s"]
                """.formatted(entry) + RESOURCES), "app app", "services.app.volumes[0]", "'" + entry + "'",
                "container app", "pvc://<claim>[/<subpath>]:<mount path>");
    }

    @ParameterizedTest
    @CsvSource({"Data_Claim", "UPPER", "-claim", "claim-", "a.b"})
    void invalidClaimName(String claim) {
        String entry = "pvc://" + claim + "/sub:/data";
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                  side:
                    image: s
                    volumes: ["pvc://ok:/ok", "%s"]
                """.formatted(entry).replace("    image: a\n", "    image: a\n" + RESOURCES)),
                "app app", "services.side.volumes[1]", "'" + claim + "'", entry, "container side");
    }

    // ---- ports -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"8080:http\"|8080:http",
            "\"70000\"|70000",
            "70000|70000",
            "0|0",
            "\"0\"|0",
            "\"8080:\"|8080:",
            "\"8080:80/tcp\"|8080:80/tcp",
            "-1|-1",
            "\"\"|''",
            "99999999999|99999999999"})
    void portThatIsNotAPortNumber(String yaml, String text) {
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                  web:
                    image: w
                    ports: ["80", %s]
                """.formatted(yaml).replace("    image: a\n", "    image: a\n" + RESOURCES)),
                "app app", "services.web.ports[1]", "'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"8.5", "true", "[80]"})
    void portOfAnotherTypeIsRejectedByTheSchema(String port) {
        assertSpecError(() -> ComposeSpec.parse(TestSupport.MINIMAL + "  web: {image: w, ports: [" + port + "]}\n",
                "app.yaml"), "app.yaml", "services.web.ports[0]");
    }

    @Test
    void exposeThatIsNotAPortNumber() {
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                    expose: [8080, 65536]
                """ + RESOURCES), "app app", "services.app.expose[1]", "'65536'");
    }

    @Test
    void mainServiceFirstPortThatIsNotANumber() {
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                    ports: ["8080:http"]
                """ + RESOURCES), "app app", "services.app.ports[0]", "'8080:http'");
    }

    // ---- environment -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "env: ['OK=1', '1BAD=x']|services.app.env[1]|1BAD",
            "env: ['OK=1', 'HAS SPACE=x']|services.app.env[1]|HAS SPACE",
            "env: ['=value']|services.app.env[0]|''",
            "environment: ['A:B=1']|services.app.environment[0]|A:B",
            "environment: {'BAD NAME': 1}|services.app.environment.BAD NAME|BAD NAME",
            "environment: {'A=B': 1}|services.app.environment.A=B|A=B"})
    void invalidEnvName(String env, String path, String name) {
        String quoted = name.equals("''") ? "''" : "'" + name + "'";
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                    %s
                """.formatted(env) + RESOURCES), "app app", path, quoted, "not a valid environment variable name");
    }

    @Test
    void envNameWithANewline() {
        assertSpecError(compiling("""
                services:
                  app:
                    image: a
                    environment: {"X\\nY": 1}
                """ + RESOURCES), "app app", "services.app.environment.X\nY", "'X\nY'");
    }

    @Test
    void invalidSettingNameIsNamedAsASetting() {
        assertSpecError(compiling(TestSupport.MINIMAL, Map.of(), b -> b.appSettings(Map.of("MY VAR", "1"))),
                "app app", "settings.MY VAR", "'MY VAR'");
    }

    // ---- probes ----------------------------------------------------------------------------------------------

    private static ThrowingCallable compilingWithRegistryExt(String kube) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) Yaml11.load(kube, "ext");
        return compiling(TestSupport.MINIMAL, Map.of(), b -> b.ext(ext));
    }

    @Test
    void probeWithAnUnknownKey() {
        assertSpecError(compilingWithRegistryExt("kube: {livenessProbe: {cmd: [x], timeout: 5}}"), "app app",
                "registry app.ext.kube.livenessProbe.timeout", "cmd, httpGet, tcpSocket");
    }

    @Test
    void probeWithTwoKinds() {
        assertSpecError(compilingWithRegistryExt("kube: {readinessProbe: {cmd: [x], tcpSocket: {port: 80}}}"),
                "app app", "registry app.ext.kube.readinessProbe", "exactly one", "cmd", "tcpSocket");
    }

    @Test
    void probeWithNoKind() {
        assertSpecError(compilingWithRegistryExt("kube: {readinessProbe: {delay: 5}}"), "app app",
                "registry app.ext.kube.readinessProbe", "exactly one of cmd, httpGet or tcpSocket");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'true'", "[x]", "'never'"})
    void probeThatIsNotAMapping(String probe) {
        assertSpecError(compilingWithRegistryExt("kube: {livenessProbe: " + probe + "}"), "app app",
                "registry app.ext.kube.livenessProbe", "'none'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"delay|soon|soon", "period|5s|5s", "threshold|-1|-1", "delay|1.5|1.5",
            "period|true|True", "delay|\"\"|''"})
    void probeTimingThatIsNotAWholeNumber(String key, String value, String text) {
        assertSpecError(compilingWithRegistryExt("kube: {livenessProbe: {cmd: [x], " + key + ": " + value + "}}"),
                "app app", "registry app.ext.kube.livenessProbe." + key, "'" + text + "'", "seconds");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{livenessProbe: {cmd: [check, {a: b}]}}|livenessProbe.cmd[1]|mapping",
            "{livenessProbe: {cmd: [check], delay: {seconds: 5}}}|livenessProbe.delay|mapping",
            "{readinessProbe: {httpGet: {path: [/a], port: 80}}}|readinessProbe.httpGet.path|list",
            "{readinessProbe: {httpGet: {port: 80, httpHeaders: {X: [1, 2]}}}}|readinessProbe.httpGet.httpHeaders.X|list",
            "{readinessProbe: {tcpSocket: {port: {number: 80}}}}|readinessProbe.tcpSocket.port|mapping",
            "{readinessProbe: {tcpSocket: 80}}|readinessProbe.tcpSocket|mapping",
            "{readinessProbe: {httpGet: /health}}|readinessProbe.httpGet|mapping",
            "{readinessProbe: {cmd: curl localhost}}|readinessProbe.cmd|list of arguments"})
    void registryProbeWithAStructureWhereAValueBelongs(String kube, String path, String problem) {
        assertSpecError(compilingWithRegistryExt("kube: " + kube), "app app", "registry app.ext.kube." + path, problem);
    }

    @Test
    void probeWithAnEmptyCommand() {
        assertSpecError(compilingWithRegistryExt("kube: {livenessProbe: {cmd: []}}"), "app app",
                "registry app.ext.kube.livenessProbe", "cmd");
    }

    @Test
    void probeWithAnInvalidPort() {
        assertSpecError(compilingWithRegistryExt("kube: {livenessProbe: {tcpSocket: {port: 'not a port'}}}"),
                "app app", "registry app.ext.kube.livenessProbe", "'not a port'", "port");
    }

    @Test
    void sidecarProbeErrorsNameTheComposePath() {
        assertSpecError(compiling(TestSupport.MINIMAL + """
                  side:
                    image: s
                    ext: {kube: {readinessProbe: {tcpSocket: {port: "not a port"}}}}
                """), "app app", "services.side.ext.kube.readinessProbe", "'not a port'");
    }

    @Test
    void schemaRejectsAComposeProbeTimingThatIsNotANumber() {
        assertSpecError(() -> ComposeSpec.parse(TestSupport.MINIMAL + """
                  side:
                    image: s
                    ext: {kube: {readinessProbe: {httpGet: {path: /}, delay: soon}}}
                """, "app.yaml"), "app.yaml", "services.side.ext.kube.readinessProbe.delay", "soon");
    }

    @Test
    void schemaRejectsAComposeProbeWithUnknownKeys() {
        assertSpecError(() -> ComposeSpec.parse(TestSupport.MINIMAL + """
                  side:
                    image: s
                    ext: {kube: {readinessProbe: {exec: [x]}}}
                """, "app.yaml"), "app.yaml", "services.side.ext.kube.readinessProbe", "unknown key \"exec\"");
    }

    // ---- main service and resources --------------------------------------------------------------------------

    @Test
    void mainServiceMissing() {
        assertSpecError(compiling("services:\n  web: {image: w}\n  api: {image: a}\n"), "app app", "services",
                "'app'", "[api, web]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "deploy: {resources: {reservations: {cpus: '1'}}}|limits",
            "deploy: {resources: {limits: {cpus: '1'}}}|reservations",
            "deploy: {replicas: 1}|limits",
            "image: b|limits"})
    void mainServiceWithoutLimitsOrReservations(String deploy, String part) {
        assertSpecError(compiling("services:\n  app:\n    image: a\n    " + deploy + "\n"), "app app",
                "services.app.deploy.resources." + part, "missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "memory|lots|lots",
            "cpus|one|one",
            "cpus|\"1 \"|'1 '",
            "memory|1GB|1GB",
            "gpus|0.5|0.5",
            "gpus|one|one",
            "cpus|\"\"|''",
            "ephemeralStorage|10 Gi|10 Gi"})
    void resourceQuantityThatIsNotAQuantity(String key, String value, String text) {
        String shown = "'" + text + "'";
        assertSpecError(compiling(TestSupport.MINIMAL + """
                  side:
                    image: s
                    deploy: {resources: {reservations: {%s: %s}}}
                """.formatted(key, value)), "app app", "services.side.deploy.resources.reservations." + key, shown);
    }

    // ---- settings --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CREATE_HOME_DIRS|yes",
            "TYCHO_APP_ENABLE_INIT_CONTAINER|1",
            "DEV_PHASE|staging",
            "TYCHO_APP_DEFAULT_VOLUMES|/data:/data",
            "TYCHO_APP_DEFAULT_VOLUMES|pvc://claim",
            "STDNFS_PVC|Not_A_Claim",
            "STDNFS_PVC|''",
            "TYCHO_APP_INIT_CPUS|lots",
            "TYCHO_APP_INIT_MEMORY|250 Mi",
            "TYCHO_APP_RUN_AS_USER|root",
            "TYCHO_APP_RUN_AS_GROUP|-1",
            "TYCHO_APP_FS_GROUP|1.5",
            "INIT_SC_RUN_AS_USER|nobody",
            "NFSRODS_UID|x1",
            "TYCHO_APP_GPU_RESOURCE_NAME|''",
            "AMBASSADOR_ID|amb\\nbypass_auth: true"})
    void invalidSettingsValueNamesTheSettingAndTheValue(String name, String value) {
        String actual = value.equals("''") ? "" : value.replace("\\n", "\n");
        assertThatThrownBy(() -> TychoSettings.of(Map.of(name, actual)))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class)
                .hasMessageStartingWith("setting " + name + ": '" + actual + "' ")
                .satisfies(e -> assertThat(((org.helxplatform.tycho.model.InvalidValueException) e).field())
                        .isEqualTo("setting " + name))
                .satisfies(e -> assertThat(((org.helxplatform.tycho.model.InvalidValueException) e).value())
                        .isEqualTo(actual));
    }

    @Test
    void invalidCustomVolumePattern() {
        assertThatThrownBy(() -> TychoSettings.defaults().withDefaultVolumePatterns(java.util.List.of("home:/home")))
                .isInstanceOf(org.helxplatform.tycho.model.InvalidValueException.class)
                .hasMessageContaining("'home:/home'")
                .hasMessageContaining("pvc://<claim>[/<subpath>]:<mount path>");
    }

    // ---- registry values -------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"runAsUser|root", "runAsGroup|-5", "fsGroup|1.5", "initRunAsUser|me"})
    void registrySecurityContextValueThatIsNotANumber(String key, String value) {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.securityContext(Map.of(key, value))))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("app app: ")
                .hasMessageContaining(key.replace("initR", "r")).hasMessageContaining("'" + value + "'");
    }

    @Test
    void registrySecurityContextValueThatIsAStructure() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.securityContext(Map.of("runAsUser",
                java.util.List.of(1000))))).isInstanceOf(SpecException.class).hasMessageStartingWith("app app: ")
                .hasMessageContaining("securityContext.runAsUser");
    }

    @Test
    void registryServiceWithAnInvalidPort() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.services(Map.of("app", "http"))))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("app app: ")
                .hasMessageContaining("service app").hasMessageContaining("'http'");
    }

    @Test
    void extraContainerEnvWithAnInvalidName() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.extraContainerEnv(Map.of("A B", "x"))))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("app app: ")
                .hasMessageContaining("extraContainerEnv").hasMessageContaining("'A B'");
    }

    @Test
    void connStringThatIsNotALabelValue() {
        assertThatThrownBy(compiling(TestSupport.MINIMAL, Map.of(), b -> b.connString("a b")))
                .isInstanceOf(SpecException.class).hasMessageContaining("conn_string").hasMessageContaining("'a b'");
    }
}
