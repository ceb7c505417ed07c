package org.helxplatform.tycho.backend.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields a fabric8 type does not know are found wherever they are nested, reported by path and removed. */
class UnknownFieldsTest {

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final UnknownFields unknownFields = new UnknownFields(new ObjectMapper());

    @Test
    void nestedUnknownFieldsAreRemovedAndNamedByPath() {
        PodSpec spec = serialization.convertValue(Map.of(
                "stray", 1,
                "containers", List.of(Map.of(
                        "name", "web",
                        "imagee", "typo",
                        "ports", List.of(Map.of("containerPort", 80, "prot", "TCP")),
                        "resources", Map.of("limits", Map.of("cpu", "1"), "limitz", 2),
                        "env", List.of(Map.of("name", "A", "value", "1", "valueForm", "x")))),
                "volumes", List.of(Map.of("name", "v", "persistentVolumeClaim",
                        Map.of("claimName", "c", "readonly", true)))), PodSpec.class);

        List<String> removed = unknownFields.strip(spec);

        assertThat(removed).containsExactlyInAnyOrder("stray", "containers[0].imagee", "containers[0].ports[0].prot",
                "containers[0].resources.limitz", "containers[0].env[0].valueForm",
                "volumes[0].persistentVolumeClaim.readonly");
        assertThat(spec.getAdditionalProperties()).isEmpty();
        assertThat(spec.getContainers().get(0).getAdditionalProperties()).isEmpty();
        assertThat(spec.getContainers().get(0).getPorts().get(0).getAdditionalProperties()).isEmpty();
        assertThat(spec.getContainers().get(0).getResources().getAdditionalProperties()).isEmpty();
        assertThat(spec.getVolumes().get(0).getPersistentVolumeClaim().getAdditionalProperties()).isEmpty();
        assertThat(spec.getContainers().get(0).getPorts().get(0).getContainerPort()).isEqualTo(80);
        assertThat(unknownFields.strip(spec)).isEmpty();
    }

    @Test
    void aKnownObjectHasNothingToRemove() {
        Service service = serialization.convertValue(Map.of("metadata", Map.of("name", "s", "labels", Map.of("a", "b")),
                "spec", Map.of("ports", List.of(Map.of("port", 80, "targetPort", 8080)))), Service.class);

        assertThat(unknownFields.strip(service)).isEmpty();
    }
}
