package org.helxplatform.tycho.backend.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that keeps only each object's key and resource version: what an informer needs to tell an
 * update from a repeat and to notice, after a relist, what was deleted while it was not watching. The handlers keep
 * what they need of each object. Like fabric8's {@code ReducedStateItemStore} without any value field, but
 * without converting each object to a map on every event (a notebook's Deployment costs about half a millisecond
 * to convert, which made the first sync of ten thousand systems take seconds).
 *
 * @param <T> the kind of object
 */
final class VersionStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Class<T> type;

    /** @param type the kind of object, with a public no-argument constructor (every fabric8 model type has one) */
    VersionStore(Class<T> type) {
        this.type = type;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return restore(key, versions.put(key, String.valueOf(object.getMetadata().getResourceVersion())));
    }

    @Override
    public T remove(String key) {
        return restore(key, versions.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return versions.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return versions.entrySet().stream().map(entry -> restore(entry.getKey(), entry.getValue()));
    }

    @Override
    public int size() {
        return versions.size();
    }

    @Override
    public T get(String key) {
        return restore(key, versions.get(key));
    }

    /** Handlers get whole objects as they arrive: nothing is deferred until a list completes. */
    @Override
    public boolean isFullState() {
        return false;
    }

    /** An object holding only its name, namespace and resource version. */
    private T restore(String key, String version) {
        if (version == null) {
            return null;
        }
        T object;
        try {
            object = type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                 | NoSuchMethodException e) {
            throw new IllegalStateException("cannot make an empty " + type.getSimpleName(), e);
        }
        ObjectMeta metadata = new ObjectMeta();
        int slash = key.indexOf('/');
        metadata.setNamespace(slash < 0 ? null : key.substring(0, slash));
        metadata.setName(slash < 0 ? key : key.substring(slash + 1));
        metadata.setResourceVersion(version);
        object.setMetadata(metadata);
        return object;
    }
}
