package org.helxplatform.tycho.compiler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ProxyRewrite;
import org.helxplatform.tycho.model.ResourceRequest;

/**
 * Everything the compiler needs to turn an app's spec into a system: the spec, the user, the request, and what the
 * registry says about the app. {@code TychoContext} assembles it from the registry; hosts that have no registry
 * build it directly with {@link #builder(String, String, ComposeSpec, Principal)}, whose defaults stand for "no
 * registry": the spec's own probes and resources, and a Service for every service of the spec that has a port.
 *
 * @param appId             the app id; the spec must have a service of this name (the main service)
 * @param identifier        the system identifier, 32 lower-case hex digits
 * @param spec              the app spec, its registry settings already rendered
 * @param principal         the user
 * @param host              the host name the user reached the app store at, possibly empty
 * @param extraContainerEnv extra environment for every container, in order
 * @param resources         the resources replacing the main service's {@code deploy}, or {@code null} to keep it
 * @param ext               the app's registry {@code ext} (probes of the main service), replacing the main
 *                          service's own; {@code null} keeps the spec's
 * @param securityContext   the app's registry {@code securityContext}, empty for none
 * @param serviceAccount    the app's service account, or {@code null}
 * @param connString        the app's {@code conn_string}, empty for none
 * @param proxyRewrite      the app's proxy rewrite rule
 * @param giteaIntegration  the app's {@code gitea-integration}
 * @param services          the app's registry {@code services}: name to port, in order; {@code null} when there is
 *                          no registry (the builder's default): then every service of the spec that declares a
 *                          port gets a Service on its first port
 * @param appSettings       the app's settings: its {@code .env} entries, then its registry {@code env}
 */
public record CompileRequest(String appId, String identifier, ComposeSpec spec, Principal principal, String host,
                             Map<String, String> extraContainerEnv, ResourceRequest resources, Map<String, Object> ext,
                             Map<String, Object> securityContext, String serviceAccount, String connString,
                             ProxyRewrite proxyRewrite, boolean giteaIntegration, Map<String, String> services,
                             Map<String, String> appSettings) {

    /**
     * Requires the essentials and copies the maps.
     *
     * @param appId             the app id; the spec must have a service of this name (the main service)
     * @param identifier        the system identifier, 32 lower-case hex digits
     * @param spec              the app spec, its registry settings already rendered
     * @param principal         the user
     * @param host              the host name the user reached the app store at, possibly empty
     * @param extraContainerEnv extra environment for every container, in order
     * @param resources         the resources replacing the main service's {@code deploy}, or {@code null} to keep it
     * @param ext               the app's registry {@code ext} (probes of the main service), replacing the main
     *                          service's own; {@code null} keeps the spec's
     * @param securityContext   the app's registry {@code securityContext}, empty for none
     * @param serviceAccount    the app's service account, or {@code null}
     * @param connString        the app's {@code conn_string}, empty for none
     * @param proxyRewrite      the app's proxy rewrite rule
     * @param giteaIntegration  the app's {@code gitea-integration}
     * @param services          the app's registry {@code services}: name to port, in order; {@code null} when there
     *                          is no registry (the builder's default): then every service of the spec that declares
     *                          a port gets a Service on its first port
     * @param appSettings       the app's settings: its {@code .env} entries, then its registry {@code env}
     * @throws NullPointerException when a required component is null
     */
    public CompileRequest {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(principal, "principal");
        host = host == null ? "" : host;
        extraContainerEnv = copy(extraContainerEnv);
        securityContext = copy(securityContext);
        connString = connString == null ? "" : connString;
        proxyRewrite = proxyRewrite == null ? ProxyRewrite.DISABLED : proxyRewrite;
        services = services == null ? null : copy(services);
        appSettings = copy(appSettings);
    }

    /**
     * Starts a builder.
     *
     * @param appId      the app id
     * @param identifier the identifier
     * @param spec       the spec
     * @param principal  the user
     * @return the builder
     */
    public static Builder builder(String appId, String identifier, ComposeSpec spec, Principal principal) {
        return new Builder(appId, identifier, spec, principal);
    }

    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Builds a {@link CompileRequest}. */
    public static final class Builder {
        private final String appId;
        private final String identifier;
        private final ComposeSpec spec;
        private final Principal principal;
        private String host = "";
        private Map<String, String> extraContainerEnv = Map.of();
        private ResourceRequest resources;
        private Map<String, Object> ext;
        private Map<String, Object> securityContext = Map.of();
        private String serviceAccount;
        private String connString = "";
        private ProxyRewrite proxyRewrite = ProxyRewrite.DISABLED;
        private boolean giteaIntegration;
        private Map<String, String> services;
        private Map<String, String> appSettings = Map.of();

        private Builder(String appId, String identifier, ComposeSpec spec, Principal principal) {
            this.appId = appId;
            this.identifier = identifier;
            this.spec = spec;
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
         * @param value extra container environment
         * @return this
         */
        public Builder extraContainerEnv(Map<String, String> value) {
            this.extraContainerEnv = value;
            return this;
        }

        /**
         * @param value resources replacing the main service's deploy, or null
         * @return this
         */
        public Builder resources(ResourceRequest value) {
            this.resources = value;
            return this;
        }

        /**
         * @param value the registry ext, or null
         * @return this
         */
        public Builder ext(Map<String, Object> value) {
            this.ext = value;
            return this;
        }

        /**
         * @param value the registry securityContext
         * @return this
         */
        public Builder securityContext(Map<String, Object> value) {
            this.securityContext = value;
            return this;
        }

        /**
         * @param value the service account, or null
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
         * @param value the proxy rewrite rule
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
         * @param value the registry's services: name to port; an empty map for none. Without this call, every
         *              service of the spec that declares a port gets a Service on its first port.
         * @return this
         * @throws NullPointerException when the value is null (leave the call out for the default)
         */
        public Builder services(Map<String, String> value) {
            this.services = Objects.requireNonNull(value, "services");
            return this;
        }

        /**
         * @param value the app settings (.env, then registry env)
         * @return this
         */
        public Builder appSettings(Map<String, String> value) {
            this.appSettings = value;
            return this;
        }

        /** @return the request */
        public CompileRequest build() {
            return new CompileRequest(appId, identifier, spec, principal, host, extraContainerEnv, resources, ext,
                    securityContext, serviceAccount, connString, proxyRewrite, giteaIntegration, services,
                    appSettings);
        }
    }

    /** @return the request without environment and settings values, which may be secrets */
    @Override
    public String toString() {
        return "CompileRequest[appId=" + appId + ", identifier=" + identifier + ", spec=" + spec.source()
                + ", principal=" + principal + ", extraContainerEnv=" + extraContainerEnv.keySet()
                + ", appSettings=" + appSettings.keySet() + "]";
    }
}
