package org.helxplatform.tycho.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static final ObjectMapper JSON = new ObjectMapper();

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
            return remoteStatus(remote);
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

    /**
     * Status from a server: the JSON and YAML outputs are Python Tycho's answer ({@code /system/status}); the table
     * takes the phase, reason and URL from {@code /v1/systems}.
     */
    private int remoteStatus(RemoteTycho remote) {
        Table table = new Table("IDENTIFIER", "APP", "USER", "CREATED", "CPU", "MEMORY", "PHASE", "REASON", "URL");
        String gpu = TychoSettings.of(tycho.settings()).gpuResourceName();
        if (tycho.output() != Output.Format.TABLE) {
            Map<String, Object> request = new LinkedHashMap<>();
            if (identifier != null) {
                request.put("name", identifier);
            }
            if (user != null) {
                request.put("username", user);
            }
            tycho.print(remote.call("status", request), table);
            return TychoCli.OK;
        }
        for (JsonNode system : remote.systems(identifier, user)) {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> utilization = JSON.convertValue(system.path("utilization"), Map.class);
            SystemStatus.Utilization total = SystemStatus.builder(system.path("app").asText(),
                            system.path("identifier").asText(), system.path("user").asText(),
                            SystemState.of(SystemPhase.PENDING, "Remote", ""))
                    .utilization(utilization).build().totalUtilization(gpu);
            JsonNode state = system.path("state");
            table.row(system.path("identifier").asText(), system.path("app").asText(), system.path("user").asText(),
                    system.path("created").asText(""), total.cpuMillicores() + "m", total.memoryGb() + "G",
                    state.path("phase").asText(), state.path("reason").asText(), system.path("url").asText(""));
        }
        // An empty table prints the message a local status prints.
        tycho.print(TychoResponse.of(List.of(), gpu), table);
        return TychoCli.OK;
    }
}
