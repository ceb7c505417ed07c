package org.helxplatform.tycho.model;

import java.util.List;
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
 * @param warnings   what the start did differently from what the app asked for, e.g. a {@code pvc://} claim that
 *                   does not exist and was left out; each names the app and what to do. Empty when none
 */
public record StartResult(String name, String identifier, String connString, Map<String, ServiceEndpoint> services,
                          String url, List<String> warnings) {

    /**
     * Copies.
     *
     * @param name       {@code <app id>-<identifier>}
     * @param identifier the system identifier (sid)
     * @param connString the app's connection string, empty for none
     * @param services   container name to where its service can be reached, in container order
     * @param url        the URL a user opens, or {@code null} when not known yet (e.g. a load balancer address not
     *                   yet assigned) or when the system has no service
     * @param warnings   what the start did differently from what the app asked for; {@code null} is read as none
     * @throws InvalidValueException when a value is invalid
     */
    public StartResult {
        services = Copies.map(services, "services");
        warnings = Copies.list(warnings, "warnings");
    }

    /**
     * A result without warnings.
     *
     * @param name       {@code <app id>-<identifier>}
     * @param identifier the system identifier (sid)
     * @param connString the app's connection string, empty for none
     * @param services   container name to where its service can be reached, in container order
     * @param url        the URL a user opens, or {@code null}
     */
    public StartResult(String name, String identifier, String connString, Map<String, ServiceEndpoint> services,
                       String url) {
        this(name, identifier, connString, services, url, List.of());
    }
}
