package org.helxplatform.tycho.examples.cli;

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
}
