package org.helxplatform.tycho.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.SystemCompiler;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoException;
import org.helxplatform.tycho.model.TychoSystem;
import picocli.CommandLine.Option;

/**
 * A docker-compose file given on the command line ({@code up} and {@code compile}), and how it becomes a system
 * without a registry: the main service is {@code -n} or the file's first service, and names the app; the
 * resources are the spec's own; every service with a port gets a Kubernetes Service on its first port (the
 * compiler's rule without a registry). The spec is used as written: no registry settings and no {@code .env} file
 * are applied to it.
 */
final class SpecOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
            description = "The docker-compose file (the Tycho subset: image, entrypoint, ports, env or environment,"
                    + " volumes as pvc://claim[/subpath]:/path, deploy.resources).")
    private Path file;

    @Option(names = {"-n", "--name"}, paramLabel = "SERVICE",
            description = "The main service: it names the app and must declare deploy.resources.limits and"
                    + " .reservations (default: the file's first service).")
    private String name;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "${sys:user.name}",
            description = "The user the app runs for (default: ${DEFAULT-VALUE}).")
    private String user;

    /**
     * Compiles the file into a system with a new identifier.
     *
     * @param settings the Tycho settings
     * @return the system and the warnings about the spec
     * @throws TychoException when the file cannot be read or is not a valid spec, naming the file and the place
     */
    CompiledSystem compile(Map<String, String> settings) {
        ComposeSpec spec = ComposeSpec.parse(read(), file.toString());
        String app = name != null ? name : firstService(spec);
        String identifier = UUID.randomUUID().toString().replace("-", "");
        CompileRequest request = CompileRequest.builder(app, identifier, spec, Principal.of(user)).build();
        return new SystemCompiler(TychoSettings.of(settings), TemplateEngine.builder().build()).compile(request);
    }

    /**
     * The request Python Tycho's client sends to a server's {@code /system/start} for this file: its compose tree,
     * the user as principal, and the services of a compiled system.
     *
     * @param system the file compiled locally (which checks it before anything is sent)
     * @return the request
     */
    Map<String, Object> startRequest(TychoSystem system) {
        Map<String, Object> services = new LinkedHashMap<>();
        system.services().forEach((name, service) -> services.put(name, Map.of("port",
                Integer.parseInt(service.port()))));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", system.appId());
        request.put("principal", Map.of("username", user));
        request.put("env", Map.of());
        request.put("system", ComposeSpec.parse(read(), file.toString()).tree());
        request.put("services", services);
        return request;
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TychoException("spec file " + file + " does not exist; pass a docker-compose file with -f");
        } catch (IOException e) {
            throw new TychoException("cannot read spec file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first service in the order of the file (the spec's service names are sorted). */
    private static String firstService(ComposeSpec spec) {
        Map<?, ?> services = (Map<?, ?>) spec.tree().get("services");
        return String.valueOf(services.keySet().iterator().next());
    }
}
