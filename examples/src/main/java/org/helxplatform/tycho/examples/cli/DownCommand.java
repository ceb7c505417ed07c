package org.helxplatform.tycho.examples.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.TychoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tycho down}: deletes a system. */
@Command(name = "down", description = "Deletes a system and everything it owns.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Parameters(paramLabel = "SID", description = "The system to delete.")
    private String sid;

    @Override
    public Integer call() {
        Names.requireIdentifier("SID", sid);
        RemoteTycho remote = tycho.remote();
        DeleteResult result = remote == null ? tycho.withBackend(backend -> backend.delete(sid))
                : new DeleteResult(sid, ((Number) remote.call("delete", Map.of("name", sid)).result()).intValue());
        if (result.deletedObjects() == 0) {
            throw new TychoException("no system with identifier " + sid + " is running; nothing was deleted (status"
                    + " lists the running systems)");
        }
        tycho.print(TychoResponse.of(result), new Table("SID", "DELETED OBJECTS").row(sid, result.deletedObjects()));
        return TychoCli.OK;
    }
}
