package org.helxplatform.tycho.context.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ResourceLimits;
import org.helxplatform.tycho.model.ResourceRequest;

/**
 * One start case of {@code conformance/cases/start}: a registry, an app, a user, settings, cluster facts, a fixed
 * identifier, and the Kubernetes objects (or the error) Python Tycho produced for them.
 *
 * @param name      the file name without {@code .json}
 * @param json      the whole case
 * @param conformance the conformance directory the case's paths are relative to
 */
public record StartCase(String name, JsonNode json, Path conformance) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return every case, by file name */
    public static List<StartCase> all(Path conformance) {
        try (Stream<Path> files = Files.list(conformance.resolve("cases/start"))) {
            List<StartCase> cases = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                cases.add(new StartCase(name, JSON.readTree(file.toFile()), conformance));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        return URI.create(json.get("base_url").asText());
    }

    public Path registryDirectory() {
        return conformance.resolve(json.get("registry").asText());
    }

    public Path specsDirectory() {
        return conformance.resolve(json.get("specs").asText());
    }

    public String product() {
        return json.get("product").asText();
    }

    public String app() {
        return json.get("app").asText();
    }

    public String identifier() {
        return json.get("identifier").asText();
    }

    public String host() {
        return json.get("host").asText();
    }

    public Principal principal() {
        JsonNode p = json.get("principal");
        return new Principal(p.get("username").asText(), text(p.get("access_token")), text(p.get("refresh_token")));
    }

    public Map<String, String> extraContainerEnv() {
        return strings(json.get("extra_container_env"));
    }

    public Map<String, String> environ() {
        return strings(json.get("environ"));
    }

    public ResourceRequest resourceRequest() {
        JsonNode resources = json.at("/resource_request/deploy/resources");
        return new ResourceRequest(limits(resources.get("limits")), limits(resources.get("reservations")));
    }

    public boolean ambassador() {
        return json.at("/cluster/ambassador").asBoolean();
    }

    public List<String> claims() {
        List<String> claims = new ArrayList<>();
        json.at("/cluster/pvcs").forEach(claim -> claims.add(claim.asText()));
        return claims;
    }

    public Map<String, String> envSecret() {
        return strings(json.at("/cluster/env_secret"));
    }


    /**
     * Creates in a namespace what the case's cluster held before the start: its claims, the Ambassador Service when
     * the case runs behind Ambassador, and the app's {@code <app>-env} Secret, stored as the case gives it (keys
     * sorted, as a real API server returns them).
     *
     * @param client    the cluster
     * @param namespace the namespace the start runs in
     */
    public void createClusterObjects(KubernetesClient client, String namespace) {
        for (String claim : claims()) {
            client.persistentVolumeClaims().inNamespace(namespace).resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claim).endMetadata().build()).create();
        }
        String ambassador = environ().getOrDefault("AMBASSADOR_SVC_NAME", "");
        if (ambassador() && !ambassador.isBlank()) {
            client.services().inNamespace(namespace).resource(new ServiceBuilder()
                    .withNewMetadata().withName(ambassador).endMetadata().build()).create();
        }
        if (!envSecret().isEmpty()) {
            Map<String, String> data = new LinkedHashMap<>();
            envSecret().forEach((key, value) -> data.put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                    .withNewMetadata().withName(app() + "-env").endMetadata().withData(data).build())
                    .create();
        }
    }
    public boolean expectsError() {
        return json.get("expected").has("error");
    }

    public String expectedError() {
        return json.at("/expected/error").asText();
    }

    public JsonNode expectedObjects() {
        return json.at("/expected/objects");
    }

    private static ResourceLimits limits(JsonNode node) {
        return new ResourceLimits(scalar(node.get("cpus")), scalar(node.get("memory")), scalar(node.get("gpus")),
                scalar(node.get("ephemeralStorage")));
    }

    private static String scalar(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        if (node != null && !node.isMissingNode()) {
            node.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        }
        return map;
    }
}
