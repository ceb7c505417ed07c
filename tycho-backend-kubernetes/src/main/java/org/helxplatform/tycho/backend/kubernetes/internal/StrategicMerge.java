package org.helxplatform.tycho.backend.kubernetes.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a patch into an object the way a Kubernetes strategic merge patch does for the shapes Tycho's patch
 * template produces: maps merge key by key, a {@code null} deletes a key, lists of maps that all carry a
 * {@code name} merge element by element by name (containers; an empty patch list changes nothing), other lists
 * are replaced.
 *
 * <p>Public for backends that apply Tycho's patch template somewhere else than in a cluster.
 *
 * <p>Tycho merges on the client and sends the difference as a JSON patch, which every API server (and fabric8's
 * mock server, which has no strategic merge) understands.
 */
public final class StrategicMerge {

    private StrategicMerge() {
    }

    /**
     * Merges.
     *
     * @param target the object as a JSON-like tree; not modified
     * @param patch  the patch
     * @return the merged tree
     */
    @SuppressWarnings("unchecked")
    public static Object merge(Object target, Object patch) {
        if (patch instanceof Map<?, ?> patchMap && target instanceof Map<?, ?> targetMap) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) targetMap);
            patchMap.forEach((key, value) -> {
                String name = String.valueOf(key);
                if (value == null) {
                    merged.remove(name);
                } else {
                    merged.put(name, merged.containsKey(name) ? merge(merged.get(name), value) : value);
                }
            });
            return merged;
        }
        if (patch instanceof List<?> patchList && target instanceof List<?> targetList && byName(patchList)
                && byName(targetList)) {
            List<Object> merged = new ArrayList<>(targetList);
            for (Object element : patchList) {
                Object name = ((Map<?, ?>) element).get("name");
                int index = indexOf(merged, name);
                if (index < 0) {
                    merged.add(element);
                } else {
                    merged.set(index, merge(merged.get(index), element));
                }
            }
            return merged;
        }
        return patch;
    }

    private static boolean byName(List<?> list) {
        return list.stream().allMatch(e -> e instanceof Map<?, ?> map && map.get("name") != null);
    }

    private static int indexOf(List<Object> list, Object name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(((Map<?, ?>) list.get(i)).get("name"))) {
                return i;
            }
        }
        return -1;
    }
}
