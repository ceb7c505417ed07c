package org.helxplatform.tycho.backend.docker;

import java.util.List;
import java.util.UUID;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.SystemService;
import org.helxplatform.tycho.model.TychoSystem;

/** Systems for the Docker tests: busybox web servers, small and quick to start. */
final class TestSystems {

    /** The port the web servers listen on. */
    static final int PORT = 8080;

    private TestSystems() {
    }

    /** @return a new identifier */
    static String newIdentifier() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * A container serving the test page on a port, ready when it answers HTTP (probed every second).
     *
     * @param name the container name
     * @param port the port
     * @return a builder for more
     */
    static Container.Builder web(String name, int port) {
        return Container.builder(name, BusyboxImage.IMAGE)
                .command(List.of("httpd", "-f", "-p", String.valueOf(port), "-h", "/www"))
                .limits(ResourceLimits.of("0.5", "64M"))
                .requests(ResourceLimits.of("0.1", "32M"))
                .port(port)
                .readinessProbe(Probe.httpGet("/", String.valueOf(port), null).withTimings(0, 1, 30));
    }

    /**
     * A system of containers whose first container is the app and publishes its service.
     *
     * @param appId      the app id
     * @param user       the user
     * @param containers the containers; the first is the app's and serves on {@link #PORT}
     * @return a builder for more
     */
    static TychoSystem.Builder system(String appId, String user, Container... containers) {
        return TychoSystem.builder(appId, newIdentifier(), Principal.of(user, "token-of-" + user))
                .containers(List.of(containers))
                .service(SystemService.of(containers[0].name(), String.valueOf(PORT)))
                .systemPort(String.valueOf(PORT));
    }

    /**
     * A one-container web app.
     *
     * @param appId the app id, also its container's name
     * @param user  the user
     * @return the system
     */
    static TychoSystem webApp(String appId, String user) {
        return system(appId, user, web(appId, PORT).build()).build();
    }
}
