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

    @Parameters(paramLabel = "SID", description = "The system to change.")
    private String sid;

    @Option(names = "--cpu", paramLabel = "QUANTITY", description = "CPUs, e.g. 2 or 500m.")
    private String cpu;

    @Option(names = "--memory", paramLabel = "QUANTITY", description = "Memory, e.g. 4G or 512Mi.")
    private String memory;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A pod label to set; repeatable.")
    private Map<String, String> labels = new LinkedHashMap<>();

    @Override
    public Integer call() {
        ModifyRequest request = new ModifyRequest(sid, labels, cpu, memory);
        if (!request.changesSomething()) {
            throw new ParameterException(spec.commandLine(), "nothing to modify: give --cpu, --memory or --label");
        }
        Table table = new Table("SID", "CPU", "MEMORY", "LABELS").row(sid, cpu, memory,
                labels.isEmpty() ? null : labels.toString());
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("tycho-guid", sid);
            change.put("labels", labels);
            change.put("cpu", cpu);
            change.put("memory", memory);
            tycho.print(remote.call("modify", change), table);
            return TychoCli.OK;
        }
        ModifyResult result = tycho.withBackend(backend -> backend.modify(request));
        tycho.print(TychoResponse.of(result), table);
        return TychoCli.OK;
    }
}
