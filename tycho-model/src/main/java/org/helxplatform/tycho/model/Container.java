package org.helxplatform.tycho.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One container of a system: a compose service.
 *
 * @param name           the compose service name, a DNS label
 * @param image          the image, never blank
 * @param command        the entrypoint as argv, empty for the image's own
 * @param env            environment variables, in order
 * @param limits         resource limits ({@link ResourceLimits#NONE} when none)
 * @param requests       resource requests, compose "reservations" ({@link ResourceLimits#NONE} when none); each at
 *                       most its limit where both are set
 * @param ports          container ports from compose {@code ports} (the container side of {@code host:container})
 * @param expose         container ports from compose {@code expose}
 * @param volumes        the volume entries as written ({@code pvc://claim/sub:/path}), including default volumes
 * @param livenessProbe  the liveness probe, or {@code null}
 * @param readinessProbe the readiness probe, or {@code null}
 */
public record Container(String name, String image, List<String> command, List<EnvVar> env, ResourceLimits limits,
                        ResourceLimits requests, List<Integer> ports, List<Integer> expose, List<String> volumes,
                        Probe livenessProbe, Probe readinessProbe) {

    /**
     * Validates and copies.
     *
     * @param name           the compose service name, a DNS label
     * @param image          the image, never blank
     * @param command        the entrypoint as argv, empty for the image's own
     * @param env            environment variables, in order
     * @param limits         resource limits ({@link ResourceLimits#NONE} when none)
     * @param requests       resource requests, compose "reservations" ({@link ResourceLimits#NONE} when none)
     * @param ports          container ports from compose {@code ports} (the container side of {@code
     *                       host:container})
     * @param expose         container ports from compose {@code expose}
     * @param volumes        the volume entries as written ({@code pvc://claim/sub:/path}), including default volumes
     * @param livenessProbe  the liveness probe, or {@code null}
     * @param readinessProbe the readiness probe, or {@code null}
     * @throws InvalidValueException when a value is invalid
     */
    public Container {
        Names.requireDnsLabel("container.name", name);
        Names.requireNonBlank("container " + name + ": image", image);
        command = Copies.list(command, "container " + name + ": command");
        env = Copies.list(env, "container " + name + ": env");
        limits = limits == null ? ResourceLimits.NONE : limits;
        requests = requests == null ? ResourceLimits.NONE : requests;
        ResourceLimits.requireReservationsWithinLimits("container " + name + ": resources", limits, requests);
        ports = Copies.list(ports, "container " + name + ": ports");
        expose = Copies.list(expose, "container " + name + ": expose");
        volumes = Copies.list(volumes, "container " + name + ": volumes");
        ports.forEach(port -> requirePort(name, "ports", port));
        expose.forEach(port -> requirePort(name, "expose", port));
    }

    /**
     * Starts a builder.
     *
     * @param name  the container name
     * @param image the image
     * @return the builder
     */
    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    /** @return a builder holding this container's values */
    public Builder toBuilder() {
        Builder builder = new Builder(name, image).command(command).limits(limits).requests(requests)
                .livenessProbe(livenessProbe).readinessProbe(readinessProbe);
        builder.env.addAll(env);
        builder.ports.addAll(ports);
        builder.expose.addAll(expose);
        builder.volumes.addAll(volumes);
        return builder;
    }

    /**
     * The same container with more environment variables at the end.
     *
     * @param more the variables to append
     * @return the copy
     */
    public Container withEnvAppended(List<EnvVar> more) {
        List<EnvVar> all = new ArrayList<>(env);
        all.addAll(more);
        return new Container(name, image, command, all, limits, requests, ports, expose, volumes, livenessProbe,
                readinessProbe);
    }

    private static void requirePort(String container, String field, Integer port) {
        if (port < 1 || port > 65535) {
            throw new InvalidValueException("container " + container + ": " + field, port, "must be 1-65535");
        }
    }

    /** Builds a {@link Container}. */
    public static final class Builder {
        private final String name;
        private final String image;
        private List<String> command = List.of();
        private final List<EnvVar> env = new ArrayList<>();
        private ResourceLimits limits = ResourceLimits.NONE;
        private ResourceLimits requests = ResourceLimits.NONE;
        private final List<Integer> ports = new ArrayList<>();
        private final List<Integer> expose = new ArrayList<>();
        private final List<String> volumes = new ArrayList<>();
        private Probe livenessProbe;
        private Probe readinessProbe;

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        /**
         * @param argv the entrypoint as argv
         * @return this
         */
        public Builder command(List<String> argv) {
            this.command = List.copyOf(argv);
            return this;
        }

        /**
         * @param name variable name
         * @param value its value
         * @return this
         */
        public Builder env(String name, String value) {
            env.add(new EnvVar(name, value));
            return this;
        }

        /**
         * @param variables variables to append
         * @return this
         */
        public Builder env(List<EnvVar> variables) {
            env.addAll(variables);
            return this;
        }

        /**
         * @param value the limits
         * @return this
         */
        public Builder limits(ResourceLimits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * @param value the requests
         * @return this
         */
        public Builder requests(ResourceLimits value) {
            this.requests = Objects.requireNonNull(value, "requests");
            return this;
        }

        /**
         * @param port a container port (compose {@code ports})
         * @return this
         */
        public Builder port(int port) {
            ports.add(port);
            return this;
        }

        /**
         * @param port an exposed port (compose {@code expose})
         * @return this
         */
        public Builder expose(int port) {
            expose.add(port);
            return this;
        }

        /**
         * @param entry a volume entry such as {@code pvc://claim/sub:/path}
         * @return this
         */
        public Builder volume(String entry) {
            volumes.add(entry);
            return this;
        }

        /**
         * @param probe the liveness probe or {@code null}
         * @return this
         */
        public Builder livenessProbe(Probe probe) {
            this.livenessProbe = probe;
            return this;
        }

        /**
         * @param probe the readiness probe or {@code null}
         * @return this
         */
        public Builder readinessProbe(Probe probe) {
            this.readinessProbe = probe;
            return this;
        }

        /** @return the container */
        public Container build() {
            return new Container(name, image, command, env, limits, requests, ports, expose, volumes, livenessProbe,
                    readinessProbe);
        }
    }
}
