package org.helxplatform.tycho.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.StatusQuery;
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

    @Parameters(arity = "0..1", paramLabel = "SID", description = "The system to show.")
    private String sid;

    @Option(names = "--user", paramLabel = "NAME", description = "Show the systems of this user.")
    private String user;

    @Override
    public Integer call() {
        if (sid != null && user != null) {
            throw new ParameterException(spec.commandLine(), "give a SID or --user, not both");
        }
        StatusQuery query = sid != null ? StatusQuery.identifier(sid)
                : user != null ? StatusQuery.user(user) : StatusQuery.all();
        List<SystemStatus> systems = tycho.withBackend(backend -> backend.status(query));
        String gpu = TychoSettings.of(tycho.settings()).gpuResourceName();
        Table table = new Table("SID", "APP", "USER", "CREATED", "CPU", "MEMORY", "PHASE", "REASON", "URL");
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
