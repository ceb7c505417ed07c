package org.helxplatform.tycho.context.internal.registry;

import java.net.URI;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;

/** Registries written inline in tests. */
final class TestRegistries {

    private TestRegistries() {
    }

    static AppRegistry of(String registryYaml, String defaultsYaml, URI baseUri) {
        return AppRegistry.of(Yaml11.load(registryYaml, "test registry"), Yaml11.load(defaultsYaml, "test defaults"),
                baseUri);
    }

    static AppRegistry of(String registryYaml) {
        return of(registryYaml, "", null);
    }
}
