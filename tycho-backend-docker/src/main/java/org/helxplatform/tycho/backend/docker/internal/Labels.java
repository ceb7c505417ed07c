package org.helxplatform.tycho.backend.docker.internal;

/**
 * The labels the Docker backend puts on the containers and the network of a system, and finds them by. The first
 * five are the Kubernetes backend's pod labels, with the same values; the {@code tycho-} ones are this backend's
 * bookkeeping. Labels are set when a system starts and never change: Docker cannot relabel a container or a network.
 */
final class Labels {

    /** Marks objects made by Tycho; its value is {@link #TYCHO}. */
    static final String EXECUTOR = "executor";
    /** The value of {@link #EXECUTOR}. */
    static final String TYCHO = "tycho";
    /** The user a system runs for. */
    static final String USERNAME = "username";
    /** The system identifier. */
    static final String GUID = "tycho-guid";
    /** The app id. */
    static final String ORIGINAL_APP_NAME = "original-app-name";
    /** The workspace (app) name shown to users. */
    static final String APP_NAME = "app-name";
    /** The system name, {@code <app id>-<identifier>}. */
    static final String SYSTEM_NAME = "tycho-system-name";
    /** Container label: the compose service (container) name. */
    static final String CONTAINER = "tycho-container";
    /** Container label: the CPU limit as the system gave it, e.g. {@code 0.5}. */
    static final String CPU = "tycho-cpu";
    /** Container label: the memory limit as the system gave it, e.g. {@code 2G}. */
    static final String MEMORY = "tycho-memory";
    /** Container label: the GPU limit as the system gave it, e.g. {@code 1}. */
    static final String GPUS = "tycho-gpus";
    /** Container label: the name GPUs are reported under, e.g. {@code nvidia.com/gpu}. */
    static final String GPU_RESOURCE = "tycho-gpu-resource";
    /** Container label: the container port its service publishes, when it has a service. */
    static final String SERVICE_PORT = "tycho-service-port";
    /** Container label: the host address its service is reported at, when it has a service. */
    static final String ENDPOINT_ADDRESS = "tycho-endpoint-address";
    /** Network and container label: the app's connection string. */
    static final String CONN_STRING = "tycho-conn-string";

    private Labels() {
    }
}
