package org.helxplatform.tycho.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemStatus;

/**
 * Python Tycho's JSON envelope {@code {status, result, message}}, for hosts that pass results through to clients
 * built for it. {@code status} is {@code success} or {@code error}; {@code result} uses Python Tycho's field names
 * ({@code sid}, {@code app_id}, {@code creation_time}, {@code is_ready}, {@code workspace_name}, ...).
 *
 * @param status  {@code success} or {@code error}
 * @param result  the result as JSON-like maps and lists, or {@code null}
 * @param message a human-readable message
 */
public record TychoResponse(String status, Object result, String message) {

    /** The status of a successful operation. */
    public static final String SUCCESS = "success";
    /** The status of a failed operation. */
    public static final String ERROR = "error";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A started system: {@code {name, sid, containers: {container: {ip_address, port-1}}, conn_string, url}}
     * ({@code port-1} is the service's node port, or the published host port where there is no node port).
     *
     * @param result the start result
     * @return the envelope
     */
    public static TychoResponse of(StartResult result) {
        Map<String, Object> containers = new LinkedHashMap<>();
        result.services().forEach((container, endpoint) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ip_address", endpoint.ipAddress());
            if (endpoint.portName() != null) {
                entry.put(endpoint.portName(), endpoint.nodePort() != null ? endpoint.nodePort()
                        : endpoint.externalPort());
            }
            containers.put(container, entry);
        });
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", result.name());
        map.put("sid", result.identifier());
        map.put("containers", containers);
        map.put("conn_string", result.connString());
        map.put("url", result.url());
        return new TychoResponse(SUCCESS, map, "Started system " + result.name());
    }

    /**
     * Running systems, one entry per system, with Python Tycho's fields ({@code name, app_id, sid, username,
     * creation_time, utilization, workspace_name, is_ready, ip_address, port}), the totals hosts show
     * ({@code total_utilization}: cpu in millicores, gpu × 1000, memory in GB), and the state and URL
     * ({@code phase, reason, message, url}).
     *
     * @param systems         the status entries
     * @param gpuResourceName the GPU resource name in limits, e.g. {@code nvidia.com/gpu}
     * @return the envelope
     */
    public static TychoResponse of(List<SystemStatus> systems, String gpuResourceName) {
        List<Object> entries = new ArrayList<>();
        for (SystemStatus system : systems) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", system.name());
            entry.put("app_id", system.appId());
            entry.put("sid", system.identifier());
            entry.put("username", system.username());
            entry.put("creation_time", system.creationTimeText());
            entry.put("utilization", system.utilization());
            SystemStatus.Utilization total = system.totalUtilization(gpuResourceName);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("cpu", total.cpuMillicores());
            totals.put("gpu", total.gpuMillis());
            totals.put("memory", total.memoryGb());
            entry.put("total_utilization", totals);
            entry.put("workspace_name", system.workspaceName());
            entry.put("is_ready", system.ready());
            entry.put("ip_address", system.ipAddress());
            entry.put("port", system.port() == null ? null : String.valueOf(system.port()));
            entry.put("phase", system.phase().name());
            entry.put("reason", system.state().reason());
            entry.put("message", system.state().message());
            entry.put("url", system.url());
            entries.add(entry);
        }
        return new TychoResponse(SUCCESS, entries, "Found " + systems.size() + " running "
                + (systems.size() == 1 ? "system" : "systems"));
    }

    /**
     * A modified system: {@code {sid, patches}}.
     *
     * @param result the modify result
     * @return the envelope
     */
    public static TychoResponse of(ModifyResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sid", result.identifier());
        map.put("patches", result.patches());
        return new TychoResponse(SUCCESS, map, "Modified system " + result.identifier());
    }

    /**
     * A deleted system: {@code {sid, deleted_objects}}.
     *
     * @param result the delete result
     * @return the envelope
     */
    public static TychoResponse of(DeleteResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sid", result.identifier());
        map.put("deleted_objects", result.deletedObjects());
        return new TychoResponse(SUCCESS, map, result.deletedObjects() == 0
                ? "No system " + result.identifier() + " was running" : "Deleted system " + result.identifier());
    }

    /**
     * A failure.
     *
     * @param error what failed
     * @return the envelope, with the error's message
     */
    public static TychoResponse error(Throwable error) {
        return new TychoResponse(ERROR, null, error.getMessage() == null ? error.getClass().getSimpleName()
                : error.getMessage());
    }

    /** @return the envelope as indented JSON */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", status);
        map.put("result", result);
        map.put("message", message);
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the response as JSON", e);
        }
    }
}
