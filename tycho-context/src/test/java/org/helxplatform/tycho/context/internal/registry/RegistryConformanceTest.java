package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.helxplatform.tycho.context.SharedData;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.load.ResourceLoaders;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.Test;

/**
 * Resolves every case of {@code conformance/cases/registry}: the case's registry directory is served as if from its
 * {@code base_url} (nothing is downloaded), the product is resolved, and the apps are compared with
 * {@code expected.apps} as JSON values (map key order ignored, list order kept); a case that expects an error must
 * fail with one.
 */
class RegistryConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRegistryCaseResolvesAsExpected() throws IOException {
        Path conformance = SharedData.dir().resolve("conformance");
        List<Path> cases;
        try (Stream<Path> files = Files.list(conformance.resolve("cases/registry"))) {
            cases = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        for (Path file : cases) {
            String difference = run(conformance, JSON.readTree(file.toFile()));
            if (difference != null) {
                failures.add(file.getFileName() + ": " + difference);
            }
        }

        System.out.println("registry cases: " + (cases.size() - failures.size()) + " passed, " + failures.size()
                + " failed");
        failures.forEach(failure -> System.out.println("  " + failure));
        assertThat(cases).hasSize(280);
        assertThat(failures).isEmpty();
    }

    /** @return null when the case passes, else the first difference */
    private static String run(Path conformance, JsonNode testCase) {
        String baseUrl = testCase.get("base_url").asText();
        Path registry = conformance.resolve(testCase.get("registry").asText());
        RegistrySource source = RegistrySource.of(URI.create(baseUrl), ResourceLoaders.mapping(baseUrl, registry));
        JsonNode expected = testCase.get("expected");
        JsonNode actual;
        try {
            ResolvedProduct product = AppRegistry.load(source).resolve(testCase.get("product").asText());
            Map<String, Object> apps = new LinkedHashMap<>();
            product.apps().forEach((id, app) -> apps.put(id, app.raw()));
            actual = JSON.valueToTree(apps);
        } catch (TychoException e) {
            return expected.has("error") ? null : "unexpected error: " + e.getMessage();
        }
        if (expected.has("error")) {
            return "expected an error (" + expected.get("error").asText() + "), got apps " + actual;
        }
        return firstDifference("apps", expected.get("apps"), actual);
    }

    /** @return the path of the first difference and both values, or null when equal as JSON values */
    static String firstDifference(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String child = path + "." + key;
                if (!actual.has(key)) {
                    return child + ": missing, expected " + expected.get(key);
                }
                if (!expected.has(key)) {
                    return child + ": unexpected " + actual.get(key);
                }
                String difference = firstDifference(child, expected.get(key), actual.get(key));
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return path + ": expected " + expected.size() + " items, got " + actual.size();
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                String difference = firstDifference(path + "[" + i + "]", e.next(), a.next());
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return sameScalar(expected, actual) ? null : path + ": expected " + expected + ", got " + actual;
    }

    private static boolean sameScalar(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.isIntegralNumber() != actual.isIntegralNumber()) {
                return false;
            }
            return expected.isIntegralNumber() ? expected.bigIntegerValue().equals(actual.bigIntegerValue())
                    : expected.doubleValue() == actual.doubleValue();
        }
        return expected.equals(actual);
    }
}
