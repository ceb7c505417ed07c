package org.helxplatform.tycho.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API, kept deliberate: the public types (nested ones too) of every package not named {@code internal},
 * artifact by artifact, must be exactly those of {@code src/test/resources/public-api.txt}. A type made public, or
 * one removed, fails this test until the list says so. Also: every jar names its Java module.
 *
 * <p>The artifacts are this module's Tycho dependencies as the build resolved them: the jars of this build (or
 * their class directories when the build stops before packaging).
 */
class PublicApiTest {

    private static final String LIST = "public-api.txt";
    /** What the contract kit's test-jar holds (the same filter as the jar plugin's in tycho-backend-spi). */
    private static final String TESTKIT = "org/helxplatform/tycho/backend/testkit/";

    @Test
    void thePublicTypesOfTheApiPackagesAreTheListedOnes() throws IOException {
        Map<String, Set<String>> actual = publicTypes();
        Map<String, Set<String>> listed = listed();

        List<String> differences = new ArrayList<>();
        Set<String> artifacts = new TreeSet<>(actual.keySet());
        artifacts.addAll(listed.keySet());
        for (String artifact : artifacts) {
            Set<String> added = new TreeSet<>(actual.getOrDefault(artifact, Set.of()));
            added.removeAll(listed.getOrDefault(artifact, Set.of()));
            Set<String> removed = new TreeSet<>(listed.getOrDefault(artifact, Set.of()));
            removed.removeAll(actual.getOrDefault(artifact, Set.of()));
            added.forEach(type -> differences.add(artifact + ": public but not listed: " + type));
            removed.forEach(type -> differences.add(artifact + ": listed but not public: " + type));
        }

        long types = actual.values().stream().mapToLong(Set::size).sum();
        long topLevel = actual.values().stream().flatMap(Set::stream).filter(type -> !isNested(type)).count();
        System.out.println("public API: " + topLevel + " top-level types (" + types + " with nested ones) in "
                + actual.size() + " artifacts");
        assertThat(differences)
                .as("the public types differ from consumer-tests/src/test/resources/%s; make the type package-private"
                        + " or move it to an internal package, or, if it is meant to be API, list it there", LIST)
                .isEmpty();
    }

    @Test
    void everyJarNamesItsJavaModule() throws IOException {
        List<Path> jars = artifacts().values().stream().filter(path -> path.toString().endsWith(".jar")).toList();
        assumeTrue(!jars.isEmpty(), "the Tycho artifacts are class directories here (the build did not package"
                + " them), so there is no manifest to check");
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                String name = file.getManifest() == null ? null
                        : file.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                assertThat(name).as("Automatic-Module-Name of %s", jar.getFileName())
                        .matches("org\\.helxplatform\\.tycho(\\.[a-z][a-z0-9]*)+");
            }
        }
    }

    /** Artifact (e.g. {@code tycho-model}, {@code tycho-backend-spi:tests}) to its public API types. */
    private static Map<String, Set<String>> publicTypes() throws IOException {
        Map<String, Set<String>> types = new TreeMap<>();
        for (Map.Entry<String, Path> artifact : artifacts().entrySet()) {
            Set<String> names = new TreeSet<>();
            boolean testkit = artifact.getKey().endsWith(":tests");
            for (String entry : classFiles(artifact.getValue())) {
                if (testkit && !entry.startsWith(TESTKIT)) {
                    continue;
                }
                String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                if (className.endsWith("package-info") || className.endsWith("module-info")
                        || className.matches(".*\\.internal(\\..*)?")) {
                    continue;
                }
                Class<?> type = load(className);
                if (isPublicApi(type)) {
                    names.add(type.getCanonicalName());
                }
            }
            types.put(artifact.getKey(), names);
        }
        return types;
    }

    private static boolean isPublicApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNested(String canonicalName) {
        String[] parts = canonicalName.split("\\.");
        return parts.length > 1 && Character.isUpperCase(parts[parts.length - 2].charAt(0));
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name + " from the test class path", e);
        }
    }

    /**
     * The Tycho artifacts on the test class path: jars of this build ({@code tycho-model-<version>.jar},
     * {@code tycho-backend-spi-<version>-tests.jar}) or class directories ({@code tycho-model/target/classes}).
     */
    private static Map<String, Path> artifacts() {
        Map<String, Path> artifacts = new TreeMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String file = path.getFileName().toString();
            String artifact = null;
            if (file.matches("tycho-.*\\.jar") && !file.startsWith("tycho-consumer-tests")) {
                String version = System.getProperty("tycho.version", "");
                String base = file.substring(0, file.length() - ".jar".length());
                boolean tests = base.endsWith("-tests");
                base = tests ? base.substring(0, base.length() - "-tests".length()) : base;
                base = base.endsWith("-" + version) ? base.substring(0, base.length() - version.length() - 1) : base;
                artifact = base + (tests ? ":tests" : "");
            } else if ((file.equals("classes") || file.equals("test-classes")) && path.getParent() != null
                    && path.getParent().getFileName().toString().equals("target")) {
                String module = path.getParent().getParent().getFileName().toString();
                if (!module.equals("consumer-tests")) {
                    artifact = module + (file.equals("test-classes") ? ":tests" : "");
                }
            }
            if (artifact != null) {
                artifacts.put(artifact, path);
            }
        }
        assertThat(artifacts).as("Tycho artifacts on the test class path").containsKey("tycho-model");
        return artifacts;
    }

    /** The class files of a jar or directory, as paths with {@code /}. */
    private static List<String> classFiles(Path artifact) throws IOException {
        if (Files.isDirectory(artifact)) {
            try (Stream<Path> files = Files.walk(artifact)) {
                return files.filter(f -> f.toString().endsWith(".class"))
                        .map(f -> artifact.relativize(f).toString().replace(File.separatorChar, '/'))
                        .sorted().toList();
            }
        }
        try (JarFile jar = new JarFile(artifact.toFile())) {
            return jar.stream().map(e -> e.getName()).filter(name -> name.endsWith(".class")).sorted().toList();
        }
    }

    /** The checked-in list: an artifact name at the start of a line, its types indented under it. */
    private static Map<String, Set<String>> listed() {
        Map<String, Set<String>> listed = new TreeMap<>();
        try (InputStream in = PublicApiTest.class.getResourceAsStream("/" + LIST)) {
            assertThat(in).as(LIST + " on the test class path").isNotNull();
            String artifact = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .collect(Collectors.toList())) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (!Character.isWhitespace(line.charAt(0))) {
                    artifact = line.trim();
                    listed.put(artifact, new TreeSet<>());
                } else {
                    assertThat(artifact).as("an artifact line before " + line.trim()).isNotNull();
                    listed.get(artifact).add(line.trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return listed;
    }
}
