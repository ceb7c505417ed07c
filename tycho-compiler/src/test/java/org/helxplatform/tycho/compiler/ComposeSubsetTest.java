package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.helxplatform.tycho.compiler.TestSupport.ID;
import static org.helxplatform.tycho.compiler.TestSupport.container;
import static org.helxplatform.tycho.compiler.TestSupport.envMap;
import static org.helxplatform.tycho.compiler.TestSupport.envNames;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.compiler.compose.SpecWarning;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The docker-compose subset Tycho reads as {@link SystemCompiler#compile(CompileRequest)} turns it into the
 * system model.
 */
class ComposeSubsetTest {

    /** Resources the main service {@code app} must declare, to append to a service in a spec. */
    private static final String RESOURCES = """
                deploy:
                  resources:
                    limits: {cpus: '1', memory: 1G}
                    reservations: {cpus: '0.5', memory: 512M}
            """;

    private static CompiledSystem compile(String yaml) {
        return compile(yaml, Map.of(), b -> b);
    }

    private static CompiledSystem compile(String yaml, Map<String, String> settings,
                                          UnaryOperator<CompileRequest.Builder> request) {
        return TestSupport.compiler(settings)
                .compile(request.apply(TestSupport.request(TestSupport.spec(yaml), "alice")).build());
    }

    /** The env entries a container has from its own service, before the settings entries start. */
    private static List<String> serviceEnvNames(Container container) {
        List<String> names = envNames(container);
        return names.subList(0, names.indexOf("identifier"));
    }

    @Nested
    class Containers {

        @Test
        void areInAlphabeticalOrderOfServiceNames() {
            CompiledSystem compiled = compile("""
                    services:
                      zeta: {image: z}
                      app:
                        image: a
                    """ + RESOURCES + """
                      mid: {image: m}
                      beta: {image: b}
                    """);

            assertThat(compiled.system().containers()).extracting(Container::name)
                    .containsExactly("app", "beta", "mid", "zeta");
            assertThat(compiled.system().containers()).extracting(Container::image)
                    .containsExactly("a", "b", "m", "z");
        }

        @Test
        void entrypointStringIsSplitOnWhiteSpace() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        entrypoint: "  /bin/sh   -c\\tstart.sh\\n --port=8080  "
                    """ + RESOURCES).system();

            assertThat(container(system, "app").command()).containsExactly("/bin/sh", "-c", "start.sh", "--port=8080");
        }

        @Test
        void entrypointStringIsSplitAsPythonsStrSplitDoes() {
            // Python: "run\u00a0--a\x1f--b\u3000--c".split() == ['run', '--a', '--b', '--c']
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        entrypoint: "run\\u00a0--a\\x1f--b\\u3000--c\\u200b--d"
                    """ + RESOURCES).system();

            assertThat(container(system, "app").command()).containsExactly("run", "--a", "--b", "--c\u200b--d");
        }

        @Test
        void entrypointListIsKeptAsGiven() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        entrypoint: [/bin/sh, -c, "start.sh  --a  --b", 5, 0.5]
                    """ + RESOURCES).system();

            assertThat(container(system, "app").command())
                    .containsExactly("/bin/sh", "-c", "start.sh  --a  --b", "5", "0.5");
        }

        @Test
        void noEntrypointMeansTheImagesOwnCommand() {
            assertThat(container(compile(TestSupport.MINIMAL).system(), "app").command()).isEmpty();
        }
    }

    @Nested
    class Ports {

        @Test
        void containerPartOfEachPortEntry() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        ports: ["8080:8888", "9000", 7000, "$HOST_PORT:8081", "127.0.0.1:8001:8002"]
                        expose: [9999, "9998"]
                    """ + RESOURCES).system();

            Container app = container(system, "app");
            assertThat(app.ports()).containsExactly(8888, 9000, 7000, 8081, 8002);
            assertThat(app.expose()).containsExactly(9999, 9998);
        }

        @Test
        void systemPortIsTheContainerPartOfTheMainServicesFirstPort() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        ports: ["8080:8888", "9000"]
                    """ + RESOURCES).system();

            assertThat(system.systemPort()).isEqualTo("8888");
            assertThat(envMap(container(system, "app"))).containsEntry("system_port", "8888");
        }

        @Test
        void systemPortIs8000WhenTheMainServiceHasNoPort() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        expose: [9999]
                    """ + RESOURCES + """
                      web:
                        image: w
                        ports: ["80:8080"]
                    """).system();

            assertThat(system.systemPort()).isEqualTo("8000");
            assertThat(envMap(container(system, "web"))).containsEntry("system_port", "8000");
        }

        @Test
        void systemPortComesFromTheMainServiceEvenWhenItIsNotAlphabeticallyLast() {
            // D2: Python took the alphabetically last service (zeta here).
            TychoSystem system = compile("""
                    services:
                      zeta:
                        image: z
                        ports: ["9999"]
                      app:
                        image: a
                        ports: [8888]
                    """ + RESOURCES).system();

            assertThat(system.systemPort()).isEqualTo("8888");
            assertThat(envMap(container(system, "zeta"))).containsEntry("system_port", "8888")
                    .containsEntry("system_name", "app");
        }
    }

    @Nested
    class Environment {

        @Test
        void envListOfTheService() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        env: [A=1, B=two]
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("A", "B");
            assertThat(envMap(app)).containsEntry("A", "1").containsEntry("B", "two");
        }

        @Test
        void environmentListWhenThereIsNoEnv() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        environment: [X=1, Y=]
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("X", "Y");
            assertThat(envMap(app)).containsEntry("X", "1").containsEntry("Y", "");
        }

        @Test
        void environmentMapWhenThereIsNoEnv() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        environment: {Z: last, A: 1, F: 0.5, T: true, N: null}
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("Z", "A", "F", "T", "N");
            assertThat(envMap(app)).containsEntry("Z", "last").containsEntry("A", "1").containsEntry("F", "0.5")
                    .containsEntry("T", "True").containsEntry("N", "");
        }

        @Test
        void environmentKeysThatYamlReadsAsOtherScalarsAreWrittenAsPythonWritesThem() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        environment: {ON: 1, ~: x}
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("True", "None");
        }

        @Test
        void nonEmptyEnvTakesPrecedenceOverEnvironment() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        env: [FROM_ENV=1]
                        environment: {FROM_ENVIRONMENT: 2}
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("FROM_ENV");
        }

        @Test
        void emptyEnvFallsBackToEnvironment() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        env: []
                        environment: [FROM_ENVIRONMENT=2]
                    """ + RESOURCES).system(), "app");

            assertThat(serviceEnvNames(app)).containsExactly("FROM_ENVIRONMENT");
        }

        @Test
        void entriesAreSplitAtTheFirstEquals() {
            // D1: Python cut K=a=b to a.
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        env: ["URL=http://h/?a=b&c=d", "NOVALUE", "EMPTY="]
                    """ + RESOURCES, Map.of(), b -> b.appSettings(Map.of("S", "x=y=z"))).system(), "app");

            assertThat(envMap(app)).containsEntry("URL", "http://h/?a=b&c=d").containsEntry("NOVALUE", "")
                    .containsEntry("EMPTY", "").containsEntry("S", "x=y=z");
        }

        @Test
        void settingsFollowTheServiceEnvInSettingsOrderThenTheFourTemplateVariables() {
            Map<String, String> appSettings = new LinkedHashMap<>();
            appSettings.put("DOTENV_B", "from .env");      // .env entries first
            appSettings.put("DOTENV_A", "overridden by registry");
            appSettings.put("REGISTRY", "r");              // then registry env
            CompiledSystem compiled = compile("""
                    services:
                      app:
                        image: a
                        ports: [8888]
                        env: [OWN=1]
                    """ + RESOURCES + """
                      side:
                        image: s
                    """, Map.of(), b -> b.appSettings(appSettings));

            for (Container container : compiled.system().containers()) {
                List<String> own = container.name().equals("app") ? List.of("OWN") : List.of();
                List<String> expected = new java.util.ArrayList<>(own);
                expected.addAll(List.of("DOTENV_B", "DOTENV_A", "REGISTRY", "identifier", "username", "system_name",
                        "system_port"));
                assertThat(envNames(container)).as(container.name()).containsExactlyElementsOf(expected);
                assertThat(envMap(container)).as(container.name())
                        .containsEntry("DOTENV_A", "overridden by registry")
                        .containsEntry("identifier", ID).containsEntry("username", "alice")
                        .containsEntry("system_name", "app").containsEntry("system_port", "8888");
            }
        }

        @Test
        void aSettingNamedLikeATemplateVariableKeepsItsPlaceAndTakesTheNewValue() {
            Map<String, String> appSettings = new LinkedHashMap<>();
            appSettings.put("FIRST", "1");
            appSettings.put("username", "from registry");
            appSettings.put("system_port", "1");
            appSettings.put("LAST", "2");
            Container app = container(compile(TestSupport.MINIMAL, Map.of(), b -> b.appSettings(appSettings))
                    .system(), "app");

            assertThat(envNames(app)).containsExactly("FIRST", "username", "system_port", "LAST", "identifier",
                    "system_name");
            assertThat(envMap(app)).containsEntry("username", "alice").containsEntry("system_port", "8000");
        }

        @Test
        void settingsValuesAreRenderedAsJinjaWithTheSettingsAsContext() {
            Map<String, String> appSettings = new LinkedHashMap<>();
            appSettings.put("BASE", "/srv");
            appSettings.put("HOME_URL", "/private/{{ system_name }}/{{ username }}/{{ identifier }}");
            appSettings.put("DATA", "{{ BASE }}/data");
            appSettings.put("PORT_PLUS", "{{ system_port | int + 1 }}");
            appSettings.put("BRACE", "a{b}c");
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        ports: ["80:8888"]
                    """ + RESOURCES, Map.of(), b -> b.appSettings(appSettings)).system(), "app");

            assertThat(envMap(app)).containsEntry("HOME_URL", "/private/app/alice/" + ID)
                    .containsEntry("DATA", "/srv/data").containsEntry("PORT_PLUS", "8889")
                    .containsEntry("BRACE", "a{b}c");
        }

        @Test
        void serviceEnvIsRenderedWithTheSettingsToo() {
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        env: ["WHO={{ username }}", "APP={{ system_name }}-{{ REGION }}"]
                    """ + RESOURCES, Map.of(), b -> b.appSettings(Map.of("REGION", "eu"))).system(), "app");

            assertThat(envMap(app)).containsEntry("WHO", "alice").containsEntry("APP", "app-eu");
        }

        @Test
        void aValueMentioningStdnfsPvcIsReplacedByTheSetting() {
            Map<String, String> appSettings = new LinkedHashMap<>();
            appSettings.put("CLAIM", "STDNFS_PVC");
            appSettings.put("OTHER", "x-STDNFS_PVC-y");
            appSettings.put("PLAIN", "stdnfs_pvc");
            Container withSetting = container(compile(TestSupport.MINIMAL, Map.of("STDNFS_PVC", "user-claim"),
                    b -> b.appSettings(appSettings)).system(), "app");
            Container withDefault = container(compile(TestSupport.MINIMAL, Map.of(),
                    b -> b.appSettings(appSettings)).system(), "app");

            assertThat(envMap(withSetting)).containsEntry("CLAIM", "user-claim").containsEntry("OTHER", "user-claim")
                    .containsEntry("PLAIN", "stdnfs_pvc");
            assertThat(envMap(withDefault)).containsEntry("CLAIM", "stdnfs").containsEntry("OTHER", "stdnfs");
        }

        @Test
        void extraContainerEnvIsKeptOnTheSystemNotInTheContainers() {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("Z_EXTRA", "1");
            extra.put("A_EXTRA", "2");
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of(), b -> b.extraContainerEnv(extra)).system();

            assertThat(system.extraContainerEnv()).containsExactly(entry("Z_EXTRA", "1"), entry("A_EXTRA", "2"));
            assertThat(envNames(container(system, "app"))).doesNotContain("Z_EXTRA", "A_EXTRA");
        }
    }

    @Nested
    class Resources {

        @Test
        void limitsAndRequestsFromDeployResourcesAsPythonStrWritesThem() {
            Container side = container(compile(TestSupport.MINIMAL + """
                      side:
                        image: s
                        deploy:
                          resources:
                            limits: {cpus: 1.5, memory: 2048M, gpus: 1, ephemeralStorage: 1Gi}
                            reservations: {cpus: 1.0, memory: 1e3, gpus: 0}
                    """).system(), "side");

            assertThat(side.limits()).isEqualTo(new ResourceLimits("1.5", "2048M", "1", "1Gi"));
            assertThat(side.requests()).isEqualTo(new ResourceLimits("1.0", "1e3", "0", null));
        }

        @Test
        void reservationsAboveLimitsAreRefusedNamingTheService() {
            assertThatThrownBy(() -> compile(TestSupport.MINIMAL + """
                      side:
                        image: s
                        deploy:
                          resources:
                            limits: {cpus: 0.5, memory: 2048M}
                            reservations: {cpus: 1.0}
                    """)).isInstanceOf(SpecException.class)
                    .hasMessageContaining("container side: resources.reservations.cpus: '1.0' is more than the limit"
                            + " 0.5");
        }

        @Test
        void integerCpusStayIntegers() {
            Container side = container(compile(TestSupport.MINIMAL + """
                      side:
                        image: s
                        deploy: {resources: {limits: {cpus: 2, memory: 1024}}}
                    """).system(), "side");

            assertThat(side.limits()).isEqualTo(new ResourceLimits("2", "1024", null, null));
            assertThat(side.requests()).isEqualTo(ResourceLimits.NONE);
        }

        @Test
        void aServiceWithoutDeployHasNoResources() {
            Container side = container(compile(TestSupport.MINIMAL + "  side: {image: s}\n").system(), "side");

            assertThat(side.limits().isEmpty()).isTrue();
            assertThat(side.requests().isEmpty()).isTrue();
        }

        @Test
        void withoutARequestTheMainServiceKeepsItsSpecResources() {
            Container app = container(compile(TestSupport.MINIMAL).system(), "app");

            assertThat(app.limits()).isEqualTo(ResourceLimits.of("1", "1G"));
            assertThat(app.requests()).isEqualTo(ResourceLimits.of("0.5", "512M"));
        }

        @Test
        void theRequestReplacesTheMainServicesResourcesKeepingTheSpecsEphemeralStorage() {
            CompiledSystem compiled = compile("""
                    services:
                      app:
                        image: a
                        deploy:
                          resources:
                            limits: {cpus: '8', memory: 16G, gpus: 2, ephemeralStorage: 4096Mi}
                            reservations: {cpus: '.5', memory: 250M, ephemeralStorage: 256Mi}
                      side:
                        image: s
                        deploy:
                          resources:
                            limits: {cpus: '3', memory: 3G}
                    """, Map.of(), b -> b.resources(new ResourceRequest(new ResourceLimits("2", "4G", "1", ""),
                    new ResourceLimits("1", "2G", "0", ""))));

            Container app = container(compiled.system(), "app");
            assertThat(app.limits()).isEqualTo(new ResourceLimits("2", "4G", "1", "4096Mi"));
            assertThat(app.requests()).isEqualTo(new ResourceLimits("1", "2G", "0", "256Mi"));
            assertThat(container(compiled.system(), "side").limits()).isEqualTo(ResourceLimits.of("3", "3G"));
        }

        @Test
        void theRequestIsUsedAsGivenWhenTheSpecHasNoEphemeralStorage() {
            Container app = container(compile(TestSupport.MINIMAL, Map.of(),
                    b -> b.resources(ResourceRequest.of("4", "8G"))).system(), "app");

            assertThat(app.limits()).isEqualTo(ResourceLimits.of("4", "8G"));
            assertThat(app.requests()).isEqualTo(ResourceLimits.of("4", "8G"));
        }
    }

    @Nested
    class Probes {

        private TychoSystem withRegistryExt(String kube) {
            @SuppressWarnings("unchecked")
            Map<String, Object> ext = (Map<String, Object>) Yaml11.load(kube,
                    "registry ext");
            return compile(TestSupport.MINIMAL, Map.of(), b -> b.ext(ext)).system();
        }

        @Test
        void noneMeansNoProbe() {
            Container app = container(withRegistryExt("""
                    kube: {livenessProbe: none, readinessProbe: none}
                    """), "app");

            assertThat(app.livenessProbe()).isNull();
            assertThat(app.readinessProbe()).isNull();
        }

        @Test
        void commandProbeWithTimings() {
            Container app = container(withRegistryExt("""
                    kube:
                      livenessProbe: {cmd: [cat, /tmp/healthy, 1], delay: 10, period: '20', threshold: 3}
                    """), "app");

            assertThat(app.livenessProbe()).isEqualTo(Probe.exec(List.of("cat", "/tmp/healthy", "1"))
                    .withTimings(10, 20, 3));
            assertThat(app.readinessProbe()).isNull();
        }

        @Test
        void httpProbeWithDefaultPathAndPort() {
            Container app = container(withRegistryExt("""
                    kube:
                      readinessProbe: {httpGet: {}}
                    """), "app");

            assertThat(app.readinessProbe()).isEqualTo(Probe.httpGet("/", "80", Map.of()));
        }

        @Test
        void httpProbeWithPathPortAndHeadersInOrder() {
            Container app = container(withRegistryExt("""
                    kube:
                      readinessProbe:
                        httpGet:
                          path: /healthz
                          port: 8888
                          httpHeaders: {X-Z: last, X-A: 1}
                        period: 5
                    """), "app");

            Probe probe = app.readinessProbe();
            assertThat(probe.kind()).isEqualTo(Probe.Kind.HTTP_GET);
            assertThat(probe.path()).isEqualTo("/healthz");
            assertThat(probe.port()).isEqualTo("8888");
            assertThat(probe.httpHeaders()).containsExactly(entry("X-Z", "last"), entry("X-A", "1"));
            assertThat(probe.periodSeconds()).isEqualTo(5);
            assertThat(probe.initialDelaySeconds()).isNull();
        }

        @Test
        void tcpProbeWithANamedPort() {
            Container app = container(withRegistryExt("""
                    kube:
                      livenessProbe: {tcpSocket: {port: http}, threshold: 1}
                    """), "app");

            assertThat(app.livenessProbe()).isEqualTo(Probe.tcpSocket("http").withTimings(null, null, 1));
        }

        @Test
        void registryProbesReplaceTheMainServicesOwnExt() {
            @SuppressWarnings("unchecked")
            Map<String, Object> ext = (Map<String, Object>) Yaml11.load(
                    "kube: {readinessProbe: {tcpSocket: {port: 1}}}", "registry ext");
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        ext: {kube: {livenessProbe: {cmd: [own]}}}
                    """ + RESOURCES, Map.of(), b -> b.ext(ext)).system(), "app");

            assertThat(app.livenessProbe()).isNull();
            assertThat(app.readinessProbe()).isEqualTo(Probe.tcpSocket("1"));
        }

        @Test
        void withoutARegistryExtTheMainServiceKeepsItsOwnProbes() {
            Container app = container(system("""
                    services:
                      app:
                        image: a
                        ext: {kube: {livenessProbe: {cmd: [own]}, readinessProbe: none}}
                    """ + RESOURCES), "app");

            assertThat(app.livenessProbe()).isEqualTo(Probe.exec(List.of("own")));
            assertThat(app.readinessProbe()).isNull();
        }

        @Test
        void aSidecarsProbesComeFromItsOwnComposeExt() {
            TychoSystem system = system(TestSupport.MINIMAL + """
                      side:
                        image: s
                        ext:
                          kube:
                            livenessProbe: {cmd: [side-check], delay: 1}
                            readinessProbe: {httpGet: {path: /ready, port: 81}}
                    """);

            Container side = container(system, "side");
            assertThat(side.livenessProbe()).isEqualTo(Probe.exec(List.of("side-check")).withTimings(1, null, null));
            assertThat(side.readinessProbe()).isEqualTo(Probe.httpGet("/ready", "81", Map.of()));
            assertThat(container(system, "app").livenessProbe()).isNull();
        }

        @Test
        void probeValuesAreRenderedWithTheSettings() {
            @SuppressWarnings("unchecked")
            Map<String, Object> ext = (Map<String, Object>) Yaml11.load(
                    "kube: {livenessProbe: {httpGet: {path: '/{{ system_name }}/health', port: '{{ system_port }}'}}}",
                    "registry ext");
            Container app = container(compile("""
                    services:
                      app:
                        image: a
                        ports: [8888]
                    """ + RESOURCES, Map.of(), b -> b.ext(ext)).system(), "app");

            assertThat(app.livenessProbe()).isEqualTo(Probe.httpGet("/app/health", "8888", Map.of()));
        }

        private TychoSystem system(String yaml) {
            return ComposeSubsetTest.compile(yaml).system();
        }
    }

    @Nested
    class Volumes {

        private final Map<String, String> testPhase = Map.of("DEV_PHASE", "test");

        @Test
        void pvcVolumesWithAndWithoutSubpath() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        volumes: ["pvc://data/projects/x:/data", "pvc://scratch:/scratch"]
                    """ + RESOURCES, testPhase, b -> b).system();

            assertThat(container(system, "app").volumes())
                    .containsExactly("pvc://data/projects/x:/data", "pvc://scratch:/scratch");
            assertThat(system.volumes()).containsExactly(
                    new Volume("app", "data", "projects/x", "/data", true),
                    new Volume("app", "scratch", "", "/scratch", true));
        }

        @Test
        void theFirstMountOfAClaimDeclaresIt() {
            TychoSystem system = compile("""
                    services:
                      zeta:
                        image: z
                        volumes: ["pvc://shared:/z", "pvc://own:/own"]
                      app:
                        image: a
                        volumes: ["pvc://shared/a:/a", "pvc://shared/b:/b"]
                    """ + RESOURCES, testPhase, b -> b).system();

            assertThat(system.volumes()).containsExactly(
                    new Volume("app", "shared", "a", "/a", true),
                    new Volume("app", "shared", "b", "/b", false),
                    new Volume("zeta", "shared", "", "/z", false),
                    new Volume("zeta", "own", "", "/own", true));
        }

        @Test
        void defaultVolumesWithHomeDirectories() {
            TychoSystem system = compile(TestSupport.MINIMAL + "  side: {image: s}\n").system();

            for (String name : List.of("app", "side")) {
                assertThat(container(system, name).volumes()).as(name).containsExactly(
                        "pvc://stdnfs/shared:home/shared", "pvc://stdnfs/alice:home/alice");
            }
            assertThat(system.volumes()).containsExactly(
                    new Volume("app", "stdnfs", "shared", "home/shared", true),
                    new Volume("app", "stdnfs", "alice", "home/alice", false),
                    new Volume("side", "stdnfs", "shared", "home/shared", false),
                    new Volume("side", "stdnfs", "alice", "home/alice", false));
        }

        @Test
        void defaultVolumesFollowTheStorageSettings() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("STDNFS_PVC", "nfs-home", "PARENT_DIR", "/home",
                    "SUBPATH_DIR", "me", "SHARED_DIR", "common", "CREATE_HOME_DIRS", "TRUE"), b -> b).system();

            assertThat(container(system, "app").volumes())
                    .containsExactly("pvc://nfs-home/common:/home/common", "pvc://nfs-home/alice:/home/me");
        }

        @Test
        void withoutHomeDirectoriesTheWholeClaimIsMountedAtTheSharedDirectory() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("CREATE_HOME_DIRS", "false"), b -> b).system();

            assertThat(container(system, "app").volumes()).containsExactly("pvc://stdnfs:home/shared");
            assertThat(system.volumes()).containsExactly(new Volume("app", "stdnfs", "", "home/shared", true));
        }

        @Test
        void noDefaultVolumesInTheTestPhase() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        volumes: ["pvc://own:/own"]
                    """ + RESOURCES, testPhase, b -> b).system();

            assertThat(container(system, "app").volumes()).containsExactly("pvc://own:/own");
        }

        @Test
        void customDefaultVolumePatterns() {
            TychoSettings settings = TychoSettings.of(Map.of("STDNFS_PVC", "home-claim", "PARENT_DIR", "/mnt"))
                    .withDefaultVolumePatterns(List.of("pvc://stdnfs_pvc/username:parent_dir/subpath_dir/work",
                            "pvc://stdnfs_pvc/shared_dir/ro:/opt/shared_dir"));
            TychoSystem system = new SystemCompiler(settings, TestSupport.plainEngine())
                    .compile(TestSupport.request(TestSupport.spec(TestSupport.MINIMAL), "bob.smith").build()).system();

            assertThat(container(system, "app").volumes()).containsExactly(
                    "pvc://home-claim/bob.smith:/mnt/bob.smith/work", "pvc://home-claim/shared/ro:/opt/shared");
        }

        @Test
        void customPatternsFromTheSetting() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("CREATE_HOME_DIRS", "false",
                    TychoSettings.DEFAULT_VOLUMES, " pvc://stdnfs_pvc:/data , pvc://stdnfs_pvc/username:/u/subpath_dir "),
                    b -> b).system();

            assertThat(container(system, "app").volumes()).containsExactly("pvc://stdnfs:/data");
        }

        @Test
        void aPatternThatIsNeverMountedIsAnErrorNamingTheSettingAndTheRule() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TychoSettings.of(Map.of(
                    TychoSettings.DEFAULT_VOLUMES, "pvc://stdnfs_pvc/username:/u")))
                    .hasMessageContaining("setting TYCHO_APP_DEFAULT_VOLUMES: 'pvc://stdnfs_pvc/username:/u' is never"
                            + " mounted");
        }

        @Test
        void specVolumesComeBeforeDefaultVolumes() {
            TychoSystem system = compile("""
                    services:
                      app:
                        image: a
                        volumes: ["pvc://own:/own"]
                    """ + RESOURCES).system();

            assertThat(container(system, "app").volumes()).containsExactly("pvc://own:/own",
                    "pvc://stdnfs/shared:home/shared", "pvc://stdnfs/alice:home/alice");
        }
    }

    @Nested
    class SecurityContexts {

        @Test
        void registrySecurityContextWins() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("TYCHO_APP_RUN_AS_USER", "7",
                    "TYCHO_APP_RUN_AS_GROUP", "8", "TYCHO_APP_FS_GROUP", "9"), b -> b.securityContext(
                    Map.of("runAsUser", 1000, "runAsGroup", "100", "fsGroup", 0))).system();

            assertThat(system.securityContext()).isEqualTo(new SecurityContext("1000", "100", "0"));
        }

        @Test
        void settingsFillWhatTheRegistryLeavesOut() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("TYCHO_APP_RUN_AS_USER", "7",
                    "TYCHO_APP_RUN_AS_GROUP", "8", "TYCHO_APP_FS_GROUP", "9"),
                    b -> b.securityContext(Map.of("runAsGroup", 100))).system();

            assertThat(system.securityContext()).isEqualTo(new SecurityContext("7", "100", "9"));
        }

        @Test
        void defaultsAreRoot() {
            TychoSystem system = compile(TestSupport.MINIMAL).system();

            assertThat(system.securityContext()).isEqualTo(new SecurityContext("0", "0", "0"));
            assertThat(system.initSecurityContext()).isEqualTo(new SecurityContext("0", "0", null));
        }

        @Test
        void nfsrodsUidForcesOnlyTheUser() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of("NFSRODS_UID", "30000", "TYCHO_APP_RUN_AS_GROUP",
                    "8"), b -> b.securityContext(Map.of("runAsUser", 1000, "fsGroup", 5))).system();

            assertThat(system.securityContext()).isEqualTo(new SecurityContext("30000", null, null));
        }

        @Test
        void initSecurityContextFromRegistryThenSettings() {
            TychoSystem fromRegistry = compile(TestSupport.MINIMAL, Map.of("INIT_SC_RUN_AS_GROUP", "44"),
                    b -> b.securityContext(Map.of("initRunAsUser", 1001, "runAsUser", 1000))).system();
            TychoSystem fromSettings = compile(TestSupport.MINIMAL, Map.of("INIT_SC_RUN_AS_USER", "33",
                    "INIT_SC_RUN_AS_GROUP", "44", "NFSRODS_UID", "5"), b -> b).system();

            assertThat(fromRegistry.initSecurityContext()).isEqualTo(new SecurityContext("1001", "44", null));
            assertThat(fromSettings.initSecurityContext()).isEqualTo(new SecurityContext("33", "44", null));
        }
    }

    @Nested
    class SystemLevel {

        @Test
        void registryServicesBecomeSystemServicesAndOneNamingNoContainerIsAWarning() {
            Map<String, String> services = new LinkedHashMap<>();
            services.put("app", "8888");
            services.put("ghost", "9000");
            CompiledSystem compiled = compile(TestSupport.MINIMAL, Map.of(), b -> b.services(services));

            assertThat(compiled.system().services().keySet()).containsExactly("app", "ghost");
            assertThat(compiled.system().services().get("app").port()).isEqualTo("8888");
            assertThat(compiled.warnings()).extracting(SpecWarning::path).containsExactly("registry services.ghost");
            assertThat(compiled.warnings().get(0).message()).contains("names no service");
        }

        @Test
        void unknownComposeKeysAreWarningsNamingTheirPath() {
            CompiledSystem compiled = compile("""
                    version: "3"
                    networks: {default: {}}
                    services:
                      app:
                        image: a
                        user: root
                        restart: always
                        deploy:
                          replicas: 2
                          resources:
                            limits: {cpus: '1', memory: 1G, pids: 10, devices: [{capabilities: [gpu]}]}
                            reservations: {cpus: '0.5', memory: 512M}
                        ext: {kube: {startupProbe: x}, other: 1}
                    """);

            assertThat(compiled.warnings()).extracting(SpecWarning::path).containsExactlyInAnyOrder(
                    "networks", "services.app.user", "services.app.restart", "services.app.deploy.replicas",
                    "services.app.deploy.resources.limits.pids", "services.app.deploy.resources.limits.devices",
                    "services.app.ext.kube.startupProbe", "services.app.ext.other");
        }

        @Test
        void aSpecWithinTheSubsetHasNoWarnings() {
            assertThat(compile(TestSupport.MINIMAL).warnings()).isEmpty();
        }

        @Test
        void registryValuesReachTheSystem() {
            TychoSystem system = compile(TestSupport.MINIMAL, Map.of(), b -> b.host("apps.example.org")
                    .serviceAccount("runner").connString("lab").giteaIntegration(true)
                    .proxyRewrite(new org.helxplatform.tycho.model.ProxyRewrite(true, "/x"))).system();

            assertThat(system.name()).isEqualTo("app-" + ID);
            assertThat(system.host()).isEqualTo("apps.example.org");
            assertThat(system.serviceAccount()).isEqualTo("runner");
            assertThat(system.connString()).isEqualTo("lab");
            assertThat(system.giteaIntegration()).isTrue();
            assertThat(system.proxyRewrite().target()).isEqualTo("/x");
            assertThat(system.principal().accessToken()).isEqualTo("token-1");
            assertThat(system.options().storage().subpathDirFor("alice")).isEqualTo("alice");
        }

        @ParameterizedTest
        @CsvSource({"CREATE_HOME_DIRS,true", "CREATE_HOME_DIRS,false"})
        void theInitContainerReadsCreateHomeDirsWithItsOwnDefault(String name, String value) {
            TychoSystem set = compile(TestSupport.MINIMAL, Map.of(name, value), b -> b).system();
            TychoSystem unset = compile(TestSupport.MINIMAL).system();

            assertThat(set.options().initContainer().createHomeDirs()).isEqualTo(Boolean.parseBoolean(value));
            assertThat(unset.options().initContainer().createHomeDirs()).isFalse();
        }
    }
}
