package org.helxplatform.tycho.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.model.ServiceEndpoint;
import org.helxplatform.tycho.model.StartResult;
import org.junit.jupiter.api.Test;

/** Python Tycho's start answer gives the port a user reaches: the node port, else the published host port. */
class ViewsTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @Test
    void theStartAnswerGivesTheNodePortElseTheHostPort() {
        Map<String, ServiceEndpoint> services = new LinkedHashMap<>();
        services.put("kube", new ServiceEndpoint("port-1", 8888, "kube-" + ID + ".ns.svc:8888", "10.0.0.1", 8888,
                30123));
        services.put("docker", new ServiceEndpoint("port-1", 80, "docker:80", "127.0.0.1", 32864, null));
        services.put("memory", new ServiceEndpoint("port-1", 8000, "memory-" + ID + ":8000", null, null, null));

        Map<String, Object> answer = Views.pythonStart(new StartResult("app-" + ID, ID, "", services, null));

        assertThat(answer.get("containers")).isEqualTo(Map.of(
                "kube", ports("10.0.0.1", 30123),
                "docker", ports("127.0.0.1", 32864),
                "memory", ports(null, null)));
    }

    private static Map<String, Object> ports(String ipAddress, Integer port) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("ip_address", ipAddress);
        entry.put("port-1", port);
        return entry;
    }
}
