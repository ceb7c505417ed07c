package org.helxplatform.tycho.examples.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemPhase;
import org.helxplatform.tycho.model.SystemState;
import org.helxplatform.tycho.model.SystemStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tycho status}: running systems. */
@Command(name = "status", description = "Lists running systems: all of them, one user's, or one, with their phase,"
        + " the reason for it, and the URL to open.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "IDENTIFIER", description = "The system to show.")
    private String identifier;

    @Option(names = "--user", paramLabel = "NAME", description = "Show the systems of this user.")
    private String user;

    @Override
    public Integer call() {
        if (identifier != null && user != null) {
            throw new ParameterException(spec.commandLine(), "give an IDENTIFIER or --user, not both");
        }
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            Map<String, Object> request = new LinkedHashMap<>();
            if (identifier != null) {
                request.put("name", identifier);
            }
            if (user != null) {
                request.put("username", user);
            }
            TychoResponse response = remote.call("status", request);
            String gpu = TychoSettings.of(tycho.settings()).gpuResourceName();
            Table table = new Table("IDENTIFIER", "APP", "USER", "CREATED", "CPU", "MEMORY", "READY");
            for (Object item : (List<?>) response.result()) {
                Map<?, ?> entry = (Map<?, ?>) item;
                @SuppressWarnings("unchecked")
                Map<String, Map<String, String>> utilization = (Map<String, Map<String, String>>) entry.get(
                        "utilization");
                boolean ready = Boolean.TRUE.equals(entry.get("is_ready"));
                SystemStatus.Utilization total = SystemStatus.builder(String.valueOf(entry.get("app_id")),
                                String.valueOf(entry.get("sid")), String.valueOf(entry.get("username")),
                                SystemState.of(ready ? SystemPhase.READY : SystemPhase.STARTING, "Reported", ""))
                        .utilization(utilization).build().totalUtilization(gpu);
                table.row(entry.get("sid"), entry.get("app_id"), entry.get("username"), entry.get("creation_time"),
                        total.cpuMillicores() + "m", total.memoryGb() + "G", ready);
            }
            tycho.print(response, table);
            return TychoCli.OK;
        }
        StatusQuery query = identifier != null ? StatusQuery.identifier(identifier)
                : user != null ? StatusQuery.user(user) : StatusQuery.all();
        List<SystemStatus> systems = tycho.withBackend(backend -> backend.status(query));
        String gpu = TychoSettings.of(tycho.settings()).gpuResourceName();
        Table table = new Table("IDENTIFIER", "APP", "USER", "CREATED", "CPU", "MEMORY", "PHASE", "REASON", "URL");
        for (SystemStatus system : systems) {
            SystemStatus.Utilization total = system.totalUtilization(gpu);
            table.row(system.identifier(), system.appId(), system.username(), system.creationTimeText(),
                    total.cpuMillicores() + "m", total.memoryGb() + "G", system.phase(), system.state().reason(),
                    system.url() == null ? "" : system.url());
        }
        tycho.print(TychoResponse.of(systems, gpu), table);
        return TychoCli.OK;
    }
}
