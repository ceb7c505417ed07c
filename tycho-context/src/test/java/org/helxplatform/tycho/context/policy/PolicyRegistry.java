package org.helxplatform.tycho.context.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;

/**
 * A registry written for the policy tests, published as if at {@link #BASE}: apps {@code one} (no {@code count}:
 * one instance per user), {@code two} ({@code count: 2}), {@code many} ({@code count: -1}), each a single container
 * with a limit of 1 CPU and 1G; and {@code pair} ({@code count: -1}), whose second container {@code helper} has a
 * limit of 0.5 CPU and 256M.
 */
final class PolicyRegistry {

    /** Where the registry is "published". */
    static final URI BASE = URI.create("https://apps.example.org/raw/policy/");

    private PolicyRegistry() {
    }

    /**
     * Writes the registry into a directory.
     *
     * @param directory an empty directory
     * @return the registry source reading it
     */
    static RegistrySource write(Path directory) {
        try {
            Files.writeString(directory.resolve("app-defaults.yaml"), "lock-resources: false\n");
            Files.writeString(directory.resolve("app-registry.yaml"), """
                    api: tycho/v1
                    version: 0.1.0
                    repositories:
                      policy_apps:
                        url: app-specs
                    contexts:
                      common:
                        name: Policy apps
                        apps:
                          one:
                            name: One
                            services: {one: 8000}
                          two:
                            name: Two
                            count: 2
                          many:
                            name: Many
                            count: -1
                          pair:
                            name: Pair
                            count: -1
                    """);
            for (String app : new String[] {"one", "two", "many"}) {
                spec(directory, app, "");
            }
            spec(directory, "pair", """
                      helper:
                        image: images.example.org/helper:1.0
                        deploy:
                          resources:
                            limits: {cpus: '0.5', memory: 256M}
                    """);
            return RegistrySource.of(BASE, ResourceLoaders.mapping(BASE.toString(), directory));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void spec(Path directory, String app, String more) throws IOException {
        Path dir = Files.createDirectories(directory.resolve("app-specs").resolve(app));
        Files.writeString(dir.resolve("docker-compose.yaml"), """
                version: "3"
                services:
                  %s:
                    image: images.example.org/%s:1.0
                    ports:
                      - 8000:8000
                    deploy:
                      resources:
                        limits: {cpus: '1', memory: 1G}
                        reservations: {cpus: '0.5', memory: 512M}
                """.formatted(app, app) + more);
    }
}
