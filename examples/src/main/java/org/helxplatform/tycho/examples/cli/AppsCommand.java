package org.helxplatform.tycho.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.context.internal.registry.AppRegistry;
import org.helxplatform.tycho.context.registry.AppEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code tycho apps}: the apps of a product of the registry. */
@Command(name = "apps", description = "Lists the apps of the registry's product (--registry, --product).")
final class AppsCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Override
    public Integer call() {
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            return remoteApps(remote);
        }
        Map<String, AppEntry> apps = AppRegistry.load(tycho.registry()).resolve(tycho.product(), tycho.settings())
                .apps();
        Map<String, Object> result = new LinkedHashMap<>();
        Table table = new Table("APP", "NAME", "SERVICES", "INSTANCES", "DESCRIPTION");
        apps.forEach((id, app) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", app.name());
            entry.put("description", app.description());
            entry.put("details", app.details());
            entry.put("docs", app.docs().orElse(null));
            entry.put("spec", app.spec().toString());
            entry.put("services", app.services());
            entry.put("count", app.count());
            result.put(id, entry);
            table.row(id, app.name(), app.services().entrySet().stream().map(s -> s.getKey() + ":" + s.getValue())
                    .collect(Collectors.joining(",")), app.count() == AppEntry.UNLIMITED ? "unlimited" : app.count(),
                    app.description());
        });
        tycho.print(new TychoResponse(TychoResponse.SUCCESS, result, "Found " + apps.size() + " apps in product "
                + tycho.product()), table);
        return TychoCli.OK;
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
