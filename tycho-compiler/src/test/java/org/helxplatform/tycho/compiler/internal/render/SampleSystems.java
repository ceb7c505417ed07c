package org.helxplatform.tycho.compiler.internal.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.SystemCompiler;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.DeploymentOptions;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ProxyRewrite;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SecurityContext;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/** Systems that exercise every part of the pod, service, network policy and patch templates. */
final class SampleSystems {

    /** A main service with GPUs, an entrypoint, env, ports, a claim; a sidecar with its own HTTP probe. */
    static final String RICH_SPEC = """
            version: "3"
            services:
              app:
                image: repo/app:1.0
                entrypoint: [/bin/sh, -c, "start.sh --port 8888"]
                ports: ["8080:8888"]
                expose: [8888]
                env: [MODE=lab, "URL=http://x/?a=b"]
                volumes: ["pvc://data/projects:/data"]
                deploy:
                  resources:
                    limits: {cpus: '2', memory: 4G, gpus: 1, ephemeralStorage: 1Gi}
                    reservations: {cpus: '1', memory: 2G}
              side:
                image: repo/side:2
                entrypoint: run --fast
                ports: [9000, "9001:9002"]
                expose: [9000]
                environment: {SIDE: "yes"}
                volumes: ["pvc://data:/side-data"]
                deploy:
                  resources:
                    limits: {cpus: 0.5, memory: 512M}
                ext:
                  kube:
                    readinessProbe:
                      httpGet: {path: /ready, port: 9000, httpHeaders: {X-Probe: check, X-Other: "2"}}
                      delay: 2
                      period: 3
                      threshold: 4
            """;

    static final Map<String, String> RICH_SETTINGS = Map.ofEntries(
            Map.entry("AMBASSADOR_ID", "amb-1"), Map.entry("IROD_HOST", "irods"),
            Map.entry("NFSRODS_HOST", "nfs.example.org"), Map.entry("GITEA_HOST", "gitea.example.org"),
            Map.entry("GITEA_USER", "git"), Map.entry("GITEA_SERVICE_NAME", "gitea-svc"),
            Map.entry("CREATE_HOME_DIRS", "true"), Map.entry("PARENT_DIR", "/home"),
            Map.entry("TYCHO_APP_RUN_AS_USER", "1000"), Map.entry("TYCHO_APP_RUN_AS_GROUP", "100"),
            Map.entry("TYCHO_APP_FS_GROUP", "100"), Map.entry("INIT_SC_RUN_AS_USER", "0"));

    private SampleSystems() {
    }

    /** @return the rich system: every optional part of the pod template is on */
    static TychoSystem rich() {
        return rich(RICH_SETTINGS, List.of("10.0.0.0/8", "192.168.1.7"));
    }

    static TychoSystem rich(Map<String, String> settings, List<String> sideClients) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) Yaml11.load("""
                kube:
                  livenessProbe: {cmd: [cat, /tmp/healthy], delay: 10, period: 20, threshold: 3}
                  readinessProbe: none
                """, "registry ext");
        Map<String, String> services = new LinkedHashMap<>();
        services.put("app", "8888");
        services.put("side", "9000");
        Map<String, String> appSettings = new LinkedHashMap<>();
        appSettings.put("NB_UMASK", "002");
        appSettings.put("HOME_URL", "/private/{{ system_name }}/{{ username }}");
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("EXTRA_ONE", "1");
        extra.put("EXTRA_TWO", "two words");
        CompileRequest request = CompileRequest.builder("app", TestSupport.ID, TestSupport.spec(RICH_SPEC),
                        new Principal("bob.smith", "access-123", "refresh-456"))
                .host("apps.example.org").extraContainerEnv(extra).ext(ext).serviceAccount("runner")
                .connString("lab").proxyRewrite(new ProxyRewrite(true, null)).giteaIntegration(true)
                .services(services).appSettings(appSettings).build();
        TychoSystem system = new SystemCompiler(TychoSettings.of(settings), TestSupport.plainEngine())
                .compile(request).system();
        SystemService side = system.services().get("side");
        return system.toBuilder().services(List.of(system.services().get("app"),
                new SystemService(side.name(), side.port(), sideClients))).build();
    }

    /** @return the minimal spec with default settings and one registry service */
    static TychoSystem minimal(Map<String, String> settings, ProxyRewrite rewrite) {
        return new SystemCompiler(TychoSettings.of(settings), TestSupport.plainEngine())
                .compile(TestSupport.request(TestSupport.spec(TestSupport.MINIMAL), "alice")
                        .services(Map.of("app", "8000")).proxyRewrite(rewrite).build()).system();
    }

    /** @return a system built by hand: a container without any environment, no security context, no volumes */
    static TychoSystem bare() {
        return TychoSystem.builder("bare", TestSupport.ID, Principal.of("carol"))
                .container(Container.builder("bare", "busybox").port(80).expose(80).build())
                .container(Container.builder("second", "busybox").env("ONLY", "x").volume("pvc://scratch:/scratch")
                        .limits(new ResourceLimits(null, null, "2", null)).build())
                .volumes(List.of(new Volume("second", "scratch", "", "/scratch", true)))
                .service(SystemService.of("bare", "80"))
                .securityContext(SecurityContext.NONE)
                .options(DeploymentOptions.DEFAULTS)
                .build();
    }
}
