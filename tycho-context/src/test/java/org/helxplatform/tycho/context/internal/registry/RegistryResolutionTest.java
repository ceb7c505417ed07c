package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.context.registry.RegistryException;
import org.helxplatform.tycho.context.registry.RegistrySchemaException;
import org.junit.jupiter.api.Test;

/** Registry resolution (contexts, inheritance, mixins, defaults), step by step. */
class RegistryResolutionTest {

    private static final String REGISTRY = """
            repositories:
              main: {url: "https://example.org/apps/raw/master/app-specs"}
              other: {url: "https://other.org/specs"}
            settings: {helx_registry: containers.example.org}
            contexts:
              common:
                apps:
                  a: {name: A, docs: "https://a.docs", services: {a: 8080}, count: 1,
                      ext: {kube: {x: 1, list: [1, 2]}}, securityContext: {runAsUser: 1, fsGroup: 5}}
                  b: {name: B, services: {b: "9000"}, count: -1}
              extra:
                extends: [common]
                apps:
                  b: {name: B2, services: {b2: 1}}
                  c: {name: C, spec: "$other/c/compose.yaml", docs: "${main}/c/README.md"}
              sys:
                apps:
                  a: {ext: {kube: {livenessProbe: {cmd: [pgrep, a]}, list: [3]}}}
                  c: {docs: "https://c.docs/from-mixin"}
                  unused: {ext: {kube: {}}}
              product:
                name: The product
                extends: [extra]
                mixin: [sys]
                a: {securityContext: {fsGroup: 0}}
            """;

    private static ResolvedProduct resolve(String registry, String product) {
        return TestRegistries.of(registry).resolve(product);
    }

    private static Map<String, String> settings(String... namesAndValues) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            settings.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void inheritanceAddsBasesFirstAndReplacesRedefinedAppsWhole() {
        ResolvedProduct product = resolve(REGISTRY, "product");
        assertThat(product.apps()).containsOnlyKeys("a", "b", "c");
        assertThat(List.copyOf(product.apps().keySet())).containsExactly("a", "b", "c");
        AppEntry b = product.requireApp("b");
        assertThat(b.name()).isEqualTo("B2");
        assertThat(b.services()).containsExactly(Map.entry("b2", "1"));
        assertThat(b.raw()).doesNotContainKey("count");
    }

    @Test
    void aBaseReachedTwiceIsAppliedTwiceAsInPython() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts:
                  common: {apps: {a: {name: common}}}
                  left: {extends: [common], apps: {a: {name: left}}}
                  right: {extends: [common]}
                  both: {extends: [left, right]}
                """;
        assertThat(resolve(registry, "both").requireApp("a").name()).isEqualTo("common");
    }

    @Test
    void defaultsWinAndMergeMapsKeyByKey() {
        String defaults = """
                count: 7
                ext: {kube: {readinessProbe: {tcpSocket: {port: 80}}, list: [9]}}
                """;
        AppEntry a = TestRegistries.of(REGISTRY, defaults, null).resolve("common").requireApp("a");
        assertThat(a.count()).isEqualTo(7);
        assertThat(a.ext()).isEqualTo(Map.of("kube",
                Map.of("x", 1, "list", List.of(9), "readinessProbe", Map.of("tcpSocket", Map.of("port", 80)))));
        assertThat(a.name()).isEqualTo("A");
    }

    @Test
    void mixinsWinAndMergeMapsKeyByKey() {
        AppEntry a = resolve(REGISTRY, "product").requireApp("a");
        assertThat(a.ext()).isEqualTo(Map.of("kube",
                Map.of("x", 1, "list", List.of(3), "livenessProbe", Map.of("cmd", List.of("pgrep", "a")))));
        assertThat(a.services()).containsExactly(Map.entry("a", "8080"));
    }

    @Test
    void aMixinIsADeepMergeThatKeepsTheAppsDocsUnlessItSetsItsOwn() {
        ResolvedProduct product = resolve(REGISTRY, "product");
        assertThat(product.requireApp("a").docs()).as("mixin definition without docs").contains("https://a.docs");
        assertThat(product.requireApp("c").docs()).contains("https://c.docs/from-mixin");
        assertThat(resolve(REGISTRY, "common").requireApp("a").docs()).as("no mixin").contains("https://a.docs");
    }

    @Test
    void appsWithoutSpecGetOneUnderTheFirstRepositoryAndEveryAppAnIcon() {
        AppEntry b = resolve(REGISTRY, "product").requireApp("b");
        assertThat(b.raw().get("spec"))
                .isEqualTo("https://example.org/apps/raw/master/app-specs/b/docker-compose.yaml");
        assertThat(b.spec()).hasToString("https://example.org/apps/raw/master/app-specs/b/docker-compose.yaml");
        assertThat(b.icon()).hasToString("https://example.org/apps/raw/master/app-specs/b/icon.png");
    }

    @Test
    void repositoryVariablesAreSubstitutedInSpecIconAndDocs() {
        String registry = """
                repositories:
                  main: {url: "https://example.org/specs"}
                  other: {url: "https://other.org/specs"}
                contexts:
                  p:
                    apps:
                      c: {spec: "$other/c/compose.yaml", docs: "${main}/c/README.md"}
                      d: {spec: "$nope/d.yaml", docs: "$$5 and ${nope}"}
                """;
        ResolvedProduct product = resolve(registry, "p");
        assertThat(product.requireApp("c").raw()).containsEntry("spec", "https://other.org/specs/c/compose.yaml")
                .containsEntry("icon", "https://other.org/specs/c/icon.png")
                .containsEntry("docs", "https://example.org/specs/c/README.md");
        assertThat(product.requireApp("d").raw()).containsEntry("spec", "$nope/d.yaml")
                .containsEntry("icon", "$nope/icon.png")
                .containsEntry("docs", "$5 and ${nope}");
    }

    @Test
    void dockstoreAppsBranchReplacesMasterWhenTheExternalRegistryIsDisabled() {
        AppRegistry registry = TestRegistries.of(REGISTRY);
        String rewritten = "https://example.org/apps/raw/develop/app-specs/b/docker-compose.yaml";
        String original = "https://example.org/apps/raw/master/app-specs/b/docker-compose.yaml";
        assertThat(registry.resolve("product", settings("EXTERNAL_TYCHO_APP_REGISTRY_ENABLED", "false",
                "DOCKSTORE_APPS_BRANCH", "develop")).requireApp("b").raw()).containsEntry("spec", rewritten);
        assertThat(registry.resolve("product", settings("DOCKSTORE_APPS_BRANCH", "develop"))
                .requireApp("b").raw()).containsEntry("spec", original);
        assertThat(registry.resolve("product", settings("EXTERNAL_TYCHO_APP_REGISTRY_ENABLED", "true",
                "DOCKSTORE_APPS_BRANCH", "develop")).requireApp("b").raw()).containsEntry("spec", original);
        assertThat(registry.resolve("product", settings("EXTERNAL_TYCHO_APP_REGISTRY_ENABLED", "false",
                "DOCKSTORE_APPS_BRANCH", "")).requireApp("b").raw()).containsEntry("spec", original);
        assertThat(registry.resolve("product", settings("EXTERNAL_TYCHO_APP_REGISTRY_ENABLED", "false",
                "DOCKSTORE_APPS_BRANCH", "develop")).requireApp("c").raw())
                .as("an explicit spec is not rewritten")
                .containsEntry("spec", "https://other.org/specs/c/compose.yaml");
    }

    @Test
    void aRelativeRepositoryUrlResolvesAgainstTheBaseUrl() {
        String registry = """
                repositories: {helx_apps: {url: app-specs}}
                contexts: {p: {apps: {x: {name: X}}}}
                """;
        AppEntry x = TestRegistries.of(registry, "", URI.create("https://host/raw/develop/")).resolve("p")
                .requireApp("x");
        assertThat(x.raw()).containsEntry("spec", "https://host/raw/develop/app-specs/x/docker-compose.yaml")
                .containsEntry("icon", "https://host/raw/develop/app-specs/x/icon.png");
    }

    @Test
    void aRelativeRepositoryUrlWithoutBaseUrlIsAnError() {
        String registry = """
                repositories: {helx_apps: {url: app-specs}}
                contexts: {p: {apps: {x: {name: X}}}}
                """;
        assertThatThrownBy(() -> resolve(registry, "p"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("repository 'helx_apps' of app registry has the relative URL 'app-specs' (needed for the"
                        + " spec of app 'x'), but the registry has no base URL to resolve it against; load it through"
                        + " a RegistrySource or give the repository an absolute URL");
    }

    @Test
    void anAppWithoutSpecNeedsARepository() {
        String registry = """
                contexts: {p: {apps: {with: {spec: "https://host/with.yaml"}, without: {name: W}}}}
                """;
        assertThatThrownBy(() -> resolve(registry, "p"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("app 'without' of product 'p' has no spec, and app registry defines no repositories to"
                        + " derive one from; give the app a spec: URL or add a repositories: entry");
        assertThat(resolve("contexts: {p: {apps: {with: {spec: \"https://host/x/with.yaml\"}}}}", "p")
                .requireApp("with").icon()).hasToString("https://host/x/icon.png");
    }

    @Test
    void productOverridesReplaceTopLevelKeysOfTheApp() {
        AppEntry a = resolve(REGISTRY, "product").requireApp("a");
        assertThat(a.securityContext()).containsExactly(Map.entry("fsGroup", 0));
        assertThat(resolve(REGISTRY, "common").requireApp("a").securityContext())
                .as("only the product's own overrides apply").containsEntry("runAsUser", 1);
    }

    @Test
    void productOverridesApplyRecursivelyAsPythonsAddConfImpl() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts:
                  p:
                    apps: {a: {name: A}, b: {name: B, count: 1}}
                    a: {b: {name: "B via a"}, count: 3}
                """;
        ResolvedProduct product = resolve(registry, "p");
        assertThat(product.requireApp("a").count()).isEqualTo(3);
        assertThat(product.requireApp("a").raw()).containsEntry("b", Map.of("name", "B via a"));
        assertThat(product.requireApp("b").name()).isEqualTo("B via a");
        assertThat(product.requireApp("b").count()).isEqualTo(1);
    }

    @Test
    void anOverrideThatIsNotAMapIsAnError() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts: {p: {apps: {a: {name: A}}, a: oops}}
                """;
        assertThatThrownBy(() -> resolve(registry, "p"))
                .isInstanceOf(RegistryException.class)
                .hasMessageStartingWith("product 'p' of app registry overrides app 'a' with 'oops'; an override must"
                        + " be a map of app keys");
    }

    @Test
    void anOverrideOfTheWrongTypeIsReportedByPath() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts: {p: {apps: {a: {name: A}}, a: {count: many, services: [a]}}}
                """;
        assertThatThrownBy(() -> resolve(registry, "p"))
                .isInstanceOfSatisfying(RegistrySchemaException.class, e -> assertThat(e.violations())
                        .containsExactlyInAnyOrder("count: must be an integer (got string)", "services: must be a mapping (got list)"))
                .hasMessageStartingWith("app 'a' of product 'p' of app registry as resolved");
    }

    @Test
    void nullTopLevelAppKeysCountAsAbsent() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts:
                  base:
                    apps:
                      a:
                        name: A
                        securityContext: {fsGroup: 1}
                      b:
                        name: B
                        securityContext:
                          # runAsUser: 1000
                        spec:
                        docs:
                  sys: {apps: {a: {serviceAccount: }}}
                  p:
                    extends: [base]
                    mixin: [sys]
                    a:
                      securityContext:
                        # fsGroup: 0
                """;
        ResolvedProduct product = resolve(registry, "p");
        AppEntry a = product.requireApp("a");
        AppEntry b = product.requireApp("b");
        assertThat(b.raw()).doesNotContainKeys("securityContext", "docs").containsValue("B");
        assertThat(b.securityContext()).isEmpty();
        assertThat(b.docs()).isEmpty();
        assertThat(b.spec()).hasToString("https://host/specs/b/docker-compose.yaml");
        assertThat(a.securityContext()).as("a null override leaves the app as it was")
                .containsExactly(Map.entry("fsGroup", 1));
        assertThat(a.raw()).doesNotContainKey("serviceAccount");
        assertThat(a.serviceAccount()).isEmpty();
    }

    @Test
    void anUndefinedProductIsAnErrorListingTheContexts() {
        assertThatThrownBy(() -> resolve(REGISTRY, "nope"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("undefined product 'nope'; app registry defines: common, extra, sys, product");
    }

    @Test
    void anUnknownBaseIsAnErrorNamingItAndTheExtendingContext() {
        String registry = """
                contexts:
                  ok: {}
                  broken: {extends: [ok, missing]}
                """;
        assertThatThrownBy(() -> resolve(registry, "broken"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("context 'broken' extends 'missing', which app registry does not define; defined"
                        + " contexts: ok, broken");
    }

    @Test
    void aCycleOfExtendsIsAnError() {
        String registry = """
                contexts:
                  p: {extends: [a]}
                  a: {extends: [b]}
                  b: {extends: [a]}
                """;
        assertThatThrownBy(() -> resolve(registry, "p"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("contexts of app registry extend each other in a cycle: a -> b -> a; remove one of these"
                        + " extends entries");
        assertThatThrownBy(() -> resolve("contexts: {self: {extends: [self]}}", "self"))
                .hasMessageContaining("cycle: self -> self");
    }

    @Test
    void anUndefinedMixinIsIgnoredAsInPython() {
        String registry = """
                repositories: {main: {url: "https://host/specs"}}
                contexts: {p: {mixin: [ghost], apps: {a: {name: A, docs: "https://docs"}}}}
                """;
        assertThat(resolve(registry, "p").requireApp("a").docs()).contains("https://docs");
    }

    @Test
    void emptyAndNullContextsResolveToNoApps() {
        assertThat(resolve("contexts: {empty: , p: {extends: [empty], apps: }}", "p").apps()).isEmpty();
    }

    @Test
    void resolvingLeavesTheRegistryUnchanged() {
        AppRegistry registry = TestRegistries.of(REGISTRY, "ext: {kube: {probe: 1}}", null);
        ResolvedProduct first = registry.resolve("product");
        ResolvedProduct second = registry.resolve("product");
        assertThat(second.apps()).isEqualTo(first.apps());
        assertThat(registry.resolve("common").requireApp("a").securityContext()).containsEntry("runAsUser", 1);
    }

    @Test
    void oneRegistryResolvesConcurrently() throws Exception {
        AppRegistry registry = TestRegistries.of(REGISTRY, "ext: {kube: {probe: 1}}", null);
        Map<String, AppEntry> expected = registry.resolve("product").apps();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, AppEntry>>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> registry.resolve("product").apps()));
            }
            for (Future<Map<String, AppEntry>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void exposesSettingsRepositoriesAndContexts() {
        AppRegistry registry = TestRegistries.of(REGISTRY, "", URI.create("https://host/reg/"));
        assertThat(registry.settings()).containsExactly(Map.entry("helx_registry", "containers.example.org"));
        assertThat(registry.repositories()).containsExactly(
                Map.entry("main", "https://example.org/apps/raw/master/app-specs"),
                Map.entry("other", "https://other.org/specs"));
        assertThat(registry.contextNames()).containsExactly("common", "extra", "sys", "product");
        assertThat(registry.baseUri()).contains(URI.create("https://host/reg/"));
        ResolvedProduct product = registry.resolve("product");
        assertThat(product.product()).isEqualTo("product");
        assertThat(product.registry()).isSameAs(registry);
        assertThat(product.app("zzz")).isEmpty();
        assertThatThrownBy(() -> product.requireApp("zzz"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("product 'product' has no app 'zzz'; it offers: a, b, c");
    }
}
