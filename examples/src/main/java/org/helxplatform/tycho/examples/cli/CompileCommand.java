package org.helxplatform.tycho.examples.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.examples.manifests.ManifestPlanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code tycho compile}: the Kubernetes objects of a spec, without applying them. */
@Command(name = "compile",
        description = {"Prints the Kubernetes objects a start of the spec would create, without a cluster (like"
                + " kompose convert): the Deployment, the NetworkPolicy if any, and the Services, with every claim"
                + " assumed to exist.",
            "With -o yaml the objects are printed as a YAML stream that kubectl apply -f - accepts."})
final class CompileCommand implements Callable<Integer> {

    @ParentCommand
    private TychoCommand tycho;

    @Mixin
    private SpecOptions spec;

    @Override
    public Integer call() {
        CompiledSystem compiled = tycho.compile(spec);
        List<HasMetadata> objects = ManifestPlanner.of(BackendConfiguration.of(tycho.settings()))
                .objects(compiled.system());
        if (tycho.output() == Output.Format.YAML) {
            objects.forEach(object -> tycho.out().print(Output.yaml(object)));
            tycho.out().flush();
            return TychoCli.OK;
        }
        List<Object> result = new ArrayList<>();
        Table table = new Table("KIND", "NAME");
        for (HasMetadata object : objects) {
            result.add(Output.tree(object));
            table.row(object.getKind(), object.getMetadata().getName());
        }
        tycho.print(new TychoResponse(TychoResponse.SUCCESS, result, "Compiled " + objects.size() + " objects of "
                + compiled.system().name()), table);
        return TychoCli.OK;
    }
}
