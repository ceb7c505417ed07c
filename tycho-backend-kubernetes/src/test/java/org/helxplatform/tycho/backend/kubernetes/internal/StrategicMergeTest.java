package org.helxplatform.tycho.backend.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategicMergeTest {

    @Test
    void containersMergeByNameAndOtherKeysStay() {
        Object target = Map.of("spec", Map.of("replicas", 1, "containers", List.of(
                Map.of("name", "a", "image", "x", "resources", Map.of("limits", Map.of("cpu", "1", "memory", "1G"))),
                Map.of("name", "b", "image", "y"))));
        Object patch = Map.of("spec", Map.of("containers", List.of(
                Map.of("name", "a", "resources", Map.of("limits", Map.of("cpu", "2"))))));

        assertThat(StrategicMerge.merge(target, patch)).isEqualTo(Map.of("spec", Map.of("replicas", 1,
                "containers", List.of(
                        Map.of("name", "a", "image", "x", "resources", Map.of("limits", Map.of("cpu", "2", "memory",
                                "1G"))),
                        Map.of("name", "b", "image", "y")))));
    }

    @Test
    void aNewNamedElementIsAppended() {
        Object target = Map.of("containers", List.of(Map.of("name", "a")));
        Object patch = Map.of("containers", List.of(Map.of("name", "b", "image", "y")));

        assertThat(StrategicMerge.merge(target, patch))
                .isEqualTo(Map.of("containers", List.of(Map.of("name", "a"), Map.of("name", "b", "image", "y"))));
    }

    @Test
    void aNullDeletesTheKey() {
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("memory", null);

        assertThat(StrategicMerge.merge(Map.of("cpu", "1", "memory", "1G"), patch)).isEqualTo(Map.of("cpu", "1"));
    }

    @Test
    void listsWithoutNamesAreReplaced() {
        assertThat(StrategicMerge.merge(Map.of("args", List.of("a", "b")), Map.of("args", List.of("c"))))
                .isEqualTo(Map.of("args", List.of("c")));
        assertThat(StrategicMerge.merge(Map.of("args", List.of("a", "b")), Map.of("args", List.of())))
                .isEqualTo(Map.of("args", List.of()));
    }

    @Test
    void anEmptyPatchOfNamedElementsChangesNothing() {
        assertThat(StrategicMerge.merge(Map.of("containers", List.of(Map.of("name", "a"))),
                Map.of("containers", List.of())))
                .isEqualTo(Map.of("containers", List.of(Map.of("name", "a"))));
    }

    @Test
    void theTargetIsNotModified() {
        Map<String, Object> target = new LinkedHashMap<>(Map.of("cpu", "1"));
        StrategicMerge.merge(target, Map.of("cpu", "2"));

        assertThat(target).containsExactly(Map.entry("cpu", "1"));
    }
}
