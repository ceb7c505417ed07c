package org.helxplatform.tycho.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a host asks for when it starts an app for a user. Build one with {@link #builder(Principal, String)}:
 * <pre>{@code
 * StartRequest request = StartRequest.builder(principal, "jupyter-ds")
 *         .resources(ResourceRequest.of("1", "4G"))
 *         .host("helx.example.org")
 *         .env("TZ", "UTC")
 *         .build();
 * }</pre>
 *
 * @param principal         the user
 * @param appId             the app of the registry
 * @param resources         the resources, replacing the main service's compose {@code deploy.resources}; {@code null}
 *                          keeps the spec's own
 * @param host              the host name the user reached the app store at; empty when not known ({@code null} is
 *                          read as empty)
 * @param extraContainerEnv extra environment variables for every container, in order ({@code null} is read as none)
 */
public record StartRequest(Principal principal, String appId, ResourceRequest resources, String host,
                           Map<String, String> extraContainerEnv) {

    /**
     * Validates and copies.
     *
     * @param principal         the user
     * @param appId             the app of the registry
     * @param resources         the resources, replacing the main service's compose {@code deploy.resources}; {@code
     *                          null} keeps the spec's own
     * @param host              the host name the user reached the app store at; empty when not known ({@code null}
     *                          is read as empty)
     * @param extraContainerEnv extra environment variables for every container, in order ({@code null} is read as
     *                          none)
     * @throws InvalidValueException when a value is invalid
     * @throws NullPointerException when a required component is null
     */
    public StartRequest {
        Objects.requireNonNull(principal, "principal");
        Names.requireNonBlank("appId", appId);
        host = Names.requireHost("host", host == null ? "" : host);
        extraContainerEnv = Copies.map(extraContainerEnv, "extraContainerEnv");
        extraContainerEnv.keySet().forEach(key -> Names.requireEnvName("extraContainerEnv", key));
    }

    /**
     * Starts a request for a user and an app; everything else is optional.
     *
     * @param principal the user
     * @param appId     the app of the registry
     * @return the builder
     * @throws NullPointerException when {@code principal} is null
     */
    public static Builder builder(Principal principal, String appId) {
        return new Builder(Objects.requireNonNull(principal, "principal"), appId);
    }

    /** @return the request without environment values, which may be secrets */
    @Override
    public String toString() {
        return "StartRequest[principal=" + principal + ", appId=" + appId + ", resources=" + resources + ", host="
                + host + ", extraContainerEnv=" + extraContainerEnv.keySet() + "]";
    }

    /**
     * Builds a {@link StartRequest}. Without further calls the app runs with its spec's own resources, no host name
     * and no extra environment. Not thread-safe; the request it builds is.
     */
    public static final class Builder {
        private final Principal principal;
        private final String appId;
        private ResourceRequest resources;
        private String host = "";
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(Principal principal, String appId) {
            this.principal = principal;
            this.appId = appId;
        }

        /**
         * Sets the resources that replace the main service's compose {@code deploy.resources}.
         *
         * @param value the resources, e.g. {@code ResourceRequest.of("1", "4G")}
         * @return this
         * @throws NullPointerException when {@code value} is null
         */
        public Builder resources(ResourceRequest value) {
            this.resources = Objects.requireNonNull(value, "resources");
            return this;
        }

        /**
         * Sets the host name the user reached the host program at (for the app's URL and its proxy settings).
         *
         * @param value a host name, optionally with a port, e.g. {@code helx.example.org}
         * @return this
         * @throws NullPointerException when {@code value} is null
         */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /**
         * Adds an environment variable to every container of the system; a later value of the same name wins.
         *
         * @param name  the variable name
         * @param value its value; never logged
         * @return this
         * @throws NullPointerException when {@code name} or {@code value} is null
         */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds environment variables to every container of the system, in the map's order.
         *
         * @param values names to values
         * @return this
         * @throws NullPointerException when {@code values} is null
         */
        public Builder env(Map<String, String> values) {
            Objects.requireNonNull(values, "values").forEach(this::env);
            return this;
        }

        /**
         * Validates and builds the request.
         *
         * @return the request
         * @throws InvalidValueException when the app id is blank, the host is not a host name, or an environment
         *                               variable name is invalid
         */
        public StartRequest build() {
            return new StartRequest(principal, appId, resources, host, env);
        }
    }
}
