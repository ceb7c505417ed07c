package org.helxplatform.tycho.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * The JSON shapes of results: Python Tycho's, field for field (a system identifier is its {@code sid}), and the /v1
 * API's (where it is its {@code identifier}, the library's word). Maps keep their order, so the same result is always
 * written as the same bytes.
 */
public final class Views {

    private Views() {
    }

    /**
     * Python Tycho's envelope.
     *
     * @param status  {@code success} or {@code error}
     * @param result  the result
     * @param message the message
     * @return {@code {status, result, message}}
     */
    public static Map<String, Object> envelope(String status, Object result, String message) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status);
        map.put("result", result);
        map.put("message", message);
        return map;
    }

    /**
     * A status entry exactly as Python Tycho's {@code /system/status} wrote it: these ten keys and no others (its
     * client passes each entry as keyword arguments to a constructor, which refuses unknown ones). An address or port
     * the backend does not know is an empty string, which the client prints as it is.
     *
     * @param system the status
     * @return the entry
     */
    public static Map<String, Object> pythonStatus(SystemStatus system) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", system.name());
        entry.put("app_id", system.appId());
        entry.put("sid", system.identifier());
        entry.put("ip_address", system.ipAddress() == null ? "" : system.ipAddress());
        entry.put("port", system.port() == null ? "" : String.valueOf(system.port()));
        entry.put("creation_time", system.creationTimeText());
        entry.put("username", system.username());
        entry.put("utilization", system.utilization());
        entry.put("workspace_name", system.workspaceName());
        entry.put("is_ready", system.ready());
        return entry;
    }

    /**
     * A started system as Python Tycho's {@code /system/start} wrote it.
     *
     * @param result the start result
     * @return {@code {name, sid, containers: {container: {ip_address, <port name>: node or host port}}, conn_string}}
     */
    public static Map<String, Object> pythonStart(StartResult result) {
        Map<String, Object> containers = new LinkedHashMap<>();
        result.services().forEach((container, endpoint) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ip_address", endpoint.ipAddress());
            // The node port, or the published host port where there is none (the Docker backend, a load balancer).
            entry.put(endpoint.portName() == null ? "port-1" : endpoint.portName(),
                    endpoint.nodePort() != null ? endpoint.nodePort() : endpoint.externalPort());
            containers.put(container, entry);
        });
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", result.name());
        map.put("sid", result.identifier());
        map.put("containers", containers);
        map.put("conn_string", result.connString());
        return map;
    }

    /**
     * An app of the registry (its settings, which may hold secrets, are left out).
     *
     * @param app the app
     * @return the view
     */
    public static Map<String, Object> app(AppEntry app) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", app.id());
        map.put("name", app.name());
        map.put("description", app.description());
        map.put("details", app.details());
        map.put("docs", app.docs().orElse(null));
        map.put("icon", app.icon().toString());
        map.put("services", app.services());
        map.put("count", app.count());
        map.put("lockResources", app.lockResources());
        return map;
    }

    /**
     * A running system, in the /v1 API.
     *
     * @param system the status
     * @return the view
     */
    public static Map<String, Object> system(SystemStatus system) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("identifier", system.identifier());
        map.put("name", system.name());
        map.put("app", system.appId());
        map.put("user", system.username());
        map.put("created", system.creationTime() == null ? null : system.creationTime().toString());
        map.put("ready", system.ready());
        map.put("state", state(system.state()));
        map.put("url", system.url());
        map.put("workspaceName", system.workspaceName());
        map.put("utilization", system.utilization());
        Map<String, Object> services = new LinkedHashMap<>();
        system.services().forEach((container, endpoint) -> services.put(container, endpoint(endpoint)));
        map.put("services", services);
        return map;
    }

    /**
     * A started system, in the /v1 API.
     *
     * @param result the start result
     * @param app    the app id
     * @param user   the user it runs for
     * @return the view
     */
    public static Map<String, Object> started(StartResult result, String app, String user) {
        Map<String, Object> services = new LinkedHashMap<>();
        result.services().forEach((container, endpoint) -> services.put(container, endpoint(endpoint)));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("identifier", result.identifier());
        map.put("name", result.name());
        map.put("app", app);
        map.put("user", user);
        map.put("connString", result.connString());
        map.put("url", result.url());
        map.put("services", services);
        return map;
    }

    /**
     * A modified system, in the /v1 API.
     *
     * @param result the modify result
     * @return {@code {identifier, patches}}
     */
    public static Map<String, Object> modified(ModifyResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("identifier", result.identifier());
        map.put("patches", new ArrayList<>(result.patches()));
        return map;
    }

    /**
     * @param systems systems
     * @return their /v1 views, in order
     */
    public static List<Object> systems(List<SystemStatus> systems) {
        List<Object> views = new ArrayList<>();
        systems.forEach(system -> views.add(system(system)));
        return views;
    }

    /**
     * A launch event, in the /v1 API's event stream.
     *
     * @param event the event
     * @return the view
     */
    public static Map<String, Object> event(LaunchEvent event) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("identifier", event.identifier());
        map.put("sequence", event.sequence());
        map.put("time", event.time().toString());
        map.put("kind", event.kind().name());
        map.put("reason", event.reason());
        map.put("message", event.message());
        map.put("involvedObject", event.involvedObject());
        map.put("warning", event.warning());
        map.put("state", state(event.state()));
        return map;
    }

    private static Map<String, Object> state(SystemState state) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phase", state.phase().name());
        map.put("reason", state.reason());
        map.put("message", state.message());
        return map;
    }

    private static Map<String, Object> endpoint(ServiceEndpoint endpoint) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("portName", endpoint.portName());
        map.put("port", endpoint.port());
        map.put("clusterAddress", endpoint.clusterAddress());
        map.put("ipAddress", endpoint.ipAddress());
        map.put("externalPort", endpoint.externalPort());
        map.put("nodePort", endpoint.nodePort());
        return map;
    }
}
