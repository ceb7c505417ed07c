package org.helxplatform.tycho.model;

import java.util.Map;

/**
 * A started system.
 *
 * @param name       {@code <app id>-<identifier>}
 * @param identifier the system identifier (sid)
 * @param connString the app's connection string, empty for none
 * @param services   container name to where its service can be reached, in container order
 */
public record StartResult(String name, String identifier, String connString, Map<String, ServiceEndpoint> services) {

    // Copies.
    public StartResult {
        services = Copies.map(services, "services");
    }
}
