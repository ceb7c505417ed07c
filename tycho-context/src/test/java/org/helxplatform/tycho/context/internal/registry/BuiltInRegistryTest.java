package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.junit.jupiter.api.Test;

/** The registry shipped with the library loads, validates and resolves. */
class BuiltInRegistryTest {

    @Test
    void resolvesTheCommonProduct() {
        ResolvedProduct common = AppRegistry.load(RegistrySource.builtIn()).resolve("common");
        assertThat(common.apps()).containsOnlyKeys("jupyter-notebook", "filebrowser", "nginx");
        AppEntry nginx = common.requireApp("nginx");
        assertThat(nginx.spec()).hasToString(
                "classpath:/org/helxplatform/tycho/context/registry/app-specs/nginx/docker-compose.yaml");
        assertThat(nginx.icon())
                .hasToString("classpath:/org/helxplatform/tycho/context/registry/app-specs/nginx/icon.png");
        assertThat(nginx.services()).containsExactly(Map.entry("nginx", "80"));
        assertThat(nginx.count()).isEqualTo(AppEntry.UNLIMITED);
        assertThat(nginx.ext()).isEqualTo(
                Map.of("kube", Map.of("readinessProbe", Map.of("tcpSocket", Map.of("port", "{{ system_port }}")))));
        assertThat(common.registry().settings()).containsEntry("third_party_registry", "docker.io");
        common.apps().values().forEach(app -> {
            assertThat(app.name()).isNotEqualTo(app.id());
            assertThat(app.docs()).isPresent();
            assertThat(app.services()).containsKey(app.id());
        });
    }
}
