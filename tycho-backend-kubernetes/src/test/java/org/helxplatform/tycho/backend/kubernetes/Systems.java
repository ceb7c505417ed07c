package org.helxplatform.tycho.backend.kubernetes;

import java.util.List;
import java.util.UUID;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;
import org.helxplatform.tycho.model.Volume;

/** Systems for the backend's tests. */
final class Systems {

    private Systems() {
    }

    static String newIdentifier() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Two containers, two services (one restricted to a CIDR, so a NetworkPolicy is required), two claims. */
    static TychoSystem webAndApi(String username) {
        Container web = Container.builder("web", "nginx:1.27")
                .env("MODE", "web")
                .limits(new ResourceLimits("1", "1G", "0", ""))
                .requests(new ResourceLimits("0.5", "512M", "0", ""))
                .port(8080)
                .volume("pvc://data/" + username + ":/data")
                .volume("pvc://stdnfs/shared:/shared")
                .build();
        Container api = Container.builder("api", "python:3.12")
                .command(List.of("python", "-m", "http.server", "9000"))
                .env("MODE", "api")
                .limits(ResourceLimits.of("0.5", "256M"))
                .port(9000)
                .build();
        return TychoSystem.builder("web", newIdentifier(), Principal.of(username, "token-" + username))
                .host("apps.example.org")
                .containers(List.of(api, web))
                .service(new SystemService("web", "8080", List.of("10.0.0.0/8")))
                .service(SystemService.of("api", "9000"))
                .volumes(List.of(new Volume("web", "data", username, "/data", true),
                        new Volume("web", "stdnfs", "shared", "/shared", true)))
                .systemPort("8080")
                .build();
    }

    /**
     * A notebook as Issue 11 measures it: one container with a port and a claim of its own, the shared claim, one
     * service restricted to a network (so a NetworkPolicy is made): 3 objects.
     */
    static TychoSystem notebook(String username) {
        Container notebook = Container.builder("notebook", "jupyter/datascience-notebook:2024-10-02")
                .limits(new ResourceLimits("1", "4G", "0", ""))
                .port(8888)
                .build();
        return TychoSystem.builder("notebook", newIdentifier(), Principal.of(username, "token-" + username))
                .host("apps.example.org")
                .containers(List.of(notebook))
                .service(new SystemService("notebook", "8888", List.of("10.0.0.0/8")))
                .volumes(List.of(new Volume("notebook", "home", username, "/home/" + username, true),
                        new Volume("notebook", "stdnfs", "shared", "/shared", true)))
                .systemPort("8888")
                .build();
    }
}
