package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.StartException;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoSystem;

/**
 * Keeps a user's tokens out of the Deployment ({@code TYCHO_APP_TOKENS_IN_SECRET}): the templates render the
 * system with random stand-ins in place of the access and refresh tokens; every environment variable whose value is
 * a stand-in then takes its value from a Secret of the system through {@code secretKeyRef}, and the Secret, owned
 * by the Deployment, holds the real tokens. A stand-in left anywhere else (inside a longer value, in a command, in
 * a Service) means a template writes a token where no reference can replace it: the start fails, naming the place
 * but never the token. The real tokens never enter a rendered object, so they cannot reach the Deployment, a log
 * line or a message. One instance serves one start.
 */
final class TokenSecret {

    /** The Secret's key for the access token. */
    static final String ACCESS_TOKEN_KEY = "access_token";
    /** The Secret's key for the refresh token. */
    static final String REFRESH_TOKEN_KEY = "refresh_token";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Real tokens shorter than this are not searched for inside longer texts (they would match by chance). */
    private static final int MIN_SEARCHED_LENGTH = 8;

    private final TychoSystem system;
    private final TychoSystem standIns;
    private final Map<String, String> keyByStandIn = new LinkedHashMap<>();
    private final Map<String, String> tokenByKey = new LinkedHashMap<>();

    private TokenSecret(TychoSystem system) {
        this.system = system;
        Principal principal = system.principal();
        String nonce = HexFormat.of().formatHex(bytes());
        String access = stand(principal.accessToken(), ACCESS_TOKEN_KEY, "tycho-token-" + nonce + "-access");
        String refresh = stand(principal.refreshToken(), REFRESH_TOKEN_KEY, "tycho-token-" + nonce + "-refresh");
        this.standIns = keyByStandIn.isEmpty() ? system : system.withPrincipal(
                new Principal(principal.username(), access, refresh));
    }

    /**
     * Prepares the start of a system whose tokens go into a Secret.
     *
     * @param system the system
     * @return the stand-ins, or {@code null} when the principal has no token (then there is nothing to keep out)
     */
    static TokenSecret of(TychoSystem system) {
        TokenSecret secret = new TokenSecret(system);
        return secret.keyByStandIn.isEmpty() ? null : secret;
    }

    /** @return the system to render: its principal holds the stand-ins */
    TychoSystem systemToRender() {
        return standIns;
    }

    /** @return the Secret's name: {@code <system name>-tokens} */
    String name() {
        return system.name() + "-tokens";
    }

    /**
     * Replaces the stand-ins in the Deployment's env by references to the Secret, then checks that no token is left
     * in it.
     *
     * @param deployment    the Deployment rendered from {@link #systemToRender()}
     * @param serialization reads the Deployment as a tree, to find what is left
     * @throws StartException when a template writes a token inside another value
     */
    void moveTokensOutOf(Deployment deployment, KubernetesSerialization serialization) {
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        List<Container> containers = new ArrayList<>();
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        containers.addAll(pod.getContainers());
        for (Container container : containers) {
            if (container.getEnv() == null) {
                continue;
            }
            List<EnvVar> env = new ArrayList<>();
            for (EnvVar variable : container.getEnv()) {
                String key = variable.getValueFrom() == null ? keyOf(variable.getValue()) : null;
                env.add(key == null ? variable : new EnvVarBuilder().withName(variable.getName())
                        .withNewValueFrom().withNewSecretKeyRef().withName(name()).withKey(key).endSecretKeyRef()
                        .endValueFrom().build());
            }
            container.setEnv(env);
        }
        requireNoToken(deployment, "the Deployment (template pod.yaml)", serialization);
    }

    /**
     * Checks that an object rendered from {@link #systemToRender()} holds no token.
     *
     * @param object        a NetworkPolicy or Service of the plan
     * @param where         what it is, for the message (e.g. {@code Service web-<id> (template service.yaml)})
     * @param serialization reads the object as a tree
     * @throws StartException when it does
     */
    void requireNoToken(HasMetadata object, String where, KubernetesSerialization serialization) {
        Object tree = serialization.convertValue(object, Map.class);
        String path = find(tree, "");
        if (path != null) {
            throw new StartException(system.identifier(), "app " + system.appId() + ": " + where + " writes the"
                    + " user's token at " + path + ", where no secretKeyRef can stand for it; with "
                    + TychoSettings.TOKENS_IN_SECRET + "=true a template may hand a token to containers only as the"
                    + " whole value of an environment variable (value: {{ system.access_token }}). Change the"
                    + " template, or turn " + TychoSettings.TOKENS_IN_SECRET + " off");
        }
    }

    /**
     * The Secret holding the tokens, labelled like the system's other objects and owned by its Deployment (the
     * owner's uid is filled in once the Deployment exists).
     *
     * @return the Secret; its {@code toString()} shows base64 data, so never log it
     */
    Secret secret() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.GUID, system.identifier());
        labels.put(Labels.EXECUTOR, Labels.TYCHO);
        labels.put(Labels.USERNAME, system.username());
        Map<String, String> data = new LinkedHashMap<>();
        tokenByKey.forEach((key, token) -> data.put(key,
                Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata().withName(name()).withLabels(labels)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(system.name())
                .withUid("").withController(true).endOwnerReference()
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    private String stand(String token, String key, String standIn) {
        if (token == null || token.isEmpty()) {
            return token;
        }
        keyByStandIn.put(standIn, key);
        tokenByKey.put(key, token);
        return standIn;
    }

    /** The Secret key for an env value: a stand-in, or a real token given as a value some other way. */
    private String keyOf(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String key = keyByStandIn.get(value);
        if (key != null) {
            return key;
        }
        for (Map.Entry<String, String> token : tokenByKey.entrySet()) {
            if (token.getValue().equals(value)) {
                return token.getKey();
            }
        }
        return null;
    }

    /** @return the path of the first text holding a stand-in or a real token, or {@code null} */
    private String find(Object tree, String path) {
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String child = path.isEmpty() ? String.valueOf(entry.getKey()) : path + "." + entry.getKey();
                String key = holdsToken(String.valueOf(entry.getKey())) ? child : find(entry.getValue(), child);
                if (key != null) {
                    return key;
                }
            }
        } else if (tree instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String found = find(list.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (tree instanceof String text && holdsToken(text)) {
            return path;
        }
        return null;
    }

    private boolean holdsToken(String text) {
        for (String standIn : keyByStandIn.keySet()) {
            if (text.contains(standIn)) {
                return true;
            }
        }
        for (String token : tokenByKey.values()) {
            if (text.equals(token) || token.length() >= MIN_SEARCHED_LENGTH && text.contains(token)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
