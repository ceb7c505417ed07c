package org.helxplatform.tycho.compiler.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.helxplatform.tycho.compiler.internal.yaml.Yaml11;
import org.helxplatform.tycho.model.TychoException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class JsonSchemaValidatorTest {

    private static final String SCHEMA = "schema/test-compose.schema.json";

    private static JsonSchemaValidator validator() {
        return JsonSchemaValidator.fromClasspath(SCHEMA);
    }

    private static List<Violation> validateYaml(String yaml) {
        return validator().validate(Yaml11.load(yaml, "test.yaml"));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    @Nested
    class ValidDocuments {

        @Test
        void aCompleteDocumentHasNoViolations() {
            assertThat(validateYaml("""
                    version: "3"
                    x-extra: anything at the top is allowed
                    services:
                      web:
                        image: nginx:1.25
                        ports: ["8080:80", 443]
                        environment: {A: "1", B: 2, C: true, D: null}
                        restart: unless-stopped
                        command: [nginx, -g, daemon off;]
                        healthcheck: {retries: 3, interval: 10s, timeout: 5s}
                        volumes: [[data, /data], [logs, /var/log]]
                        profile: auto
                        x-note: extra keys in a service are allowed too
                      db:
                        image: postgres
                        environment: [POSTGRES_PASSWORD=secret]
                        command: postgres -c fsync=off
                        profile: 2
                    """)).isEmpty();
        }

        @Test
        void acceptsTreesBuiltInJava() {
            Map<String, Object> tree = map("services", map("web", map("image", "nginx", "ports", list(80, "8080:80"))));
            assertThat(validator().validate(tree)).isEmpty();
        }
    }

    @Nested
    class Messages {

        @Test
        void missingRequiredKeyAtTheRootHasTheEmptyPath() {
            List<Violation> violations = validateYaml("version: '3'\n");
            assertThat(violations).containsExactly(new Violation("", "missing required key \"services\""));
            assertThat(violations.get(0)).hasToString("(root): missing required key \"services\"");
        }

        @Test
        void missingRequiredKeyNamesTheMappingItBelongsTo() {
            assertThat(validateYaml("services: {web: {ports: [80]}}"))
                    .containsExactly(new Violation("services.web", "missing required key \"image\""));
        }

        @Test
        void wrongTypeSaysWhatItMustBeAndWhatItIs() {
            assertThat(validateYaml("services: {web: {image: 5}}"))
                    .containsExactly(new Violation("services.web.image", "must be a string (got integer)"));
            assertThat(validateYaml("services: []"))
                    .containsExactly(new Violation("services", "must be a mapping (got list)"));
            assertThat(validator().validate(null))
                    .containsExactly(new Violation("", "must be a mapping (got null)"));
        }

        @Test
        void oneOfOfTypesBecomesOneMessageListingTheTypes() {
            assertThat(validateYaml("services: {web: {image: x, ports: [80, {published: 8080}]}}"))
                    .containsExactly(new Violation("services.web.ports[1]",
                            "must be a string or an integer (got mapping)"));
            assertThat(validateYaml("services: {web: {image: x, ports: [1.5]}}"))
                    .containsExactly(new Violation("services.web.ports[0]",
                            "must be a string or an integer (got number)"));
            assertThat(validateYaml("services: {web: {image: x, environment: A=1}}"))
                    .containsExactly(new Violation("services.web.environment",
                            "must be a mapping or a list (got string)"));
        }

        @Test
        void oneOfWithConstAlternativeListsTheValue() {
            assertThat(validateYaml("services: {web: {image: x, profile: manual}}"))
                    .containsExactly(new Violation("services.web.profile",
                            "must be \"auto\" or an integer (got \"manual\")"));
        }

        @Test
        void oneOfReportsOnlyTheAlternativeTheValueWasMeantToBe() {
            // A string port: only the string alternative applies, so its pattern is the problem.
            assertThat(validateYaml("services: {web: {image: x, ports: [8080-x]}}"))
                    .containsExactly(new Violation("services.web.ports[0]",
                            "must match the pattern ^[0-9]+(:[0-9]+)?$ (got \"8080-x\")"));
            // An integer port: only the integer alternative applies.
            assertThat(validateYaml("services: {web: {image: x, ports: [70000]}}"))
                    .containsExactly(new Violation("services.web.ports[0]", "must be at most 65535 (got 70000)"));
            // A mapping environment: the error is inside the mapping alternative, one level down.
            assertThat(validateYaml("services: {web: {image: x, environment: {A: [1, 2]}}}"))
                    .containsExactly(new Violation("services.web.environment.A",
                            "must be a string, a number or a boolean (got list)"));
            assertThat(validateYaml("services: {web: {image: x, command: []}}"))
                    .containsExactly(new Violation("services.web.command", "must have at least 1 item (got 0)"));
        }

        @Test
        void enumListsTheAllowedValues() {
            assertThat(validateYaml("services: {web: {image: x, restart: sometimes}}"))
                    .containsExactly(new Violation("services.web.restart",
                            "must be one of \"no\", \"always\", \"on-failure\", \"unless-stopped\" (got \"sometimes\")"));
        }

        @Test
        void unknownKeyWhereAdditionalPropertiesAreNotAllowed() {
            assertThat(validateYaml("services: {web: {image: x, healthcheck: {retries: 3, retry: 4}}}"))
                    .containsExactly(new Violation("services.web.healthcheck", "unknown key \"retry\""));
        }

        @Test
        void nestedArraysAreIndexedAtEachLevel() {
            assertThat(validateYaml("services: {web: {image: x, volumes: [[a, b], [c], [d, 3]]}}"))
                    .containsExactly(
                            new Violation("services.web.volumes[1]", "must have at least 2 items (got 1)"),
                            new Violation("services.web.volumes[2][1]", "must be a string (got integer)"));
        }

        @Test
        void boundsAndLengths() {
            assertThat(validateYaml("services: {web: {image: '', healthcheck: {retries: -1}}}"))
                    .containsExactly(
                            new Violation("services.web.image", "must be at least 1 characters long (got 0)"),
                            new Violation("services.web.healthcheck.retries", "must be at least 0 (got -1)"));
            assertThat(validateYaml("services: {}"))
                    .containsExactly(new Violation("services", "must have at least 1 key (got 0)"));
        }

        @Test
        void keysThatAreNotPlainWordsAreQuotedInBrackets() {
            assertThat(validateYaml("services: {my.app: {image: 1}, \"a b\": {image: x}}"))
                    .containsExactly(new Violation("services[\"my.app\"].image", "must be a string (got integer)"));
        }

        @Test
        void yamlScalarsAreCheckedAsPyYamlReadsThem() {
            // YAML 1.1: "yes" is a boolean and 0600 an octal integer, so neither is a string.
            assertThat(validateYaml("services: {web: {image: yes, command: 0600}}"))
                    .containsExactly(
                            new Violation("services.web.image", "must be a string (got boolean)"),
                            new Violation("services.web.command", "must be a string or a list (got integer)"));
        }

        @Test
        void dependentRequiredNamesBothKeys() {
            assertThat(validateYaml("services: {web: {image: x, healthcheck: {timeout: 5s}}}"))
                    .containsExactly(new Violation("services.web.healthcheck",
                            "missing key \"interval\" (required when \"timeout\" is present)"));
        }

        @Test
        void messagesStayEnglishWhateverTheDefaultLocale() {
            Locale saved = Locale.getDefault();
            try {
                Locale.setDefault(Locale.GERMAN);
                assertThat(validateYaml("services: {web: {image: x, healthcheck: {interval: [], retries: 1.5}}}"))
                        .containsExactly(
                                new Violation("services.web.healthcheck.interval", "must be a string (got list)"),
                                new Violation("services.web.healthcheck.retries", "must be an integer (got number)"));
                // "contains" has no rewording of ours, so this is networknt's own message: English, not German.
                assertThat(validateYaml("services: {web: {image: x, labels: [a, b]}}"))
                        .singleElement()
                        .satisfies(v -> {
                            assertThat(v.path()).isEqualTo("services.web.labels");
                            assertThat(v.message()).startsWith("must contain ");
                        });
            } finally {
                Locale.setDefault(saved);
            }
        }

        @Test
        void everyViolationIsReportedInDocumentOrder() {
            assertThat(validateYaml("""
                    services:
                      web: {ports: [{}], restart: never}
                      db: {image: [postgres]}
                    """)).extracting(Violation::toString).containsExactly(
                    "services.web: missing required key \"image\"",
                    "services.web.ports[0]: must be a string or an integer (got mapping)",
                    "services.web.restart: must be one of \"no\", \"always\", \"on-failure\", \"unless-stopped\" "
                            + "(got \"never\")",
                    "services.db.image: must be a string (got list)");
        }
    }

    @Nested
    class OddTrees {

        @Test
        void aTreeThatContainsItselfIsReportedNotOverflowed() {
            List<Object> ports = list(80);
            ports.add(ports);
            Map<String, Object> tree = map("services", map("web", map("image", "x", "ports", ports)));
            assertThat(validator().validate(tree)).containsExactly(new Violation("services.web.ports[1]",
                    "refers to itself (a YAML alias inside its own value); the document cannot be checked"));
        }

        @Test
        void sharedButAcyclicValuesAreFine() {
            Object tree = Yaml11.load("""
                    x-base: &base {image: nginx, restart: always}
                    services: {a: *base, b: *base}
                    """, "aliases.yaml");
            assertThat(validator().validate(tree)).isEmpty();
        }

        @Test
        void nonStringAndNullKeysAreWrittenAsText() {
            Map<Object, Object> environment = new LinkedHashMap<>();
            environment.put(1, "one");
            environment.put(null, List.of());
            Map<String, Object> tree = map("services", map("web", map("image", "x", "environment", environment)));
            assertThat(validator().validate(tree)).containsExactly(new Violation("services.web.environment.null",
                    "must be a string, a number or a boolean (got list)"));
        }
    }

    @Nested
    class Loading {

        @Test
        void theSameResourceGivesTheSameCompiledInstance() {
            assertThat(JsonSchemaValidator.fromClasspath(SCHEMA)).isSameAs(validator());
            assertThat(JsonSchemaValidator.fromClasspath("/" + SCHEMA)).isSameAs(validator());
            assertThat(validator().resource()).isEqualTo(SCHEMA);
        }

        @Test
        void aMissingResourceIsNamed() {
            assertThatThrownBy(() -> JsonSchemaValidator.fromClasspath("schema/nope.json"))
                    .isExactlyInstanceOf(TychoException.class)
                    .hasMessage("JSON Schema schema/nope.json is not on the classpath");
        }

        @Test
        void aResourceThatIsNotJsonSaysWhere() {
            assertThatThrownBy(() -> JsonSchemaValidator.fromClasspath("schema/test-not-json.schema.json"))
                    .isExactlyInstanceOf(TychoException.class)
                    .hasMessageStartingWith("JSON Schema schema/test-not-json.schema.json is not valid JSON (line 5, column");
        }

        @Test
        void aSchemaBreakingTheMetaSchemaListsEachProblem() {
            assertThatThrownBy(() -> JsonSchemaValidator.fromClasspath("schema/test-invalid-keyword.schema.json"))
                    .isExactlyInstanceOf(TychoException.class)
                    .hasMessage("""
                            JSON Schema schema/test-invalid-keyword.schema.json is not a valid draft 2020-12 schema:
                              required: must be a list (got string)
                              properties.image.type: must be one of "array", "boolean", "integer", "null", "number", \
                            "object", "string" or a list (got "strin")""");
        }

        @Test
        void anUnresolvableReferenceFailsAtLoadTime() {
            assertThatThrownBy(() -> JsonSchemaValidator.fromClasspath("schema/test-bad-ref.schema.json"))
                    .isExactlyInstanceOf(TychoException.class)
                    .hasMessageStartingWith("JSON Schema schema/test-bad-ref.schema.json cannot be compiled: ")
                    .hasMessageContaining("/$defs/missing");
        }

        @Test
        void otherDraftsAreRefused() {
            assertThatThrownBy(() -> JsonSchemaValidator.fromClasspath("schema/test-draft7.schema.json"))
                    .isExactlyInstanceOf(TychoException.class)
                    .hasMessageStartingWith("JSON Schema schema/test-draft7.schema.json cannot be compiled: ")
                    .hasMessageContaining("draft-07");
        }
    }

    @Nested
    class ThreadSafety {

        @Test
        void oneValidatorServesManyThreadsAtOnce() throws Exception {
            Object valid = Yaml11.load("services: {web: {image: x, ports: [80, '8080:80']}}", "valid.yaml");
            Object invalid = Yaml11.load("services: {web: {ports: [80, {}], environment: {A: []}}}", "bad.yaml");
            List<Violation> expectedInvalid = validator().validate(invalid);
            assertThat(expectedInvalid).hasSize(3);

            int threads = 8;
            int rounds = 300;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    Callable<Integer> task = () -> {
                        start.await();
                        JsonSchemaValidator shared = JsonSchemaValidator.fromClasspath(SCHEMA);
                        int checked = 0;
                        for (int i = 0; i < rounds; i++) {
                            boolean good = (i + offset) % 2 == 0;
                            List<Violation> got = shared.validate(good ? valid : invalid);
                            if (!got.equals(good ? List.of() : expectedInvalid)) {
                                throw new AssertionError("round " + i + ": " + got);
                            }
                            checked++;
                        }
                        return checked;
                    };
                    results.add(pool.submit(task));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> result : results) {
                    total += result.get(60, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(threads * rounds);
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void concurrentFirstLoadsCompileOnce() throws Exception {
            String resource = "schema/test-common.schema.json";
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<JsonSchemaValidator>> loads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    loads.add(pool.submit(() -> {
                        start.await();
                        return JsonSchemaValidator.fromClasspath(resource);
                    }));
                }
                start.countDown();
                JsonSchemaValidator first = loads.get(0).get(30, TimeUnit.SECONDS);
                for (Future<JsonSchemaValidator> load : loads) {
                    assertThat(load.get(30, TimeUnit.SECONDS)).isSameAs(first);
                }
                assertThat(first.validate(Map.of())).isEmpty(); // only $defs: anything is valid
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void violationsRejectNulls() {
        assertThatThrownBy(() -> new Violation(null, "m")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Violation("p", null)).isInstanceOf(NullPointerException.class);
        assertThat(new Violation("a.b[0]", "msg")).hasToString("a.b[0]: msg");
    }
}
