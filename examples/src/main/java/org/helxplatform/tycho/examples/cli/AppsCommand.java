package org.helxplatform.tycho.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.helxplatform.tycho.context.TychoContext;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.model.TychoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tycho apps}: the apps of a product of the registry, read through a {@link TychoContext} (on the in-memory
 * backend: listing apps starts nothing); with {@code --check}, every problem that would stop an app from starting.
 */
@Command(name = "apps", description = "Lists the apps of the registry's product (--registry, --product).")
final class AppsCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Option(names = "--check", description = "Also check every app as a start would (its id, services and ports,"
            + " spec and settings), print every problem found, and fail when there is one.")
    private boolean check;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            if (check) {
                throw new ParameterException(spec.commandLine(), "--check checks a registry here; with --server, the"
                        + " server checks its own apps");
            }
            return remoteApps(remote);
        }
        try (TychoContext context = TychoContext.builder().registry(tycho.registry()).product(tycho.product())
                .settings(tycho.settings()).backend("memory").build()) {
            Map<String, TychoException> problems = check ? context.validate() : Map.of();
            Map<String, AppEntry> apps = context.apps();
            Map<String, Object> result = new LinkedHashMap<>();
            Table table = check ? new Table("APP", "NAME", "SERVICES", "INSTANCES", "CHECK", "DESCRIPTION")
                    : new Table("APP", "NAME", "SERVICES", "INSTANCES", "DESCRIPTION");
            apps.forEach((id, app) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", app.name());
                entry.put("description", app.description());
                entry.put("details", app.details());
                entry.put("docs", app.docs().orElse(null));
                entry.put("spec", app.spec().toString());
                entry.put("services", app.services());
                entry.put("count", app.count());
                String services = app.services().entrySet().stream().map(s -> s.getKey() + ":" + s.getValue())
                        .collect(Collectors.joining(","));
                Object count = app.count() == AppEntry.UNLIMITED ? "unlimited" : app.count();
                if (check) {
                    TychoException problem = problems.get(id);
                    entry.put("problem", problem == null ? null : problem.getMessage());
                    table.row(id, app.name(), services, count, problem == null ? "ok" : "cannot start",
                            app.description());
                } else {
                    table.row(id, app.name(), services, count, app.description());
                }
                result.put(id, entry);
            });
            if (!problems.isEmpty()) {
                problems.values().forEach(problem -> tycho.warn(problem.getMessage()));
                tycho.print(new TychoResponse(TychoResponse.ERROR, result, problems.size() + " of " + apps.size()
                        + " apps of product " + tycho.product() + " cannot start"), table);
                return TychoCli.FAILED;
            }
            tycho.print(new TychoResponse(TychoResponse.SUCCESS, result, "Found " + apps.size() + " apps in product "
                    + tycho.product() + (check ? "; every app can start" : "")), table);
            return TychoCli.OK;
        }
    }

    /** The server's product's apps, from {@code GET /v1/apps}, in the same shape (without the spec URL). */
    private Integer remoteApps(RemoteTycho remote) {
        JsonNode answer = remote.get("v1/apps");
        Map<String, Object> result = new LinkedHashMap<>();
        Table table = new Table("APP", "NAME", "SERVICES", "INSTANCES", "DESCRIPTION");
        for (JsonNode app : answer.path("apps")) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", app.path("name").asText());
            entry.put("description", app.path("description").asText());
            entry.put("details", app.path("details").asText());
            entry.put("docs", app.path("docs").isNull() ? null : app.path("docs").asText());
            Map<String, String> services = new LinkedHashMap<>();
            app.path("services").properties().forEach(s -> services.put(s.getKey(), s.getValue().asText()));
            entry.put("services", services);
            int count = app.path("count").asInt();
            entry.put("count", count);
            result.put(app.path("id").asText(), entry);
            table.row(app.path("id").asText(), app.path("name").asText(), services.entrySet().stream()
                    .map(s -> s.getKey() + ":" + s.getValue()).collect(Collectors.joining(",")),
                    count == AppEntry.UNLIMITED ? "unlimited" : count, app.path("description").asText());
        }
        tycho.print(new TychoResponse(TychoResponse.SUCCESS, result, "Found " + result.size() + " apps in product "
                + answer.path("product").asText()), table);
        return TychoCli.OK;
    }
}
