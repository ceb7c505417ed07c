package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.junit.jupiter.api.Test;

/** Typed accessors and the raw view of a resolved app. */
class AppEntryTest {

    private static final String REGISTRY = """
            repositories: {main: {url: "https://host/specs"}}
            contexts:
              p:
                apps:
                  full:
                    name: Full
                    description: One line.
                    details: More lines.
                    docs: https://docs
                    services: {full: 8888, side: "9000"}
                    count: -1
                    securityContext: {runAsUser: 1000, fsGroup: 0}
                    serviceAccount: spark
                    ext: {kube: {livenessProbe: none}}
                    env: {TEXT: a, FLAG: True, NUMBER: 3, FLOAT: 1.5, NOTHING: , OCTAL: 0600}
                    conn_string: /lab
                    proxy-rewrite: {enabled: true, target: /}
                    proxy-rewrite-rule: true
                    gitea-integration: true
                    lock-resources: true
                    custom: {nested: [1, {deep: x}]}
                  bare: {}
            """;

    private static AppEntry app(String id) {
        return TestRegistries.of(REGISTRY).resolve("p").requireApp(id);
    }

    @Test
    void typedAccessorsReadTheEntry() {
        AppEntry full = app("full");
        assertThat(full.id()).isEqualTo("full");
        assertThat(full.name()).isEqualTo("Full");
        assertThat(full.description()).isEqualTo("One line.");
        assertThat(full.details()).isEqualTo("More lines.");
        assertThat(full.docs()).contains("https://docs");
        assertThat(full.spec()).isEqualTo(URI.create("https://host/specs/full/docker-compose.yaml"));
        assertThat(full.icon()).isEqualTo(URI.create("https://host/specs/full/icon.png"));
        assertThat(full.count()).isEqualTo(AppEntry.UNLIMITED);
        assertThat(full.services()).containsExactly(Map.entry("full", "8888"), Map.entry("side", "9000"));
        assertThat(full.securityContext()).containsExactly(Map.entry("runAsUser", 1000), Map.entry("fsGroup", 0));
        assertThat(full.serviceAccount()).contains("spark");
        assertThat(full.ext()).isEqualTo(Map.of("kube", Map.of("livenessProbe", "none")));
        assertThat(full.env()).containsExactly(Map.entry("TEXT", "a"), Map.entry("FLAG", "True"),
                Map.entry("NUMBER", "3"), Map.entry("FLOAT", "1.5"), Map.entry("NOTHING", "None"),
                Map.entry("OCTAL", "384"));
        assertThat(full.connString()).isEqualTo("/lab");
        assertThat(full.proxyRewrite()).containsExactly(Map.entry("enabled", true), Map.entry("target", "/"));
        assertThat(full.proxyRewriteRule()).isTrue();
        assertThat(full.giteaIntegration()).isTrue();
        assertThat(full.lockResources()).isTrue();
    }

    @Test
    void absentKeysReadAsDocumentedDefaults() {
        AppEntry bare = app("bare");
        assertThat(bare.name()).isEqualTo("bare");
        assertThat(bare.description()).isEmpty();
        assertThat(bare.details()).isEmpty();
        assertThat(bare.docs()).isEmpty();
        assertThat(bare.count()).isEqualTo(AppEntry.DEFAULT_COUNT);
        assertThat(bare.services()).isEmpty();
        assertThat(bare.securityContext()).isEmpty();
        assertThat(bare.serviceAccount()).isEmpty();
        assertThat(bare.ext()).isEmpty();
        assertThat(bare.env()).isEmpty();
        assertThat(bare.connString()).isEmpty();
        assertThat(bare.proxyRewrite()).containsExactly(entry("enabled", false), entry("target", null));
        assertThat(bare.proxyRewriteRule()).isFalse();
        assertThat(bare.giteaIntegration()).isFalse();
        assertThat(bare.lockResources()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void rawIsAnOrderedDeepUnmodifiableViewWithUnknownKeys() {
        Map<String, Object> raw = app("full").raw();
        assertThat(List.copyOf(raw.keySet())).startsWith("name", "description", "details", "docs", "services")
                .endsWith("custom", "spec", "icon");
        Map<String, Object> custom = (Map<String, Object>) raw.get("custom");
        List<Object> nested = (List<Object>) custom.get("nested");
        Map<String, Object> deep = (Map<String, Object>) nested.get(1);
        assertThat(deep).containsEntry("deep", "x");
        assertThatThrownBy(() -> raw.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> custom.clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> nested.add(2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> deep.put("deep", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> app("full").services().put("x", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRelativeSpecIsResolvedAgainstTheBaseUriWhileRawKeepsIt() {
        String registry = """
                repositories: {helx_apps: {url: app-specs}}
                contexts: {p: {apps: {x: {spec: "$helx_apps/x/docker-compose.yaml"}}}}
                """;
        AppEntry x = TestRegistries.of(registry, "", URI.create("https://host/raw/develop/")).resolve("p")
                .requireApp("x");
        assertThat(x.raw()).containsEntry("spec", "app-specs/x/docker-compose.yaml");
        assertThat(x.spec()).hasToString("https://host/raw/develop/app-specs/x/docker-compose.yaml");
        assertThat(x.icon()).hasToString("https://host/raw/develop/app-specs/x/icon.png");
    }

    @Test
    void aSpecThatIsNotAUriIsAnErrorNamingTheApp() {
        AppEntry x = TestRegistries.of("contexts: {p: {apps: {x: {spec: \"https://host/a b/c.yaml\"}}}}")
                .resolve("p").requireApp("x");
        assertThatThrownBy(x::spec)
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("app 'x': spec 'https://host/a b/c.yaml' is not a valid URI");
    }
}
