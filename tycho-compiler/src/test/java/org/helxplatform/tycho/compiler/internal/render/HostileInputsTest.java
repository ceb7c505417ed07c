package org.helxplatform.tycho.compiler.internal.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.helxplatform.tycho.compiler.TestSupport.ID;
import static org.helxplatform.tycho.compiler.internal.render.HostileValues.show;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.SystemCompiler;
import org.helxplatform.tycho.compiler.TestSupport;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.internal.TreeRenderer;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.model.Container;
import org.helxplatform.tycho.model.EnvVar;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.TychoException;
import org.helxplatform.tycho.model.TychoSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The key security property (deviation D6): user and registry values cannot change the structure of the rendered
 * Kubernetes objects, and reach them byte for byte.
 *
 * <p>Every value of {@code compiler/hostile-values.txt} (newlines, {@code ": "}, comments, quotes, Jinja syntax,
 * document markers, anchors, tags, block indicators, tabs, unicode, YAML keywords, placeholder look-alikes, very
 * long strings) is put, one position at a time, into each free-text position of a start: access and refresh token,
 * host, extra container env value, compose env value, registry env value, entrypoint item, probe command item, HTTP
 * header value. The system is compiled and its pod and Service rendered through the ORIGINAL Python templates and the
 * DEFAULT templates; each document must have exactly the structure it has for a benign value, and the value must be
 * found verbatim where it belongs. Compose and registry values are Jinja templates by design (as in Python Tycho):
 * where such a value holds Jinja syntax, what must arrive verbatim is its rendering (or the start fails with a clear
 * template error), never a change of structure.
 *
 * <p>Values that must be names (user name, label values of a modify request, app id, service names, env names) are
 * either rejected with an error naming the field before anything renders, or, when they are valid names (such as
 * {@code yes} or {@code 0600}), kept verbatim as text.
 */
class HostileInputsTest {

    private static final String BENIGN = "benign-value";
    private static final String SOURCE = "app app";

    /** How the compiler treats a position's value. */
    private enum Kind {
        /** A value that is never rendered: it must arrive as it was given. */
        DATA,
        /** A value of the compose spec or the registry ext: rendered as Jinja when it holds Jinja syntax. */
        SPEC,
        /** A registry env value: its {@code K=V} is rendered as Jinja (§4). */
        SETTING
    }

    /** The free-text positions of a start. */
    private enum Position {
        ACCESS_TOKEN(Kind.DATA), REFRESH_TOKEN(Kind.DATA), EXTRA_CONTAINER_ENV(Kind.DATA),
        COMPOSE_ENV(Kind.SPEC), REGISTRY_ENV(Kind.SETTING), ENTRYPOINT_ITEM(Kind.SPEC), PROBE_CMD_ITEM(Kind.SPEC),
        HTTP_HEADER_VALUE(Kind.SPEC);

        final Kind kind;

        Position(Kind kind) {
            this.kind = kind;
        }
    }

    private static final TemplateEngine PLAIN = TestSupport.plainEngine();
    private static List<String> corpus;
    private static Map<String, SystemRenderer> renderers;
    private static Map<String, List<Map<String, Object>>> benignDocuments;

    @BeforeAll
    static void setUp() {
        corpus = HostileValues.load();
        renderers = new LinkedHashMap<>();
        renderers.put("original", new SystemRenderer(TestSupport.originalEngine()));
        renderers.put("default", new SystemRenderer(TestSupport.defaultEngine()));
        TychoSystem benign = compile(inputs(null, null)).system();
        benignDocuments = new LinkedHashMap<>();
        renderers.forEach((name, renderer) -> benignDocuments.put(name, documents(renderer, benign)));
    }

    // ---- building a start with one hostile value ----------------------------------------------------------------

    private static Map<Position, String> inputs(Position position, String value) {
        Map<Position, String> inputs = new LinkedHashMap<>();
        for (Position p : Position.values()) {
            inputs.put(p, p == position ? value : BENIGN);
        }
        return inputs;
    }

    private static CompiledSystem compile(Map<Position, String> in) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("limits", new LinkedHashMap<>(Map.of("cpus", "1", "memory", "1G")));
        resources.put("reservations", new LinkedHashMap<>(Map.of("cpus", "0.5", "memory", "512M")));
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("image", "repo/app:1.0");
        app.put("entrypoint", List.of("run", in.get(Position.ENTRYPOINT_ITEM)));
        app.put("ports", List.of(8888));
        app.put("env", List.of("HOSTILE=" + in.get(Position.COMPOSE_ENV)));
        app.put("deploy", Map.of("resources", resources));
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("app", app);
        services.put("side", Map.of("image", "repo/side:1"));
        ComposeSpec spec = ComposeSpec.of(Map.of("services", services), "hostile spec");

        Map<String, Object> headers = Map.of("X-Hostile", in.get(Position.HTTP_HEADER_VALUE));
        Map<String, Object> kube = new LinkedHashMap<>();
        kube.put("livenessProbe", Map.of("cmd", List.of("check", in.get(Position.PROBE_CMD_ITEM))));
        kube.put("readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", 8888, "httpHeaders", headers)));
        CompileRequest request = CompileRequest.builder("app", ID, spec,
                        new Principal("alice", in.get(Position.ACCESS_TOKEN), in.get(Position.REFRESH_TOKEN)))
                .host("apps.example.org")
                .extraContainerEnv(Map.of("EXTRA_HOSTILE", in.get(Position.EXTRA_CONTAINER_ENV)))
                .ext(Map.of("kube", kube))
                .appSettings(Map.of("HOSTILE_SETTING", in.get(Position.REGISTRY_ENV)))
                .services(Map.of("app", "8888"))
                .build();
        return new SystemCompiler(TychoSettings.defaults(), PLAIN).compile(request);
    }

    private static List<Map<String, Object>> documents(SystemRenderer renderer, TychoSystem system) {
        List<Map<String, Object>> documents = new ArrayList<>(renderer.pod(system, true));
        documents.addAll(renderer.service(system, true, system.services().get("app"), system.name(), "uid-1"));
        return documents;
    }

    // ---- where a position's value is -------------------------------------------------------------------------

    /** The value a position holds in the compiled model. */
    private static String inModel(TychoSystem system, Position position) {
        Container app = system.container("app");
        return switch (position) {
            case ACCESS_TOKEN -> system.principal().accessToken();
            case REFRESH_TOKEN -> system.principal().refreshToken();
            case EXTRA_CONTAINER_ENV -> system.extraContainerEnv().get("EXTRA_HOSTILE");
            case COMPOSE_ENV -> env(app, "HOSTILE");
            case REGISTRY_ENV -> {
                String side = env(system.container("side"), "HOSTILE_SETTING");
                assertThat(side).isEqualTo(env(app, "HOSTILE_SETTING"));
                yield side;
            }
            case ENTRYPOINT_ITEM -> app.command().get(1);
            case PROBE_CMD_ITEM -> app.livenessProbe().command().get(1);
            case HTTP_HEADER_VALUE -> app.readinessProbe().httpHeaders().get("X-Hostile");
        };
    }

    private static String env(Container container, String name) {
        return container.env().stream().filter(e -> e.name().equals(name)).map(EnvVar::value).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.name()));
    }

    /** Every place of the rendered pod where a position's value must appear. */
    private static List<Object> inPod(Map<String, Object> pod, Position position) {
        List<Map<String, Object>> containers = maps(TestSupport.at(pod, "spec", "containers"));
        Map<String, Object> app = containers.get(0);
        Function<String, List<Object>> envEverywhere = name -> {
            List<Object> found = new ArrayList<>();
            containers.forEach(c -> found.add(renderedEnv(c, name)));
            return found;
        };
        return switch (position) {
            case ACCESS_TOKEN -> concat(envEverywhere.apply("ACCESS_TOKEN"), envEverywhere.apply("access_token"));
            case REFRESH_TOKEN -> envEverywhere.apply("refresh_token");
            case EXTRA_CONTAINER_ENV -> envEverywhere.apply("EXTRA_HOSTILE");
            case COMPOSE_ENV -> Collections.singletonList(renderedEnv(app, "HOSTILE"));
            case REGISTRY_ENV -> envEverywhere.apply("HOSTILE_SETTING");
            case ENTRYPOINT_ITEM -> Collections.singletonList(TestSupport.at(app, "command", 1));
            case PROBE_CMD_ITEM -> Collections.singletonList(TestSupport.at(app, "livenessProbe", "exec", "command", 1));
            case HTTP_HEADER_VALUE -> Collections.singletonList(TestSupport.at(app, "readinessProbe", "httpGet",
                    "httpHeaders", 0, "value"));
        };
    }

    private static Object renderedEnv(Map<String, Object> container, String name) {
        List<Object> values = new ArrayList<>();
        for (Map<String, Object> entry : maps(container.get("env"))) {
            if (name.equals(entry.get("name"))) {
                values.add(entry.get("value"));
            }
        }
        if (values.size() != 1) {
            throw new AssertionError(values.size() + " env entries " + name + " in container " + container.get("name"));
        }
        return values.get(0);
    }

    private static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return (List<Map<String, Object>>) value;
    }

    // ---- what a position's value must become -----------------------------------------------------------------

    private static Map<String, Object> compileContext(Map<Position, String> in) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("HOSTILE_SETTING", in.get(Position.REGISTRY_ENV));
        context.put("identifier", ID);
        context.put("username", "alice");
        context.put("system_name", "app");
        context.put("system_port", "8888");
        return context;
    }

    /**
     * What the compiler must make of a value: the value itself, unless Tycho renders it as Jinja by design.
     *
     * @return the expected text; throws the engine's error when the value is not a valid template
     */
    private static String expected(Position position, String value, Map<Position, String> in) {
        return switch (position.kind) {
            case DATA -> value;
            case SPEC -> {
                String scalar = position == Position.COMPOSE_ENV ? "HOSTILE=" + value : value;
                String rendered = scalar;
                if (TreeRenderer.isTemplate(scalar)) {
                    rendered = PLAIN.renderString(scalar, "expected", compileContext(in));
                    rendered = scalar.endsWith("\n") && !rendered.endsWith("\n") ? rendered + "\n" : rendered;
                }
                yield position == Position.COMPOSE_ENV ? rendered.substring(rendered.indexOf('=') + 1) : rendered;
            }
            case SETTING -> {
                if (!TreeRenderer.isTemplate(value)) {
                    // Jinja2 on text without Jinja syntax: newlines normalised to \n, one trailing newline dropped
                    String text = value.replace("\r\n", "\n").replace('\r', '\n');
                    yield text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
                }
                String rendered = PLAIN.renderString("HOSTILE_SETTING=" + value, "expected", compileContext(in));
                yield rendered.substring(rendered.indexOf('=') + 1);
            }
        };
    }

    // ---- the tests -------------------------------------------------------------------------------------------

    @Test
    void theCorpusIsBigAndCoversTheDangerousSyntax() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates().doesNotContain("");
        for (String needle : List.of("\n", ": ", "#", "\"", "'", "{{", "{%", "---", "...", "- ", "&", "*",
                "!!python/object", "|", ">", "\t", "ü", "yes", "null", "~", "0600", "1e3",
                "0x1F", "tychov0000000000000000n0z", "tychov0000000000000000n0Z")) {
            assertThat(corpus).as(needle).anyMatch(value -> value.contains(needle));
        }
        assertThat(corpus).anyMatch(value -> value.startsWith(" ") && value.endsWith(" ") && value.length() > 1);
        assertThat(corpus).anyMatch(value -> value.length() >= 10_000);
    }

    @Test
    void freeTextValuesAreKeptAsData() {
        List<String> failures = new ArrayList<>();
        int verbatim = 0;
        int renderedByDesign = 0;
        int refusedTemplates = 0;
        List<String> emptyAsNull = new ArrayList<>();
        for (String value : corpus) {
            for (Position position : Position.values()) {
                String where = position + " = " + show(value) + ": ";
                Map<Position, String> in = inputs(position, value);
                String expected;
                try {
                    expected = expected(position, value, in);
                } catch (TychoException e) {
                    expected = null; // not a valid Jinja template: the compiler must refuse it, naming the app
                }
                CompiledSystem compiled;
                try {
                    compiled = compile(in);
                } catch (TychoException e) {
                    if (expected == null && e.getMessage().startsWith(SOURCE)) {
                        refusedTemplates++;
                    } else {
                        failures.add(where + "compile failed: " + e.getMessage());
                    }
                    continue;
                }
                if (expected == null) {
                    failures.add(where + "compiled although the value is not a valid template");
                    continue;
                }
                TychoSystem system = compiled.system();
                String modelValue = inModel(system, position);
                if (!Objects.equals(modelValue, expected)) {
                    failures.add(where + "model holds " + show(String.valueOf(modelValue)) + ", expected "
                            + show(expected));
                    continue;
                }
                boolean ok = true;
                for (Map.Entry<String, SystemRenderer> renderer : renderers.entrySet()) {
                    String templates = renderer.getKey() + " templates: ";
                    List<Map<String, Object>> documents;
                    try {
                        documents = documents(renderer.getValue(), system);
                    } catch (RuntimeException e) {
                        failures.add(where + templates + "render failed: " + e);
                        ok = false;
                        continue;
                    }
                    List<Map<String, Object>> benign = benignDocuments.get(renderer.getKey());
                    if (documents.size() != benign.size()) {
                        failures.add(where + templates + documents.size() + " documents instead of " + benign.size());
                        ok = false;
                        continue;
                    }
                    for (int i = 0; i < documents.size(); i++) {
                        if (!TestSupport.shape(documents.get(i)).equals(TestSupport.shape(benign.get(i)))) {
                            failures.add(where + templates + "document " + i + " changed structure: "
                                    + TestSupport.firstDifference(TestSupport.shape(benign.get(i)),
                                    TestSupport.shape(documents.get(i))));
                            ok = false;
                        }
                    }
                    for (Object found : inPod(documents.get(0), position)) {
                        if (expected.isEmpty() && found == null) {
                            emptyAsNull.add(renderer.getKey() + " " + position + " " + show(value));
                        } else if (!expected.equals(found)) {
                            failures.add(where + templates + "rendered as " + (found == null ? "null"
                                    : show(String.valueOf(found)) + " (" + found.getClass().getSimpleName() + ")")
                                    + ", expected " + show(expected));
                            ok = false;
                        }
                    }
                }
                if (ok) {
                    if (expected.equals(value)) {
                        verbatim++;
                    } else {
                        renderedByDesign++;
                    }
                }
            }
        }
        int cases = corpus.size() * Position.values().length;
        System.out.println("hostile inputs (template positions): " + corpus.size() + " values × " + Position.values().length
                + " positions: " + (failures.isEmpty() ? "all kept as data" : failures.size() + " FAILURES:\n  "
                + String.join("\n  ", failures)));
        System.out.println("  of " + cases + " cases (each rendered as pod + Service through the original and the"
                + " default templates): " + verbatim + " verbatim, " + renderedByDesign + " compose/registry values"
                + " rendered as Jinja by design and kept as data, " + refusedTemplates
                + " refused as invalid Jinja templates naming the app");
        if (!emptyAsNull.isEmpty()) {
            System.out.println("  values that render to the empty string are written as YAML null: " + emptyAsNull);
        }
        assertThat(failures).isEmpty();
        assertThat(verbatim + renderedByDesign + refusedTemplates).isEqualTo(cases);
        assertThat(verbatim).isGreaterThan(cases / 2);
    }

    // ---- names -----------------------------------------------------------------------------------------------

    /** The outcome for one value in one name field: rejected naming the field, or accepted and kept verbatim. */
    private record Outcome(boolean rejected, String failure) {
    }

    @Test
    void valuesThatMustBeNamesAreRejectedNamingTheFieldOrKeptVerbatim() {
        Map<String, Function<String, Outcome>> fields = new LinkedHashMap<>();
        fields.put("user name", HostileInputsTest::asUsername);
        fields.put("label value", HostileInputsTest::asLabelValue);
        fields.put("app id", HostileInputsTest::asAppId);
        fields.put("service name", HostileInputsTest::asServiceName);
        fields.put("env name", HostileInputsTest::asEnvName);
        fields.put("host", HostileInputsTest::asHost);
        List<String> failures = new ArrayList<>();
        int rejected = 0;
        int accepted = 0;
        for (String value : corpus) {
            for (Map.Entry<String, Function<String, Outcome>> field : fields.entrySet()) {
                Outcome outcome;
                try {
                    outcome = field.getValue().apply(value);
                } catch (RuntimeException | AssertionError e) {
                    outcome = new Outcome(false, e.toString());
                }
                if (outcome.failure() != null) {
                    failures.add(field.getKey() + " = " + show(value) + ": " + outcome.failure());
                } else if (outcome.rejected()) {
                    rejected++;
                } else {
                    accepted++;
                }
            }
        }
        System.out.println("hostile names: " + corpus.size() + " values × " + fields.size() + " fields: "
                + (failures.isEmpty() ? rejected + " rejected with an error naming the field, " + accepted
                + " valid names kept verbatim" : failures.size() + " FAILURES:\n  " + String.join("\n  ", failures)));
        assertThat(failures).isEmpty();
        assertThat(rejected).isGreaterThan(accepted);
    }

    /** Runs {@code action}; a {@link TychoException} naming {@code field} and the value is a clean rejection. */
    private static Outcome rejectedOrKept(String field, String value, Runnable action) {
        try {
            action.run();
            return new Outcome(false, null);
        } catch (TychoException e) {
            boolean names = e.getMessage().contains(field) && e.getMessage().contains("'" + value + "'");
            return new Outcome(true, names ? null : "error does not name " + field + " and the value: "
                    + show(e.getMessage()));
        }
    }

    private static Outcome asHost(String value) {
        CompileRequest.Builder request = CompileRequest.builder("app", ID, TestSupport.spec(TestSupport.MINIMAL),
                new Principal("alice", "t", null)).services(Map.of("app", "8000")).host(value);
        TychoSystem[] system = new TychoSystem[1];
        Outcome outcome = rejectedOrKept("host", value,
                () -> system[0] = TestSupport.compiler(Map.of()).compile(request.build()).system());
        if (outcome.rejected() || outcome.failure() != null) {
            return outcome;
        }
        for (SystemRenderer renderer : renderers.values()) {
            Map<String, Object> pod = renderer.pod(system[0], true).get(0);
            String failure = same(value, renderedEnv(maps(TestSupport.at(pod, "spec", "containers")).get(0), "HOST"),
                    "env HOST");
            if (failure != null) {
                return new Outcome(false, failure);
            }
        }
        return outcome;
    }

    private static Outcome asUsername(String value) {
        Principal[] principal = new Principal[1];
        Outcome outcome = rejectedOrKept("principal.username", value, () -> principal[0] = new Principal(value, "t", null));
        if (outcome.rejected() || outcome.failure() != null) {
            return outcome;
        }
        TychoSystem system = TestSupport.compiler(Map.of()).compile(CompileRequest.builder("app", ID,
                TestSupport.spec(TestSupport.MINIMAL), principal[0]).services(Map.of("app", "8000")).build()).system();
        for (SystemRenderer renderer : renderers.values()) {
            Map<String, Object> pod = renderer.pod(system, true).get(0);
            String failure = same(value, TestSupport.at(pod, "metadata", "labels", "username"), "label username");
            failure = failure != null ? failure : same(value, renderedEnv(maps(TestSupport.at(pod, "spec",
                    "containers")).get(0), "USER"), "env USER");
            Map<String, Object> service = renderer.service(system, true, system.services().get("app"), system.name(),
                    "uid").get(0);
            failure = failure != null ? failure : same(value, TestSupport.at(service, "metadata", "labels",
                    "username"), "service label username");
            if (failure != null) {
                return new Outcome(false, failure);
            }
        }
        return outcome;
    }

    private static Outcome asLabelValue(String value) {
        ModifyRequest[] request = new ModifyRequest[1];
        Outcome outcome = rejectedOrKept("labels.team", value,
                () -> request[0] = new ModifyRequest(ID, Map.of("team", value), null, null));
        if (outcome.rejected() || outcome.failure() != null) {
            return outcome;
        }
        for (SystemRenderer renderer : renderers.values()) {
            Map<String, Object> patch = renderer.patch(request[0], Map.of("app", "repo/app:1.0"));
            String failure = same(value, TestSupport.at(patch, "spec", "template", "metadata", "labels", "team"),
                    "patch label");
            if (failure != null) {
                return new Outcome(false, failure);
            }
        }
        return outcome;
    }

    private static Outcome asAppId(String value) {
        Map<String, Object> services = new LinkedHashMap<>();
        services.put(value, Map.of("image", "repo/app:1.0", "deploy", Map.of("resources", Map.of(
                "limits", Map.of("cpus", "1"), "reservations", Map.of("cpus", "1")))));
        ComposeSpec spec = ComposeSpec.of(Map.of("services", services), "spec");
        TychoSystem[] system = new TychoSystem[1];
        Outcome outcome = rejectedOrKept("appId", value, () -> system[0] = TestSupport.compiler(Map.of())
                .compile(CompileRequest.builder(value, ID, spec, Principal.of("alice")).build()).system());
        if (outcome.rejected() || outcome.failure() != null) {
            return outcome;
        }
        for (SystemRenderer renderer : renderers.values()) {
            Map<String, Object> pod = renderer.pod(system[0], false).get(0);
            String failure = same(value, TestSupport.at(pod, "metadata", "labels", "app-name"), "label app-name");
            failure = failure != null ? failure : same(value, TestSupport.at(pod, "spec", "containers", 0, "name"),
                    "container name");
            if (failure != null) {
                return new Outcome(false, failure);
            }
        }
        return outcome;
    }

    private static Outcome asServiceName(String value) {
        // a registry service naming no container of the spec
        return rejectedOrKept("service.name", value, () -> TestSupport.compiler(Map.of()).compile(
                TestSupport.request(TestSupport.spec(TestSupport.MINIMAL), "alice")
                        .services(Map.of(value, "8080")).build()));
    }

    private static Outcome asEnvName(String value) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("image", "a");
        app.put("env", List.of(value + "=1"));
        app.put("deploy", Map.of("resources", Map.of("limits", Map.of("cpus", "1"), "reservations",
                Map.of("cpus", "1"))));
        ComposeSpec spec = ComposeSpec.of(Map.of("services", Map.of("app", app)), "spec");
        String name = value.contains("=") ? value.substring(0, value.indexOf('=')) : value;
        String rendered;
        try {
            rendered = TreeRenderer.isTemplate(value + "=1")
                    ? PLAIN.renderString(value + "=1", "expected", Map.of("username", "alice"))
                    : value + "=1";
        } catch (TychoException e) {
            return new Outcome(true, null); // a Jinja error: refused before anything renders
        }
        String renderedName = rendered.substring(0, rendered.indexOf('=') < 0 ? rendered.length()
                : rendered.indexOf('='));
        TychoSystem[] system = new TychoSystem[1];
        Outcome fromSpec = rejectedOrKept("services.app.env[0]", renderedName, () -> system[0] = TestSupport
                .compiler(Map.of("DEV_PHASE", "test")).compile(CompileRequest.builder("app", ID, spec,
                        Principal.of("alice")).build()).system());
        if (fromSpec.failure() != null) {
            return fromSpec;
        }
        Outcome fromExtra = rejectedOrKept("extraContainerEnv", name, () -> TestSupport.compiler(Map.of())
                .compile(TestSupport.request(TestSupport.spec(TestSupport.MINIMAL), "alice")
                        .extraContainerEnv(Map.of(name, "1")).build()));
        if (fromExtra.failure() != null) {
            return fromExtra;
        }
        if (!fromSpec.rejected()) {
            for (SystemRenderer renderer : renderers.values()) {
                Map<String, Object> container = maps(TestSupport.at(renderer.pod(system[0], false).get(0), "spec",
                        "containers")).get(0);
                String failure = same(renderedName, TestSupport.at(container, "env", 0, "name"), "env name");
                if (failure != null) {
                    return new Outcome(false, failure);
                }
            }
        }
        return new Outcome(fromSpec.rejected() && fromExtra.rejected(), null);
    }

    private static String same(String expected, Object found, String where) {
        return expected.equals(found) ? null : where + " rendered as " + (found == null ? "null"
                : show(String.valueOf(found)) + " (" + found.getClass().getSimpleName() + ")");
    }
}
