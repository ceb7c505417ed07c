package org.helxplatform.tycho.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.helxplatform.tycho.server.internal.Routes;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under {@code deploy/} agree with the server: every file is listed in the kustomization,
 * the Deployment sets only settings the server knows, probes its health routes, listens where the Service sends
 * traffic, runs as the ServiceAccount the RoleBinding binds, and the Role grants nothing cluster-wide.
 */
class DeployManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void theManifestsFitTheServer() throws Exception {
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(DEPLOY)) {
            for (Path file : listing.sorted().toList()) {
                JsonNode document = read(file);
                if (document.path("kind").asText().equals("Kustomization")) {
                    document.path("resources").forEach(resource -> files.add(resource.asText()));
                    continue;
                }
                byKind.put(document.path("kind").asText(), document);
                assertThat(document.path("metadata").path("namespace").asText()).as(file.toString())
                        .isEqualTo("tycho");
            }
        }
        assertThat(byKind).containsOnlyKeys("ServiceAccount", "Role", "RoleBinding", "Deployment", "Service");
        assertThat(files).hasSize(byKind.size());

        JsonNode pod = byKind.get("Deployment").path("spec").path("template").path("spec");
        String account = pod.path("serviceAccountName").asText();
        assertThat(account).isEqualTo(byKind.get("ServiceAccount").path("metadata").path("name").asText());
        JsonNode binding = byKind.get("RoleBinding");
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(account);
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
        assertThat(binding.path("roleRef").path("name").asText())
                .isEqualTo(byKind.get("Role").path("metadata").path("name").asText());

        JsonNode container = pod.path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo(Routes.READYZ);
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo(Routes.HEALTHZ);
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(ServerSettings.DEFAULT_PORT);
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(byKind.get("Service").path("spec").path("ports").get(0).path("targetPort").asText())
                .isEqualTo(container.path("ports").get(0).path("name").asText());

        Set<String> known = serverSettingNames();
        container.path("env").forEach(variable -> {
            String name = variable.path("name").asText();
            assertThat(name.startsWith("TYCHO_SERVER_") ? known.contains(name) : name.equals("NAMESPACE"))
                    .as("setting %s", name).isTrue();
        });
        ServerSettings.fromEnvironment(Map.of(ServerSettings.KUBERNETES, value(container, ServerSettings.KUBERNETES)));
        Set<String> verbs = new HashSet<>();
        byKind.get("Role").path("rules").forEach(rule -> rule.path("verbs").forEach(v -> verbs.add(v.asText())));
        assertThat(verbs).doesNotContain("*", "update", "watch", "escalate", "bind", "impersonate");
    }

    private static String value(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        throw new AssertionError(name + " is not set");
    }

    private static Set<String> serverSettingNames() throws IllegalAccessException {
        Set<String> names = new HashSet<>();
        for (Field field : ServerSettings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    private static JsonNode read(Path file) throws IOException {
        return YAML.readTree(Files.readString(file));
    }
}
