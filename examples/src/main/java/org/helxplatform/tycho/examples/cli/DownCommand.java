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

    @Parameters(paramLabel = "IDENTIFIER", description = "The system to delete.")
    private String identifier;

    @Override
    public Integer call() {
        Names.requireIdentifier("IDENTIFIER", identifier);
        RemoteTycho remote = tycho.remote();
        DeleteResult result = remote == null ? tycho.withBackend(backend -> backend.delete(identifier))
                : new DeleteResult(identifier, ((Number) remote.call("delete", Map.of("name", identifier)).result())
                        .intValue());
        if (result.deletedObjects() == 0) {
            throw new TychoException("no system with identifier " + identifier + " is running; nothing was deleted"
                    + " (status lists the running systems)");
        }
        tycho.print(TychoResponse.of(result), new Table("IDENTIFIER", "DELETED OBJECTS").row(identifier,
                result.deletedObjects()));
        return TychoCli.OK;
    }
}
