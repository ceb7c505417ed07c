package org.helxplatform.tycho.examples.cli;

import java.util.concurrent.Callable;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.StartResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code tycho up}: starts a spec. */
@Command(name = "up", description = "Starts the apps of a docker-compose file as one system, and prints its"
        + " identifier, which status, modify and down take (the JSON output calls it sid, as Python Tycho does).")
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Mixin
    private SpecOptions spec;

    @Override
    public Integer call() {
        CompiledSystem compiled = tycho.compile(spec);
        StartResult started = tycho.withBackend(backend -> backend.start(compiled.system()));
        Table table = new Table("IDENTIFIER", "NAME", "SERVICES").row(started.identifier(), started.name(),
                String.join(",", started.services().keySet()));
        tycho.print(TychoResponse.of(started), table);
        return TychoCli.OK;
    }
}
