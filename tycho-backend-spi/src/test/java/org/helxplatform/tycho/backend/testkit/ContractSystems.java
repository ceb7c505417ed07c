package org.helxplatform.tycho.backend.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;

/** Sample systems for backend tests: small, valid, and independent of any registry or template. */
public final class ContractSystems {

    private ContractSystems() {
    }

    /** @return a new random identifier: 32 lower-case hex digits */
    public static String newIdentifier() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A notebook-like system: a main container with a port, environment, resources and a readiness probe, a
     * sidecar, and one service.
     *
     * @param appId    the app id
     * @param username the user
     * @return the system, with a new identifier
     */
    public static TychoSystem system(String appId, String username) {
        return system(appId, username, newIdentifier());
    }

    /**
     * The sample system with a given identifier.
     *
     * @param appId      the app id
     * @param username   the user
     * @param identifier the identifier
     * @return the system
     */
    public static TychoSystem system(String appId, String username, String identifier) {
        Map<String, String> extraEnv = new LinkedHashMap<>();
        extraEnv.put("GREETING", "hello");
        Container main = Container.builder(appId, "jupyter/minimal-notebook:latest")
                .command(java.util.List.of("start-notebook.sh", "--NotebookApp.base_url=/"))
                .env("JUPYTER_ENABLE_LAB", "yes")
                .limits(new ResourceLimits("1", "1G", "0", ""))
                .requests(new ResourceLimits("0.5", "512M", "0", ""))
                .port(8888)
                .readinessProbe(Probe.tcpSocket("8888").withTimings(5, 10, 3))
                .build();
        Container sidecar = Container.builder("sidecar", "busybox:1.36")
                .command(java.util.List.of("sh", "-c", "sleep infinity"))
                .limits(ResourceLimits.of("0.1", "64M"))
                .build();
        return TychoSystem.builder(appId, identifier, Principal.of(username, "token-" + username))
                .host("apps.example.org")
                .extraContainerEnv(extraEnv)
                .containers(java.util.List.of(main, sidecar))
                .service(SystemService.of(appId, "8888"))
                .systemPort("8888")
                .build();
    }
}
