package org.helxplatform.tycho.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.TychoException;

/**
 * A Tycho server, for the command line's {@code --server}: the commands send Python Tycho's requests to its
 * {@code /system/start|status|modify|delete} endpoints (the same wire format as Python Tycho's own client) and list
 * apps with {@code GET /v1/apps}, with the token of {@code TYCHO_TOKEN} as bearer token. The server's answer is the
 * {@code {status, result, message}} envelope the local commands print, so the output does not change.
 */
final class RemoteTycho {

    /** The environment variable holding the server's token. */
    static final String TOKEN = "TYCHO_TOKEN";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param server the server's base URL
     * @param token  its bearer token
     */
    RemoteTycho(URI server, String token) {
        String text = server.toString();
        this.server = URI.create(text.endsWith("/") ? text : text + "/");
        this.token = token;
    }

    /**
     * Calls one of Python Tycho's endpoints.
     *
     * @param verb    start, status, modify or delete
     * @param request the request
     * @return the envelope; its result as maps, lists and scalars
     * @throws TychoException with the server's message when it answers {@code status: error}, or when it cannot be
     *                        reached or refuses the token
     */
    TychoResponse call(String verb, Map<String, Object> request) {
        String body;
        try {
            body = JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new TychoException("cannot write the " + verb + " request as JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode envelope = send(HttpRequest.newBuilder(server.resolve("system/" + verb))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        String message = envelope.path("message").asText();
        if (!"success".equals(envelope.path("status").asText())) {
            throw new TychoException("the Tycho server at " + server + " answered: " + message);
        }
        return new TychoResponse(TychoResponse.SUCCESS, JSON.convertValue(envelope.get("result"), Object.class),
                message);
    }

    /**
     * Reads a /v1 resource.
     *
     * @param path the path, e.g. {@code v1/apps}
     * @return the answer
     */
    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(server.resolve(path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = client.send(request.header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TychoException("cannot reach the Tycho server at " + server + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TychoException("interrupted while waiting for the Tycho server at " + server, e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new TychoException("the Tycho server at " + server + " answered HTTP " + response.statusCode()
                    + " with a body that is not JSON; is --server the server's base URL?");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new TychoException("the Tycho server at " + server + " refused the token of " + TOKEN + " (HTTP "
                    + response.statusCode() + "): " + detail(answer));
        }
        if (response.statusCode() != 200) {
            throw new TychoException("the Tycho server at " + server + " answered HTTP " + response.statusCode() + ": "
                    + detail(answer));
        }
        return answer;
    }

    private static String detail(JsonNode answer) {
        return answer.has("detail") ? answer.path("detail").asText() : answer.path("message").asText();
    }

    @Override
    public String toString() {
        return "Tycho server at " + server;
    }
}
