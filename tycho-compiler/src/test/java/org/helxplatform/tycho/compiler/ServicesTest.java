package org.helxplatform.tycho.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;

/**
 * Which services of a system get a Kubernetes Service: the registry's {@code services}, or, when a spec is compiled
 * without a registry, every service that declares a port, on its first port.
 */
class ServicesTest {

    private static final String TWO_SERVICES = """
            services:
              app:
                image: repo/app:1.0
                ports: ["8080:80", "9090"]
                deploy:
                  resources:
                    limits: {cpus: '1', memory: 1G}
                    reservations: {cpus: '0.5', memory: 512M}
              cache:
                image: repo/cache:1.0
                expose: ["6379"]
              sidecar:
                image: repo/sidecar:1.0
                ports: ["127.0.0.1:7000:7001"]
            """;

    @Test
    void withoutARegistryEveryServiceWithAPortGetsAServiceOnItsFirstPort() {
        TychoSystem system = compile(TestSupport.request(TestSupport.spec(TWO_SERVICES), "alice"));

        Map<String, String> ports = new LinkedHashMap<>();
        system.services().forEach((name, service) -> ports.put(name, service.port()));
        // the container side of each first port; a service that only exposes a port gets none
        assertThat(ports).containsExactly(Map.entry("app", "80"), Map.entry("sidecar", "7001"));
        assertThat(system.services().values()).extracting(SystemService::clients).allMatch(java.util.List::isEmpty);
    }

    @Test
    void theRegistrysServicesReplaceTheRule() {
        TychoSystem system = compile(TestSupport.request(TestSupport.spec(TWO_SERVICES), "alice")
                .services(Map.of("app", "8080")));

        assertThat(system.services()).containsOnlyKeys("app");
        assertThat(system.services().get("app").port()).isEqualTo("8080");
    }

    @Test
    void aRegistryWithoutServicesGivesNone() {
        TychoSystem system = compile(TestSupport.request(TestSupport.spec(TWO_SERVICES), "alice")
                .services(Map.of()));

        assertThat(system.services()).isEmpty();
    }

    private static TychoSystem compile(CompileRequest.Builder request) {
        return TestSupport.compiler(Map.of("DEV_PHASE", "test")).compile(request.build()).system();
    }
}
