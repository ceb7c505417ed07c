package org.helxplatform.tycho.backend;

/**
 * Creates backends of one kind. Register an implementation in
 * {@code META-INF/services/org.helxplatform.tycho.backend.BackendProvider} (and with {@code provides} if you use
 * {@code module-info}); {@link Backends} finds it with {@link java.util.ServiceLoader}.
 */
public interface BackendProvider {

    /** @return the name hosts choose the backend by, e.g. {@code kubernetes}; lower case, unique */
    String name();

    /**
     * Which provider {@link Backends#createDefault(BackendConfiguration)} takes when a host names none: the highest
     * priority of 0 or more. Backends that run apps for real (orchestrators) use 0 or more; development and test
     * backends use a negative priority, and are then used only when a host names them.
     *
     * @return the priority, 0 by default
     */
    default int priority() {
        return 0;
    }

    /**
     * Creates a backend.
     *
     * @param configuration settings, template directories and objects such as a client to use
     * @return the backend
     * @throws BackendConfigurationException when the configuration is unusable (no client can be made, say)
     * @throws org.helxplatform.tycho.model.InvalidValueException naming the setting, its value and the fix when a
     *                                                            setting's value is invalid
     */
    Backend create(BackendConfiguration configuration);
}
