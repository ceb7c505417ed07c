package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.compose.SpecException;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ProxyRewrite;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code start} assembles (the app's spec, registry entry, settings and user), observed through
 * {@link TychoContext#compile(StartRequest)} with a fixed identifier, on the test registry ({@code fixtures/}) and on
 * a real HeLx registry of the conformance data.
 */
class StartAssemblyTest {

    private static final Principal ALICE = new Principal("alice", "alice-access", "alice-refresh");
    private static final ResourceRequest REQUEST = new ResourceRequest(new ResourceLimits("2", "4G", "1", ""),
            new ResourceLimits("1", "2G", "0", ""));

    private final TychoContext tycho = Fixtures.context().identifiers(Fixtures.fixedIdentifier()).build();

    @AfterEach
    void close() {
        tycho.close();
    }

    private TychoSystem compile(String appId) {
        return compile(appId, REQUEST);
    }

    private TychoSystem compile(String appId, ResourceRequest resources) {
        return tycho.compile(new StartRequest(ALICE, appId, resources, "helx.example.org", Map.of())).system();
    }

    private static List<String> env(Container container) {
        return container.env().stream().map(v -> v.name() + "=" + v.value()).toList();
    }

    @Test
    void theIdentifierSupplierNamesTheSystem() {
        TychoSystem system = compile("full");
        assertThat(system.identifier()).isEqualTo(Fixtures.IDENTIFIER);
        assertThat(system.name()).isEqualTo("full-" + Fixtures.IDENTIFIER);
        assertThat(system.appId()).isEqualTo("full");
    }

    @Test
    void theResourceRequestReplacesTheMainServiceResourcesButTheSpecEphemeralStorageIsKept() {
        TychoSystem system = compile("full");
        Container main = system.container("full");
        assertThat(main.limits()).isEqualTo(new ResourceLimits("2", "4G", "1", "2Gi"));
        assertThat(main.requests()).isEqualTo(new ResourceLimits("1", "2G", "0", "1Gi"));
        // other services keep their own resources
        Container helper = system.container("helper");
        assertThat(helper.limits()).isEqualTo(new ResourceLimits("0.5", "256M", null, null));
        assertThat(helper.requests()).isEqualTo(new ResourceLimits("0.25", "128M", null, null));
    }

    @Test
    void aSpecEphemeralStorageWinsOverTheRequestsAndARequestedOneIsKeptWhenTheSpecHasNone() {
        ResourceRequest withStorage = new ResourceRequest(new ResourceLimits("2", "4G", "0", "10Gi"),
                new ResourceLimits("1", "2G", "0", "5Gi"));
        Container full = compile("full", withStorage).container("full");
        assertThat(full.limits().ephemeralStorage()).isEqualTo("2Gi");
        assertThat(full.requests().ephemeralStorage()).isEqualTo("1Gi");
        Container plain = compile("plain", withStorage).container("plain");
        assertThat(plain.limits()).isEqualTo(new ResourceLimits("2", "4G", "0", "10Gi"));
        assertThat(plain.requests()).isEqualTo(new ResourceLimits("1", "2G", "0", "5Gi"));
    }

    @Test
    void registryExtProbesGoToTheMainServiceOnly() {
        TychoSystem system = compile("full");
        Container main = system.container("full");
        assertThat(main.livenessProbe()).isEqualTo(Probe.httpGet("/healthz", "8888", Map.of()).withTimings(5, 10, 3));
        // "{{ system_port }}" rendered with the main service's first container port
        assertThat(main.readinessProbe()).isEqualTo(Probe.tcpSocket("8888"));
        assertThat(system.systemPort()).isEqualTo("8888");
        Container helper = system.container("helper");
        assertThat(helper.livenessProbe()).isNull();
        assertThat(helper.readinessProbe()).isNull();
    }

    @Test
    void securityContextComesFromTheRegistryElseFromTheSettings() {
        TychoSystem full = compile("full");
        assertThat(full.securityContext()).isEqualTo(new SecurityContext("1000", "100", "200"));
        assertThat(full.initSecurityContext()).isEqualTo(new SecurityContext("7", "8", null));

        TychoSystem plain = compile("plain");
        assertThat(plain.securityContext()).isEqualTo(new SecurityContext("0", "0", "0"));
        assertThat(plain.initSecurityContext()).isEqualTo(new SecurityContext("0", "0", null));

        try (TychoContext configured = Fixtures.context().settings(Map.of("DEV_PHASE", "test",
                "TYCHO_APP_RUN_AS_USER", "1001", "TYCHO_APP_FS_GROUP", "2002")).build()) {
            TychoSystem system = configured.compile(new StartRequest(ALICE, "plain", REQUEST, "", Map.of())).system();
            assertThat(system.securityContext()).isEqualTo(new SecurityContext("1001", "0", "2002"));
            // the registry wins over the settings
            TychoSystem registry = configured.compile(new StartRequest(ALICE, "full", REQUEST, "", Map.of())).system();
            assertThat(registry.securityContext()).isEqualTo(new SecurityContext("1000", "100", "200"));
        }
    }

    @Test
    void connStringProxyRewriteGiteaAndServiceAccountComeFromTheRegistry() {
        TychoSystem full = compile("full");
        assertThat(full.connString()).isEqualTo("SASStudio");
        // proxy-rewrite-rule: true enables the rewrite; the target of proxy-rewrite is kept
        assertThat(full.proxyRewrite()).isEqualTo(new ProxyRewrite(true, "/rewritten"));
        assertThat(full.giteaIntegration()).isTrue();
        assertThat(full.serviceAccount()).isEqualTo("full-sa");

        assertThat(compile("rewrite").proxyRewrite()).isEqualTo(new ProxyRewrite(true, "/"));
    }

    @Test
    void withoutRegistryKeysTheDefaultsApply() {
        TychoSystem plain = compile("plain");
        assertThat(plain.connString()).isEmpty();
        assertThat(plain.proxyRewrite()).isEqualTo(new ProxyRewrite(false, null));
        assertThat(plain.giteaIntegration()).isFalse();
        assertThat(plain.serviceAccount()).isNull();
        assertThat(plain.services()).isEmpty();
        assertThat(plain.container("plain").livenessProbe()).isNull();
        assertThat(plain.container("plain").readinessProbe()).isNull();
    }

    @Test
    void registryServicesBecomeSystemServicesInRegistryOrder() {
        TychoSystem system = compile("full");
        assertThat(system.services()).containsExactly(
                Map.entry("full", new SystemService("full", "8888", List.of())),
                Map.entry("helper", new SystemService("helper", "9000", List.of())));
        assertThat(system.requiresNetworkPolicy()).isFalse();
    }

    @Test
    void thePrincipalHostAndExtraContainerEnvReachTheSystem() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("EXTRA_ONE", "1");
        extra.put("EXTRA_TWO", "two");
        TychoSystem system = tycho.compile(new StartRequest(ALICE, "full", REQUEST, "helx.example.org", extra))
                .system();
        assertThat(system.principal()).isEqualTo(ALICE);
        assertThat(system.principal().accessToken()).isEqualTo("alice-access");
        assertThat(system.principal().refreshToken()).isEqualTo("alice-refresh");
        assertThat(system.username()).isEqualTo("alice");
        assertThat(system.host()).isEqualTo("helx.example.org");
        assertThat(system.extraContainerEnv()).containsExactly(Map.entry("EXTRA_ONE", "1"),
                Map.entry("EXTRA_TWO", "two"));
        // a host of null is ""
        assertThat(tycho.compile(new StartRequest(ALICE, "plain", REQUEST, null, Map.of())).system().host())
                .isEmpty();
    }

    @Test
    void theSpecIsRenderedWithTheRegistrySettings() {
        TychoSystem system = compile("full");
        assertThat(system.containers()).extracting(Container::name).containsExactly("full", "helper");
        assertThat(system.container("full").image()).isEqualTo("images.example.org/full:1.0");
        assertThat(system.container("helper").image()).isEqualTo("images.example.org/helper:2.0");
        assertThat(system.container("full").command()).containsExactly("start.sh", "--port", "8888");
        assertThat(system.container("full").ports()).containsExactly(8888);
        assertThat(system.container("helper").expose()).containsExactly(9000);
        assertThat(tycho.definition("full").service("full")).containsEntry("image", "images.example.org/full:1.0");
    }

    @Test
    void dotEnvThenRegistryEnvInOverrideOrder() {
        // .env lines split at the first '=', lines without '=' ignored; registry env over them: a key already
        // present keeps its place and takes the registry value; values that are not strings read as Python's str()
        assertThat(tycho.appSettings("full")).containsExactly(
                Map.entry("DOTENV_ONLY", "from-dotenv"),
                Map.entry("SHARED", "registry-wins"),
                Map.entry("EQUALS", "a=b"),
                Map.entry("FROM_REGISTRY", "registry-value"),
                Map.entry("COUNT", "3"),
                Map.entry("FLAG", "True"),
                Map.entry("HOME_DIR", "/home/{{ username }}"));

        TychoSystem system = compile("full");
        List<String> settingsEnv = List.of("DOTENV_ONLY=from-dotenv", "SHARED=registry-wins", "EQUALS=a=b",
                "FROM_REGISTRY=registry-value", "COUNT=3", "FLAG=True", "HOME_DIR=/home/alice",
                "identifier=" + Fixtures.IDENTIFIER, "username=alice", "system_name=full", "system_port=8888");
        List<String> mainEnv = new ArrayList<>(List.of("MAIN_ENV=main"));
        mainEnv.addAll(settingsEnv);
        assertThat(env(system.container("full"))).containsExactlyElementsOf(mainEnv);
        assertThat(env(system.container("helper"))).containsExactlyElementsOf(settingsEnv);
        assertThat(system.container("full").env()).contains(new EnvVar("EQUALS", "a=b"));
    }

    @Test
    void aMissingDotEnvIsFine() {
        assertThat(tycho.appSettings("plain")).isEmpty();
        assertThat(env(compile("plain").container("plain"))).containsExactly(
                "identifier=" + Fixtures.IDENTIFIER, "username=alice", "system_name=plain", "system_port=8000");
    }

    @Test
    void aMissingSpecIsAClearErrorNamingTheAppAndUrl() {
        URI url = Fixtures.spec("missing");
        for (Runnable call : List.<Runnable>of(() -> compile("missing"), () -> tycho.definition("missing"),
                () -> tycho.start(new StartRequest(ALICE, "missing", REQUEST, "", Map.of())))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(SpecException.class)
                    .hasMessageContaining("app missing")
                    .hasMessageContaining(url.toString())
                    .hasMessageContaining("does not exist");
        }
        assertThat(tycho.status(org.helxplatform.tycho.model.StatusQuery.all())).isEmpty();
    }

    @Test
    void aSpecWithoutTheMainServiceIsAClearErrorNamingTheApp() {
        assertThatThrownBy(() -> compile("nomain"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app nomain")
                .hasMessageContaining("no service named 'nomain'")
                .hasMessageContaining("[web]");
    }

    @Test
    void aMainServiceWithoutResourcesIsAClearErrorNamingTheApp() {
        assertThatThrownBy(() -> compile("noresources"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app noresources")
                .hasMessageContaining("services.noresources.deploy.resources.limits")
                .hasMessageContaining("is missing");
    }

    @Test
    void aSpecThatIsNotYamlIsAClearErrorNamingTheUrl() {
        assertThatThrownBy(() -> compile("badyaml"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("app badyaml")
                .hasMessageContaining(Fixtures.spec("badyaml").toString());
    }

    @Test
    void aNullTopLevelRegistryKeyIsAbsent() {
        // D9: securityContext:, serviceAccount:, conn_string:, ext:, env: written without a value
        assertThat(tycho.app("nulls").raw()).doesNotContainKeys("securityContext", "serviceAccount", "conn_string",
                "ext", "env");
        TychoSystem system = compile("nulls");
        assertThat(system.securityContext()).isEqualTo(new SecurityContext("0", "0", "0"));
        assertThat(system.serviceAccount()).isNull();
        assertThat(system.connString()).isEmpty();
        assertThat(system.container("nulls").livenessProbe()).isNull();
        assertThat(tycho.appSettings("nulls")).isEmpty();
    }

    @Test
    void theCachedSpecIsNotChangedByAStart() {
        Map<String, Object> before = tycho.definition("full").tree();
        String beforeText = before.toString();
        compile("full");
        TychoSystem bobs = tycho.compile(new StartRequest(Principal.of("bob"), "full",
                ResourceRequest.of("3", "3G"), "", Map.of())).system();
        assertThat(tycho.definition("full").tree().toString()).isEqualTo(beforeText);
        assertThat(tycho.definition("full").service("full")).doesNotContainKey("ext");
        assertThat(bobs.username()).isEqualTo("bob");
        assertThat(bobs.container("full").limits().cpus()).isEqualTo("3");
        assertThat(env(bobs.container("full"))).contains("username=bob", "HOME_DIR=/home/bob")
                .doesNotContain("username=alice");
    }

    @Test
    void defaultVolumesAreAddedOutsideTheTestPhase() {
        try (TychoContext prod = Fixtures.context().settings(Map.of()).identifiers(Fixtures.fixedIdentifier())
                .build()) {
            TychoSystem system = prod.compile(new StartRequest(ALICE, "plain", REQUEST, "", Map.of())).system();
            assertThat(system.container("plain").volumes()).containsExactly(
                    "pvc://stdnfs/shared:home/shared", "pvc://stdnfs/alice:home/alice");
        }
    }

    @Test
    void aRealHelxAppIsAssembledFromItsRegistryAndSpec() {
        // braini: jupyter-ds has proxy-rewrite-rule, a mixin liveness probe, the defaults' readiness probe and a
        // .env; its image names the registry setting helx_registry
        URI base = URI.create("https://github.com/helxplatform/helx-apps/raw/braini/");
        Path conformance = SharedData.conformance();
        Map<String, Path> prefixes = new LinkedHashMap<>();
        prefixes.put(base.toString(), conformance.resolve("registries/braini"));
        prefixes.put(base + "app-specs/", conformance.resolve("specs/braini"));
        try (TychoContext helx = TychoContext.builder()
                .registry(RegistrySource.of(base, ResourceLoaders.mapping(prefixes)))
                .product("argus")
                .settings(Fixtures.TEST_PHASE)
                .backend("memory")
                .identifiers(Fixtures.fixedIdentifier())
                .build()) {
            TychoSystem system = helx.compile(new StartRequest(ALICE, "jupyter-ds", REQUEST, "helx.example.org",
                    Map.of())).system();
            Container main = system.container("jupyter-ds");
            assertThat(main.image()).isEqualTo("containers.renci.org/helxplatform/jupyter/datascience-notebook:v0.0.5");
            assertThat(system.proxyRewrite()).isEqualTo(new ProxyRewrite(true, null));
            assertThat(system.services()).containsOnlyKeys("jupyter-ds");
            assertThat(system.services().get("jupyter-ds").port()).isEqualTo("8888");
            assertThat(main.livenessProbe()).isEqualTo(Probe.exec(List.of("pgrep", "jupyter")).withTimings(5, 5, null));
            assertThat(main.readinessProbe()).isEqualTo(Probe.httpGet(
                    "/private/jupyter-ds/alice/" + Fixtures.IDENTIFIER, "8888", Map.of()));
            assertThat(helx.appSettings("jupyter-ds")).containsExactly(Map.entry("HOST_PORT", "8888"));
            assertThat(env(main)).startsWith("HOST_PORT=8888");
            assertThat(main.limits()).isEqualTo(REQUEST.limits());
        }
    }

    @org.junit.jupiter.api.Test
    void dotEnvCommentLinesAreSkippedAndValuesSplitAtTheFirstEquals() {
        try (TychoContext tycho = Fixtures.context(location -> location.equals(Fixtures.env("plain"))
                ? Optional.of("# A commented=line\n  # SPACED=comment\nURL=https://x.org/?a=b\n\nNO_EQUALS\n")
                : Fixtures.loader().load(location)).build()) {
            org.assertj.core.api.Assertions.assertThat(tycho.appSettings("plain"))
                    .containsExactly(Map.entry("URL", "https://x.org/?a=b"));
        }
    }
}
