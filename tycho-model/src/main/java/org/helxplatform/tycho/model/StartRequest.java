package org.helxplatform.tycho.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a host asks for when it starts an app for a user.
 *
 * @param principal         the user
 * @param appId             the app of the registry
 * @param resources         the resources, replacing the main service's compose {@code deploy.resources}; {@code null}
 *                          keeps the spec's own
 * @param host              the host name the user reached the app store at, possibly empty
 * @param extraContainerEnv extra environment variables for every container, in order
 */
public record StartRequest(Principal principal, String appId, ResourceRequest resources, String host,
                           Map<String, String> extraContainerEnv) {

    // Validates and copies.
    public StartRequest {
        Objects.requireNonNull(principal, "principal");
        Names.requireNonBlank("appId", appId);
        host = Names.requireHost("host", host == null ? "" : host);
        extraContainerEnv = Copies.map(extraContainerEnv, "extraContainerEnv");
        extraContainerEnv.keySet().forEach(key -> Names.requireEnvName("extraContainerEnv", key));
    }

    /** @return the request without environment values, which may be secrets */
    @Override
    public String toString() {
        return "StartRequest[principal=" + principal + ", appId=" + appId + ", resources=" + resources + ", host="
                + host + ", extraContainerEnv=" + extraContainerEnv.keySet() + "]";
    }
}
