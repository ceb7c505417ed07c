package org.helxplatform.tycho.backend.docker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import java.io.IOException;
import java.net.URI;

/** Turns what docker-java throws into one line a person can act on. */
final class EngineErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineErrors() {
    }

    /**
     * @param e          a failure talking to the engine
     * @param dockerHost the engine's address
     * @return the engine's own message (without the HTTP wrapping), or that the engine cannot be reached
     */
    static String describe(Throwable e, URI dockerHost) {
        if (e instanceof DockerException docker) {
            return "the Docker engine answered " + docker.getHttpStatus() + ": " + engineMessage(docker.getMessage());
        }
        Throwable root = e;
        while (!(root instanceof IOException) && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IOException) {
            return "cannot reach the Docker engine at " + dockerHost + " (" + root.getMessage() + "); start Docker,"
                    + " or set DOCKER_HOST to where it listens";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * @param e a failure starting a container
     * @return whether the engine failed because a published host port is taken
     */
    static boolean portTaken(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("port is already allocated") || message.contains("address already in use");
    }

    /** The {@code message} of the engine's JSON error body ({@code Status 404: {"message":"..."}}). */
    private static String engineMessage(String text) {
        String body = text == null ? "" : text;
        int brace = body.indexOf('{');
        if (brace >= 0) {
            try {
                JsonNode message = JSON.readTree(body.substring(brace)).path("message");
                if (message.isTextual()) {
                    return message.asText().strip();
                }
            } catch (JsonProcessingException e) {
                // not JSON: the text as it is
            }
        }
        return body.strip();
    }
}
