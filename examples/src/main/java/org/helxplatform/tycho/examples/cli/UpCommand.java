package org.helxplatform.tycho.examples.cli;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendException;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code tycho up}: starts a spec, and with {@code --wait} follows it until it is ready or fails. */
@Command(name = "up", description = "Starts the apps of a docker-compose file as one system, and prints its"
        + " identifier, which status, modify and down take (the JSON output calls it sid, as Python Tycho does).")
final class UpCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @ParentCommand
    private TychoCommand tycho;

    @Mixin
    private SpecOptions spec;

    @Option(names = "--wait", description = "Wait until the system is ready, printing its progress (Tycho's steps,"
            + " Kubernetes events, changes of state) on the error stream; ends with the URL to open, or with the"
            + " reason the system cannot start (exit code 1).")
    private boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        CompiledSystem compiled = tycho.compile(spec);
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            if (wait) {
                throw new TychoException("--wait follows a system on a local backend; with --server, follow it"
                        + " with status");
            }
            TychoResponse response = remote.call("start", spec.startRequest(compiled.system()));
            Map<?, ?> result = (Map<?, ?>) response.result();
            Map<?, ?> containers = (Map<?, ?>) result.get("containers");
            tycho.print(response, new Table("IDENTIFIER", "NAME", "SERVICES").row(result.get("sid"),
                    result.get("name"), containers.keySet().stream().map(String::valueOf)
                            .collect(Collectors.joining(","))));
            return TychoCli.OK;
        }
        StartResult started = tycho.withBackend(backend -> {
            StartResult result = backend.start(compiled.system());
            return wait ? awaitReady(backend, result) : result;
        });
        Table table = new Table("IDENTIFIER", "NAME", "SERVICES", "URL").row(started.identifier(), started.name(),
                String.join(",", started.services().keySet()), started.url() == null ? "" : started.url());
        tycho.print(TychoResponse.of(started), table);
        return TychoCli.OK;
    }

    /** Follows the system's events until it is ready: its result with the URL, or the reason as the error. */
    private StartResult awaitReady(Backend backend, StartResult started) {
        Flow.Subscriber<LaunchEvent> progress = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(LaunchEvent event) {
                tycho.progress(TIME.format(event.time()) + " " + event.state().phase() + " " + describe(event));
            }

            @Override
            public void onError(Throwable failure) {
                // the wait below reports it
            }

            @Override
            public void onComplete() {
                // the wait below reports it
            }
        };
        backend.events(started.identifier()).subscribe(progress);
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try {
            SystemStatus ready = backend.awaitReady(started.identifier(), timeout)
                    .get(timeoutSeconds + 30L, TimeUnit.SECONDS);
            tycho.progress("ready: " + (ready.url() == null ? "no URL is known (no service, or no address yet)"
                    : ready.url()));
            return new StartResult(started.name(), started.identifier(), started.connString(), ready.services(),
                    ready.url());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackendException failure) {
                throw new TychoException(failure.getMessage(), failure);
            }
            throw new TychoException("waiting for system " + started.identifier() + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new TychoException("system " + started.identifier() + " was not ready within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TychoException("interrupted while waiting for system " + started.identifier(), e);
        }
    }

    private static String describe(LaunchEvent event) {
        String message = event.message().isEmpty() ? "" : ": " + event.message();
        String object = event.involvedObject().isEmpty() ? "" : " (" + event.involvedObject() + ")";
        return event.reason() + message + object;
    }
}
