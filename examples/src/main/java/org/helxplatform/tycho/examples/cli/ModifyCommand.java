package org.helxplatform.tycho.examples.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tycho modify}: changes a running system. */
@Command(name = "modify", description = "Changes the CPU and memory of every container of a system (limits and"
        + " requests alike), and its pods' labels.")
final class ModifyCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "IDENTIFIER", description = "The system to change.")
    private String identifier;

    @Option(names = "--cpus", paramLabel = "QUANTITY", description = "CPUs, e.g. 2 or 500m.")
    private String cpus;

    @Option(names = "--memory", paramLabel = "QUANTITY", description = "Memory, e.g. 4G or 512Mi.")
    private String memory;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A pod label to set; repeatable.")
    private Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() {
        ModifyRequest.Builder change = ModifyRequest.builder(identifier).labels(labels);
        if (cpus != null) {
            change.cpus(cpus);
        }
        if (memory != null) {
            change.memory(memory);
        }
        ModifyRequest request = change.build();
        if (!request.changesSomething()) {
            throw new ParameterException(spec.commandLine(), "nothing to modify: give --cpus, --memory or --label");
        }
        Table table = new Table("IDENTIFIER", "CPUS", "MEMORY", "LABELS").row(identifier, cpus, memory,
                labels.isEmpty() ? null : labels.toString());
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            // Python Tycho's modify request, with its own words
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tycho-guid", identifier);
            body.put("labels", labels);
            body.put("cpu", cpus);
            body.put("memory", memory);
            tycho.print(remote.call("modify", body), table);
            return TychoCli.OK;
        }
        ModifyResult result = tycho.withBackend(backend -> backend.modify(request));
        tycho.print(TychoResponse.of(result), table);
        return TychoCli.OK;
    }
}
