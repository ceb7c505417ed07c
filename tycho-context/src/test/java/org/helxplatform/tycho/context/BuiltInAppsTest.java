package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.Probe;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A context built with nothing but a backend offers the built-in registry's apps, and each of them starts. */
class BuiltInAppsTest {

    @ParameterizedTest
    @CsvSource({
        "jupyter-notebook, docker.io/jupyter/minimal-notebook:latest, 8888",
        "filebrowser,      docker.io/hurlenko/filebrowser,            8080",
        "nginx,            docker.io/library/nginx:stable,            80"})
    void everyBuiltInAppCompilesWithItsImagePortAndProbe(String app, String image, String port) {
        try (TychoContext tycho = TychoContext.builder().backend("memory").build()) {
            TychoSystem system = tycho.compile(new StartRequest(Principal.of("alice"), app,
                    ResourceRequest.of("1", "1G"), "", Map.of())).system();
            Container main = system.container(app);
            assertThat(main.image()).isEqualTo(image);
            assertThat(system.systemPort()).isEqualTo(port);
            assertThat(main.readinessProbe()).isEqualTo(Probe.tcpSocket(port));
            assertThat(system.services()).containsOnlyKeys(app);
            assertThat(system.services().get(app).port()).isEqualTo(port);
            assertThat(tycho.appSettings(app)).isEmpty();
        }
    }

    @Test
    void theDefaultContextStartsEveryBuiltInApp() {
        try (TychoContext tycho = TychoContext.builder().backend("memory").build()) {
            assertThat(tycho.product()).isEqualTo("common");
            for (String app : tycho.apps().keySet()) {
                tycho.start(Principal.of("alice"), app, ResourceRequest.of("1", "1G"), "", Map.of());
            }
            assertThat(tycho.status(StatusQuery.user("alice"))).extracting(s -> s.appId())
                    .containsExactlyInAnyOrder("jupyter-notebook", "filebrowser", "nginx");
        }
    }
}
