package org.helxplatform.tycho.examples.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.StartResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code tycho up}: starts a spec. */
@Command(name = "up", description = "Starts the apps of a docker-compose file as one system, and prints its sid"
        + " (system identifier), which status, modify and down take.")
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Mixin
    private SpecOptions spec;

    @Override
    public Integer call() {
        CompiledSystem compiled = tycho.compile(spec);
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            TychoResponse response = remote.call("start", spec.startRequest(compiled.system()));
            Map<?, ?> result = (Map<?, ?>) response.result();
            Map<?, ?> containers = (Map<?, ?>) result.get("containers");
            tycho.print(response, new Table("SID", "NAME", "SERVICES").row(result.get("sid"), result.get("name"),
                    containers.keySet().stream().map(String::valueOf).collect(Collectors.joining(","))));
            return TychoCli.OK;
        }
        StartResult started = tycho.withBackend(backend -> backend.start(compiled.system()));
        Table table = new Table("SID", "NAME", "SERVICES").row(started.identifier(), started.name(),
                String.join(",", started.services().keySet()));
        tycho.print(TychoResponse.of(started), table);
        return TychoCli.OK;
    }
}
