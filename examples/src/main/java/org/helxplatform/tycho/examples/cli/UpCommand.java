package org.helxplatform.tycho.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
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

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    @ParentCommand
    private TychoCommand tycho;

    @Mixin
    private SpecOptions spec;

    @Option(names = "--wait", description = "Wait until the system is ready, printing its progress (Tycho's steps,"
            + " Kubernetes events, changes of state) on the error stream; ends with the URL to open, or with the"
            + " reason the system cannot start (exit code 1). With --server, follows the state the server reports.")
    private boolean wait;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() {
        CompiledSystem compiled = tycho.compile(spec);
        RemoteTycho remote = tycho.remote();
        if (remote != null) {
            TychoResponse response = remote.call("start", spec.startRequest(compiled.system()));
            Map<?, ?> result = (Map<?, ?>) response.result();
            Map<?, ?> containers = (Map<?, ?>) result.get("containers");
            String sid = String.valueOf(result.get("sid"));
            // Python Tycho's start answer has no URL: /v1 has it.
            String url = wait ? awaitReady(remote, sid)
                    : remote.system(sid).map(system -> system.path("url").asText("")).orElse("");
            tycho.print(response, new Table("IDENTIFIER", "NAME", "SERVICES", "URL").row(result.get("sid"),
                    result.get("name"), containers.keySet().stream().map(String::valueOf)
                            .collect(Collectors.joining(",")), url));
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

    /**
     * Follows a system on a server by reading {@code GET /v1/systems/{identifier}} once a second, printing each
     * change of state, until it is ready (its URL) or failed (the reason, as the error).
     */
    private String awaitReady(RemoteTycho remote, String identifier) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "";
        while (true) {
            JsonNode system = remote.system(identifier).orElseThrow(() -> new TychoException("system " + identifier
                    + " is gone from the server while waiting for it"));
            JsonNode state = system.path("state");
            String phase = state.path("phase").asText();
            String message = state.path("message").asText("");
            String now = phase + " " + state.path("reason").asText() + (message.isEmpty() ? "" : ": " + message);
            if (!now.equals(last)) {
                tycho.progress(TIME.format(Instant.now()) + " " + now);
                last = now;
            }
            if (phase.equals("READY")) {
                String url = system.path("url").asText("");
                tycho.progress("ready: " + (url.isEmpty() ? "no URL is known (no service, or no address yet)" : url));
                return url;
            }
            if (phase.equals("FAILED")) {
                throw new TychoException("system " + identifier + " failed: " + now);
            }
            if (System.nanoTime() > deadline) {
                throw new TychoException("system " + identifier + " was not ready within "
                        + Duration.ofSeconds(timeoutSeconds) + "; last state: " + now);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TychoException("interrupted while waiting for system " + identifier, e);
            }
        }
    }

    private static String describe(LaunchEvent event) {
        String message = event.message().isEmpty() ? "" : ": " + event.message();
        String object = event.involvedObject().isEmpty() ? "" : " (" + event.involvedObject() + ")";
        return event.reason() + message + object;
    }
}
