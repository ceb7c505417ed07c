package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.helxplatform.tycho.backend.UnknownSystemException;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import org.junit.jupiter.api.Test;

/** Python Tycho's {@code {status, result, message}} envelope, field by field and in order. */
class TychoResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SID = "0123456789abcdef0123456789abcdef";

    private static JsonNode parse(TychoResponse response) throws Exception {
        String json = response.toJson();
        assertThat(json).contains("\n");  // indented
        return JSON.readTree(json);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void startResponse() throws Exception {
        Map<String, ServiceEndpoint> services = new LinkedHashMap<>();
        services.put("jupyter-ds", new ServiceEndpoint("port-1", 8888, "jupyter-ds-" + SID + ".helx.svc:8888",
                "10.1.2.3", 8888, 30123));
        services.put("behind-proxy", new ServiceEndpoint("port-1", 8080, null, null, null, null));
        services.put("docker", new ServiceEndpoint("port-1", 80, "docker:80", "127.0.0.1", 49153, null));
        services.put("no-port", new ServiceEndpoint(null, null, null, null, null, null));
        TychoResponse response = TychoResponse.of(new StartResult("jupyter-ds-" + SID, SID, "SASStudio", services,
                "https://helx.example.org/private/jupyter-ds/alice/" + SID + "/"));

        assertThat(response.status()).isEqualTo(TychoResponse.SUCCESS).isEqualTo("success");
        assertThat(response.message()).isEqualTo("Started system jupyter-ds-" + SID);
        JsonNode node = parse(response);
        assertThat(fieldNames(node)).containsExactly("status", "result", "message");
        assertThat(fieldNames(node.get("result"))).containsExactly("name", "sid", "containers", "conn_string",
                "url");
        assertThat(node).isEqualTo(json("{'status': 'success', 'result': {'name': 'jupyter-ds-" + SID + "',"
                + " 'sid': '" + SID + "', 'containers': {"
                + "'jupyter-ds': {'ip_address': '10.1.2.3', 'port-1': 30123},"
                + "'behind-proxy': {'ip_address': null, 'port-1': null},"
                + "'docker': {'ip_address': '127.0.0.1', 'port-1': 49153},"
                + "'no-port': {'ip_address': null}},"
                + " 'conn_string': 'SASStudio', 'url': 'https://helx.example.org/private/jupyter-ds/alice/" + SID
                + "/'}, 'message': 'Started system jupyter-ds-" + SID + "'}"));
        assertThat(fieldNames(node.get("result").get("containers")))
                .containsExactly("jupyter-ds", "behind-proxy", "docker", "no-port");
    }

    @Test
    void statusResponse() throws Exception {
        Map<String, Map<String, String>> utilization = new LinkedHashMap<>();
        Map<String, String> main = new LinkedHashMap<>();
        main.put("cpu", "1500m");
        main.put("memory", "2G");
        main.put("nvidia.com/gpu", "2");
        utilization.put("jupyter-ds", main);
        utilization.put("sidecar", Map.of("cpu", "0.5", "memory", "500M"));
        SystemStatus running = SystemStatus.builder("jupyter-ds", SID, "alice",
                        SystemState.of(SystemPhase.READY, "ContainersReady", ""))
                .creationTime(Instant.parse("2024-03-05T06:07:08Z"))
                .utilization(utilization)
                .url("http://10.1.2.3:8888/")
                .services(Map.of("jupyter-ds", new ServiceEndpoint("port-1", 8888, null, "10.1.2.3", 8888, 30123)))
                .build();
        SystemStatus starting = SystemStatus.builder("nginx", SID.replace('0', 'f'), "bob",
                SystemState.of(SystemPhase.STARTING, "Pulling", "pulling image nginx")).build();

        TychoResponse response = TychoResponse.of(List.of(running, starting), "nvidia.com/gpu");

        assertThat(response.status()).isEqualTo("success");
        assertThat(response.message()).isEqualTo("Found 2 running systems");
        JsonNode node = parse(response);
        JsonNode first = node.get("result").get(0);
        assertThat(fieldNames(first)).containsExactly("name", "app_id", "sid", "username", "creation_time",
                "utilization", "total_utilization", "workspace_name", "is_ready", "ip_address", "port", "phase",
                "reason", "message", "url");
        assertThat(first).isEqualTo(json("{'name': 'jupyter-ds-" + SID + "', 'app_id': 'jupyter-ds',"
                + " 'sid': '" + SID + "', 'username': 'alice', 'creation_time': '3-5-2024 6:7:8',"
                + " 'utilization': {'jupyter-ds': {'cpu': '1500m', 'memory': '2G', 'nvidia.com/gpu': '2'},"
                + "                 'sidecar': {'cpu': '0.5', 'memory': '500M'}},"
                + " 'total_utilization': {'cpu': 2000, 'gpu': 2000, 'memory': 2.5},"
                + " 'workspace_name': 'jupyter-ds', 'is_ready': true, 'ip_address': '10.1.2.3', 'port': '8888',"
                + " 'phase': 'READY', 'reason': 'ContainersReady', 'message': '', 'url': 'http://10.1.2.3:8888/'}"));
        JsonNode second = node.get("result").get(1);
        assertThat(second.get("creation_time").isNull()).isTrue();
        assertThat(second.get("is_ready").booleanValue()).isFalse();
        assertThat(second.get("phase").asText()).isEqualTo("STARTING");
        assertThat(second.get("reason").asText()).isEqualTo("Pulling");
        assertThat(second.get("port").isNull()).isTrue();
        assertThat(second.get("total_utilization")).isEqualTo(json("{'cpu': 0, 'gpu': 0, 'memory': 0.0}"));
        assertThat(second.get("utilization")).isEqualTo(json("{}"));
    }

    @Test
    void statusResponseCountsInTheMessageAndUsesTheGivenGpuResourceName() throws Exception {
        SystemStatus amd = SystemStatus.builder("a", SID, "alice", SystemState.of(SystemPhase.READY, "Ready", ""))
                .creationTime(Instant.EPOCH)
                .utilization(Map.of("a", Map.of("cpu", "1", "amd.com/gpu", "1", "nvidia.com/gpu", "4")))
                .build();
        TychoResponse one = TychoResponse.of(List.of(amd), "amd.com/gpu");
        assertThat(one.message()).isEqualTo("Found 1 running system");
        assertThat(parse(one).get("result").get(0).get("total_utilization").get("gpu").asLong()).isEqualTo(1000);
        assertThat(parse(one).get("result").get(0).get("creation_time").asText()).isEqualTo("1-1-1970 0:0:0");

        TychoResponse none = TychoResponse.of(List.of(), "nvidia.com/gpu");
        assertThat(none.message()).isEqualTo("Found 0 running systems");
        assertThat(parse(none)).isEqualTo(json("{'status': 'success', 'result': [], 'message':"
                + " 'Found 0 running systems'}"));
    }

    @Test
    void modifyResponse() throws Exception {
        Map<String, Object> patch = Map.of("spec", Map.of("template", Map.of("metadata",
                Map.of("labels", Map.of("team", "blue")))));
        TychoResponse response = TychoResponse.of(new ModifyResult(SID, List.of(patch, Map.of())));

        assertThat(response.message()).isEqualTo("Modified system " + SID);
        JsonNode node = parse(response);
        assertThat(fieldNames(node.get("result"))).containsExactly("sid", "patches");
        assertThat(node).isEqualTo(json("{'status': 'success', 'result': {'sid': '" + SID + "', 'patches': ["
                + "{'spec': {'template': {'metadata': {'labels': {'team': 'blue'}}}}}, {}]},"
                + " 'message': 'Modified system " + SID + "'}"));
    }

    @Test
    void deleteResponse() throws Exception {
        TychoResponse deleted = TychoResponse.of(new DeleteResult(SID, 4));
        assertThat(deleted.message()).isEqualTo("Deleted system " + SID);
        assertThat(parse(deleted)).isEqualTo(json("{'status': 'success', 'result': {'sid': '" + SID + "',"
                + " 'deleted_objects': 4}, 'message': 'Deleted system " + SID + "'}"));
        assertThat(fieldNames(parse(deleted).get("result"))).containsExactly("sid", "deleted_objects");

        TychoResponse nothing = TychoResponse.of(new DeleteResult(SID, 0));
        assertThat(nothing.status()).isEqualTo("success");
        assertThat(nothing.message()).isEqualTo("No system " + SID + " was running");
    }

    @Test
    void errorResponse() throws Exception {
        TychoResponse response = TychoResponse.error(new UnknownSystemException(SID));
        assertThat(response.status()).isEqualTo(TychoResponse.ERROR).isEqualTo("error");
        assertThat(response.result()).isNull();
        JsonNode node = parse(response);
        assertThat(fieldNames(node)).containsExactly("status", "result", "message");
        assertThat(node.get("result").isNull()).isTrue();
        assertThat(node.get("message").asText()).isEqualTo(new UnknownSystemException(SID).getMessage())
                .contains(SID);

        TychoResponse noMessage = TychoResponse.error(new NullPointerException());
        assertThat(noMessage.message()).isEqualTo("NullPointerException");
    }

    @Test
    void jsonEscapesText() throws Exception {
        TychoResponse response = TychoResponse.error(new IllegalStateException("a \"quoted\"\nline"));
        assertThat(parse(response).get("message").asText()).isEqualTo("a \"quoted\"\nline");
    }
}
