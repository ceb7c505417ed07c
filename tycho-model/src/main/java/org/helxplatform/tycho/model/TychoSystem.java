package org.helxplatform.tycho.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A system: one running instance of an app for one user, compiled from the app's compose spec, the registry and
 * the settings. It holds everything a backend needs to run it, and nothing refers back to its inputs.
 *
 * <p>Named {@code TychoSystem} so that it does not shadow {@code java.lang.System}. Instances are immutable and
 * validated on construction: names are valid Kubernetes names, ports are ports, every volume belongs to a container.
 *
 * @param identifier          32 lower-case hex digits; the system's identifier (Python Tycho's JSON calls it sid)
 * @param appId               the app id, a DNS label; also the main container's name
 * @param principal           the user it runs for
 * @param host                the host name the user reached the app store at ({@code HOST} env), possibly empty
 * @param extraContainerEnv   extra environment variables for every container, in order
 * @param serviceAccount      the Kubernetes service account to run as, or {@code null}
 * @param connString          text appended to the app's URL prefix; empty for none
 * @param proxyRewrite        URL rewriting by the reverse proxy
 * @param giteaIntegration    whether the gitea ssh key and config are mounted
 * @param securityContext     the pod's user and group ids
 * @param initSecurityContext the init container's user and group ids
 * @param containers          the containers, in the alphabetical order of their compose service names
 * @param services            network services by name, in registry order
 * @param volumes             claim mounts, container by container
 * @param systemPort          the main container's first port, {@code 8000} when it has none
 * @param options             the platform's deployment settings
 */
public record TychoSystem(String identifier, String appId, Principal principal, String host,
                          Map<String, String> extraContainerEnv, String serviceAccount, String connString,
                          ProxyRewrite proxyRewrite, boolean giteaIntegration, SecurityContext securityContext,
                          SecurityContext initSecurityContext, List<Container> containers,
                          Map<String, SystemService> services, List<Volume> volumes, String systemPort,
                          DeploymentOptions options) {

    /**
     * Validates and copies.
     *
     * @param identifier          32 lower-case hex digits; the system's identifier (Python Tycho's JSON calls it sid)
     * @param appId               the app id, a DNS label; also the main container's name
     * @param principal           the user it runs for
     * @param host                the host name the user reached the app store at ({@code HOST} env), possibly empty
     * @param extraContainerEnv   extra environment variables for every container, in order
     * @param serviceAccount      the Kubernetes service account to run as, or {@code null}
     * @param connString          text appended to the app's URL prefix; empty for none
     * @param proxyRewrite        URL rewriting by the reverse proxy
     * @param giteaIntegration    whether the gitea ssh key and config are mounted
     * @param securityContext     the pod's user and group ids
     * @param initSecurityContext the init container's user and group ids
     * @param containers          the containers, in the alphabetical order of their compose service names
     * @param services            network services by name, in registry order
     * @param volumes             claim mounts, container by container
     * @param systemPort          the main container's first port, {@code 8000} when it has none
     * @param options             the platform's deployment settings
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public TychoSystem {
        Names.requireIdentifier("identifier", identifier);
        Names.requireDnsLabel("appId", appId);
        String name = appId + "-" + identifier;
        if (name.length() > Names.MAX_LABEL_LENGTH) {
            throw new InvalidValueException("appId", appId, "is too long: the system name <app id>-<identifier> must"
                    + " fit in " + Names.MAX_LABEL_LENGTH + " characters, so app ids have at most "
                    + (Names.MAX_LABEL_LENGTH - 33) + " characters");
        }
        Objects.requireNonNull(principal, "principal");
        Names.requireHost("host", host);
        extraContainerEnv = Copies.map(extraContainerEnv, "extraContainerEnv");
        extraContainerEnv.keySet().forEach(key -> Names.requireEnvName("extraContainerEnv", key));
        if (serviceAccount != null) {
            Names.requireDnsLabel("serviceAccount", serviceAccount);
        }
        Objects.requireNonNull(connString, "connString (use \"\" for none)");
        Names.requireLabelValue("conn_string", connString);
        proxyRewrite = proxyRewrite == null ? ProxyRewrite.DISABLED : proxyRewrite;
        securityContext = securityContext == null ? SecurityContext.NONE : securityContext;
        initSecurityContext = initSecurityContext == null ? SecurityContext.NONE : initSecurityContext;
        containers = Copies.list(containers, "containers");
        if (containers.isEmpty()) {
            throw new InvalidValueException("containers", containers, "must hold at least one container");
        }
        Set<String> containerNames = new HashSet<>();
        for (Container container : containers) {
            if (!containerNames.add(container.name())) {
                throw new InvalidValueException("containers", container.name(), "is defined twice");
            }
        }
        services = Copies.map(services, "services");
        services.forEach((key, service) -> {
            if (!key.equals(service.name())) {
                throw new InvalidValueException("services." + key, service.name(), "must be the service's own name");
            }
            Names.requireDnsLabel("service name", key + "-" + identifier);
        });
        volumes = Copies.list(volumes, "volumes");
        for (Volume volume : volumes) {
            if (!containerNames.contains(volume.containerName())) {
                throw new InvalidValueException("volumes", volume.containerName(), "is not a container of the system");
            }
        }
        if (systemPort == null || !systemPort.matches("\\d{1,5}")) {
            throw new InvalidValueException("systemPort", systemPort, "must be a port number");
        }
        Objects.requireNonNull(options, "options");
    }

    /** @return {@code <app id>-<identifier>}, the name of the system's Deployment and pods */
    public String name() {
        return appId + "-" + identifier;
    }

    /** @return the principal's user name */
    public String username() {
        return principal.username();
    }

    /**
     * The container of a name.
     *
     * @param containerName the name
     * @return the container, or {@code null}
     */
    public Container container(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst().orElse(null);
    }

    /** @return whether some service restricts its clients, which requires a NetworkPolicy */
    public boolean requiresNetworkPolicy() {
        return services.values().stream().anyMatch(service -> !service.clients().isEmpty());
    }

    /**
     * The same system with other volumes, e.g. without the claims that do not exist in the cluster.
     *
     * @param value the volumes
     * @return the copy
     */
    public TychoSystem withVolumes(List<Volume> value) {
        return toBuilder().volumes(value).build();
    }

    /**
     * The same system with other containers, e.g. with environment variables added from a cluster secret.
     *
     * @param value the containers
     * @return the copy
     */
    public TychoSystem withContainers(List<Container> value) {
        return toBuilder().containers(value).build();
    }

    /**
     * The same system for the same user with other tokens, e.g. stand-ins that a backend renders in place of the
     * real tokens.
     *
     * @param value the principal; its user name must be this system's
     * @return the copy
     * @throws InvalidValueException when the user name differs
     */
    public TychoSystem withPrincipal(Principal value) {
        if (!value.username().equals(principal.username())) {
            throw new InvalidValueException("principal.username", value.username(), "must stay "
                    + principal.username() + ": a system cannot change its user");
        }
        return new TychoSystem(identifier, appId, value, host, extraContainerEnv, serviceAccount, connString,
                proxyRewrite, giteaIntegration, securityContext, initSecurityContext, containers, services, volumes,
                systemPort, options);
    }

    /**
     * Starts a builder.
     *
     * @param appId      the app id
     * @param identifier the identifier
     * @param principal  the user
     * @return the builder
     */
    public static Builder builder(String appId, String identifier, Principal principal) {
        return new Builder(appId, identifier, principal);
    }

    /** @return a builder holding this system's values */
    public Builder toBuilder() {
        return new Builder(appId, identifier, principal).host(host).extraContainerEnv(extraContainerEnv)
                .serviceAccount(serviceAccount).connString(connString).proxyRewrite(proxyRewrite)
                .giteaIntegration(giteaIntegration).securityContext(securityContext)
                .initSecurityContext(initSecurityContext).containers(containers).services(services.values())
                .volumes(volumes).systemPort(systemPort).options(options);
    }

    /** Builds a {@link TychoSystem}. */
    public static final class Builder {
        private final String appId;
        private final String identifier;
        private final Principal principal;
        private String host = "";
        private Map<String, String> extraContainerEnv = new LinkedHashMap<>();
        private String serviceAccount;
        private String connString = "";
        private ProxyRewrite proxyRewrite = ProxyRewrite.DISABLED;
        private boolean giteaIntegration;
        private SecurityContext securityContext = SecurityContext.NONE;
        private SecurityContext initSecurityContext = SecurityContext.NONE;
        private List<Container> containers = new ArrayList<>();
        private final Map<String, SystemService> services = new LinkedHashMap<>();
        private List<Volume> volumes = new ArrayList<>();
        private String systemPort = "8000";
        private DeploymentOptions options = DeploymentOptions.DEFAULTS;

        private Builder(String appId, String identifier, Principal principal) {
            this.appId = appId;
            this.identifier = identifier;
            this.principal = principal;
        }

        /**
         * @param value the host name
         * @return this
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * @param value extra container environment, in order
         * @return this
         */
        public Builder extraContainerEnv(Map<String, String> value) {
            this.extraContainerEnv = new LinkedHashMap<>(value);
            return this;
        }

        /**
         * @param value the service account or {@code null}
         * @return this
         */
        public Builder serviceAccount(String value) {
            this.serviceAccount = value;
            return this;
        }

        /**
         * @param value the connection string
         * @return this
         */
        public Builder connString(String value) {
            this.connString = value;
            return this;
        }

        /**
         * @param value proxy rewriting
         * @return this
         */
        public Builder proxyRewrite(ProxyRewrite value) {
            this.proxyRewrite = value;
            return this;
        }

        /**
         * @param value whether gitea is integrated
         * @return this
         */
        public Builder giteaIntegration(boolean value) {
            this.giteaIntegration = value;
            return this;
        }

        /**
         * @param value the pod security context
         * @return this
         */
        public Builder securityContext(SecurityContext value) {
            this.securityContext = value;
            return this;
        }

        /**
         * @param value the init container security context
         * @return this
         */
        public Builder initSecurityContext(SecurityContext value) {
            this.initSecurityContext = value;
            return this;
        }

        /**
         * @param value the containers
         * @return this
         */
        public Builder containers(List<Container> value) {
            this.containers = new ArrayList<>(value);
            return this;
        }

        /**
         * @param value a container to add
         * @return this
         */
        public Builder container(Container value) {
            containers.add(value);
            return this;
        }

        /**
         * @param value services to set, replacing any
         * @return this
         */
        public Builder services(Iterable<SystemService> value) {
            services.clear();
            value.forEach(this::service);
            return this;
        }

        /**
         * @param value a service to add
         * @return this
         */
        public Builder service(SystemService value) {
            services.put(value.name(), value);
            return this;
        }

        /**
         * @param value the volumes
         * @return this
         */
        public Builder volumes(List<Volume> value) {
            this.volumes = new ArrayList<>(value);
            return this;
        }

        /**
         * @param value the system port
         * @return this
         */
        public Builder systemPort(String value) {
            this.systemPort = value;
            return this;
        }

        /**
         * @param value the deployment options
         * @return this
         */
        public Builder options(DeploymentOptions value) {
            this.options = value;
            return this;
        }

        /** @return the system */
        public TychoSystem build() {
            return new TychoSystem(identifier, appId, principal, host, extraContainerEnv, serviceAccount, connString,
                    proxyRewrite, giteaIntegration, securityContext, initSecurityContext, containers, services,
                    volumes, systemPort, options);
        }
    }

    /** @return the system's name, user and parts; never environment values, which may be secrets */
    @Override
    public String toString() {
        return "TychoSystem[name=" + name() + ", principal=" + principal + ", host=" + host
                + ", extraContainerEnv=" + extraContainerEnv.keySet() + ", containers="
                + containers.stream().map(Container::name).toList() + ", services=" + services.keySet()
                + ", volumes=" + volumes.size() + "]";
    }
}
