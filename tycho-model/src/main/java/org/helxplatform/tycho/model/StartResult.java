package org.helxplatform.tycho.model;

import java.util.Map;

/**
 * A started system: its objects exist, it is usually not ready yet (see {@link SystemStatus#state()}).
 *
 * @param name       {@code <app id>-<identifier>}
 * @param identifier the system identifier (sid)
 * @param connString the app's connection string, empty for none
 * @param services   container name to where its service can be reached, in container order
 * @param url        the URL a user opens, or {@code null} when not known yet (e.g. a load balancer address not
 *                   yet assigned) or when the system has no service
 */
public record StartResult(String name, String identifier, String connString, Map<String, ServiceEndpoint> services,
                          String url) {

    // Copies.
    public StartResult {
        services = Copies.map(services, "services");
    }
}
