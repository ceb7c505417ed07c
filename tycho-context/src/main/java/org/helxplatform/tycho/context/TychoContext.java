package org.helxplatform.tycho.context;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.helxplatform.tycho.backend.Backend;
import org.helxplatform.tycho.backend.BackendConfiguration;
import org.helxplatform.tycho.backend.Backends;
import org.helxplatform.tycho.compiler.CompileRequest;
import org.helxplatform.tycho.compiler.CompiledSystem;
import org.helxplatform.tycho.compiler.SystemCompiler;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.compiler.compose.ComposeSpec;
import org.helxplatform.tycho.compiler.template.TemplateEngine;
import org.helxplatform.tycho.context.internal.policy.Admission;
import org.helxplatform.tycho.context.internal.registry.AppRegistry;
import org.helxplatform.tycho.context.internal.registry.ResolvedProduct;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.context.registry.AppEntry;
import org.helxplatform.tycho.model.DeleteResult;
import org.helxplatform.tycho.model.LaunchEvent;
import org.helxplatform.tycho.model.ModifyRequest;
import org.helxplatform.tycho.model.ModifyResult;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.Principal;
import org.helxplatform.tycho.model.ProxyRewrite;
import org.helxplatform.tycho.model.ResourceRequest;
import org.helxplatform.tycho.model.StartRequest;
import org.helxplatform.tycho.model.StartResult;
import org.helxplatform.tycho.model.StatusQuery;
import org.helxplatform.tycho.model.SystemStatus;
import org.helxplatform.tycho.model.TychoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade hosts call: the apps of a product of the app registry, and the systems started from them.
 * <pre>{@code
 * try (TychoContext tycho = TychoContext.builder()
 *         .registry(RegistrySource.url(URI.create("https://github.com/helxplatform/helx-apps/raw/develop/")))
 *         .product("helx")
 *         .settings(System.getenv())
 *         .backend("kubernetes")
 *         .build()) {
 *     StartResult started = tycho.start(StartRequest.builder(Principal.of("alice", token), "jupyter-ds")
 *             .resources(ResourceRequest.of("1", "4G"))
 *             .host("helx.example.org")
 *             .build());
 *     tycho.status(StatusQuery.user("alice"));
 *     tycho.delete(started.identifier());
 * }
 * }</pre>
 * The registry is loaded and the product resolved when the context is built; each app's spec and settings are
 * fetched on first use and cached for the life of the context; {@link #validate()} checks every app at once (and
 * {@link Builder#validate(boolean)} when the context is built). One context is shared by all request threads of a
 * host: it is thread-safe, and concurrent first starts of an app fetch its spec once.
 *
 * <p>Errors: bad input values are {@link org.helxplatform.tycho.model.InvalidValueException}s, other failures
 * {@link TychoException} subtypes that name the app, file, path or field and the fix. A {@code null} argument is a
 * programming error, reported as a {@link NullPointerException} naming the parameter.
 *
 * <p>Starts and modifies obey the platform's resource policy (README, Security): the bounds of one system and of
 * all systems of a user from the settings, and the registry's {@code count} of each app; a start or modify beyond
 * one fails with a {@link LimitExceededException} before anything is created or changed, and concurrent starts of a
 * user cannot overtake a bound together. The operations that take a bare identifier ({@link #modify},
 * {@link #delete}, {@link #awaitReady}, {@link #events}, {@link #logs}, and {@link #status} of any query) act on any
 * user's system: they are for administrators. Code acting for a user calls {@link #forUser(Principal)}, whose
 * view sees and touches only that user's systems.
 */
public final class TychoContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TychoContext.class);

    /** The user {@link #validate()} compiles apps for. */
    public static final String VALIDATION_USER = "tycho-validate";

    private final ResolvedProduct product;
    private final TychoSettings settings;
    private final Backend backend;
    private final boolean ownsBackend;
    private final Supplier<String> identifiers;
    private final SystemCompiler compiler;
    private final AppDefinitions definitions;
    private final Admission admission;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private TychoContext(Builder builder) {
        this.settings = builder.settings;
        AppRegistry registry = AppRegistry.load(builder.registry);
        this.product = registry.resolve(builder.product, settings.asMap());
        Clock clock = builder.clock != null ? builder.clock
                : builder.backendConfiguration.get(Clock.class).orElse(Clock.systemUTC());
        TemplateEngine engine = TemplateEngine.builder().clock(clock).build();
        this.compiler = new SystemCompiler(settings, engine);
        this.definitions = new AppDefinitions(product, builder.registry.loader(), engine);
        this.identifiers = builder.identifiers;
        if (builder.backend != null) {
            this.backend = builder.backend;
            this.ownsBackend = false;
        } else {
            BackendConfiguration configuration = builder.backendConfiguration.toBuilder()
                    .settings(settings.asMap())
                    .templateDirectories(settings.templatePathsAfter(builder.backendConfiguration.templateDirectories()))
                    .with(Clock.class, clock)
                    .build();
            this.backend = builder.backendName == null ? Backends.createDefault(configuration)
                    : Backends.create(builder.backendName, configuration);
            this.ownsBackend = true;
        }
        this.admission = new Admission(settings, backend, Clock.systemUTC());
        LOG.info("Tycho context for product {}: {} apps, backend {}", product.product(), product.apps().size(),
                backend.name());
        if (builder.validate) {
            Map<String, TychoException> problems = validate();
            if (!problems.isEmpty()) {
                close();
                TychoException failure = new TychoException(problems.size() + " of " + product.apps().size()
                        + " apps of product " + product.product() + " cannot start:\n  " + problems.values().stream()
                        .map(Throwable::getMessage).collect(Collectors.joining("\n  ")));
                problems.values().forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the product's name */
    public String product() {
        return product.product();
    }

    /** @return the apps of the product, by id, in registry order */
    public Map<String, AppEntry> apps() {
        return product.apps();
    }

    /**
     * One app.
     *
     * @param appId the app id
     * @return the app
     * @throws org.helxplatform.tycho.context.registry.RegistryException when the product has no such app
     */
    public AppEntry app(String appId) {
        return product.requireApp(appId);
    }

    /**
     * An app's spec: its compose file rendered with the registry's settings and validated; fetched once.
     *
     * @param appId the app id
     * @return the spec
     */
    public ComposeSpec definition(String appId) {
        app(appId);
        return definitions.spec(appId);
    }

    /**
     * An app's settings: its {@code .env} entries, then its registry {@code env}; fetched once.
     *
     * @param appId the app id
     * @return the settings, in order
     */
    public Map<String, String> appSettings(String appId) {
        app(appId);
        return definitions.settings(appId);
    }

    /** @return the settings of this context */
    public TychoSettings settings() {
        return settings;
    }

    /** @return the backend systems run on */
    public Backend backend() {
        return backend;
    }

    /**
     * Starts an app for a user.
     * <pre>{@code
     * tycho.start(StartRequest.builder(principal, "jupyter-ds").resources(ResourceRequest.of("1", "4G")).build());
     * }</pre>
     *
     * @param request the user, app, resources, host and extra environment
     * @return the started system, with warnings about what the start left out (e.g. a claim that does not exist)
     * @throws org.helxplatform.tycho.context.registry.RegistryException when the product has no such app
     * @throws TychoException                                            when the app's spec cannot be fetched or
     *                                                                   compiled, naming the app and the place
     * @throws LimitExceededException                                    when it would go beyond a bound of the
     *                                                                   system, the user or the app
     * @throws org.helxplatform.tycho.backend.StartException             when the backend cannot start it
     */
    public StartResult start(StartRequest request) {
        CompiledSystem compiled = compile(Objects.requireNonNull(request, "request"));
        return admission.start(compiled.system(), app(request.appId()).count(),
                () -> backend.start(compiled.system()));
    }

    /**
     * A view of this context acting for one user: it starts systems for that user, and sees and touches only that
     * user's systems; another user's system gets the answer a missing one gets.
     *
     * @param principal the user, with the tokens handed to the systems it starts
     * @return the view
     */
    public UserScope forUser(Principal principal) {
        return new UserScope(this, principal);
    }

    /** The user a system runs for: as this context started it, else as the backend reports it. */
    Optional<String> ownerOf(String identifier) {
        Optional<String> started = admission.startedFor(identifier);
        if (started.isPresent()) {
            return started;
        }
        return backend.status(StatusQuery.identifier(identifier)).stream().findFirst().map(SystemStatus::username);
    }

    /**
     * Starts a system from a spec the caller supplies instead of an app of the registry, as Python Tycho's
     * {@code /system/start} did: the request is compiled with this context's settings and template engine, and the
     * system is started on this context's backend. Nothing of the registry is applied; the request carries the spec,
     * its settings ({@code .env}), the services to expose and the identifier, which is used as it is.
     *
     * @param request the spec, user, identifier and what else a registry entry would have given
     * @return the started system
     * @throws org.helxplatform.tycho.compiler.compose.SpecException naming the path and value when the spec or the
     *         request is invalid; nothing is started then
     * @throws org.helxplatform.tycho.backend.StartException when the backend cannot start it
     * @throws LimitExceededException when it would go beyond a bound of the system or the user (a spec has no
     *         registry {@code count})
     */
    public StartResult start(CompileRequest request) {
        CompiledSystem compiled = compiler.compile(Objects.requireNonNull(request, "request"));
        compiled.warnings().forEach(warning -> LOG.warn("spec {}: {}", request.spec().source(), warning));
        return admission.start(compiled.system(), AppEntry.UNLIMITED, () -> backend.start(compiled.system()));
    }

    /**
     * Compiles the system a start would run, without starting it.
     *
     * @param request the user, app, resources, host and extra environment
     * @return the system, with the warnings about its spec
     */
    public CompiledSystem compile(StartRequest request) {
        Objects.requireNonNull(request, "request");
        AppEntry app = app(request.appId());
        ProxyRewrite proxyRewrite = new ProxyRewrite(
                Boolean.TRUE.equals(app.proxyRewrite().get("enabled")) || app.proxyRewriteRule(),
                app.proxyRewrite().get("target") == null ? null : String.valueOf(app.proxyRewrite().get("target")));
        String identifier = Names.requireIdentifier("identifier (from the context's identifier generator)",
                identifiers.get());
        CompileRequest compileRequest = CompileRequest.builder(app.id(), identifier,
                        definitions.spec(app.id()), request.principal())
                .host(request.host())
                .extraContainerEnv(request.extraContainerEnv())
                .resources(request.resources())
                .ext(app.ext())
                .securityContext(app.securityContext())
                .serviceAccount(app.serviceAccount().orElse(null))
                .connString(app.connString())
                .proxyRewrite(proxyRewrite)
                .giteaIntegration(app.giteaIntegration())
                .services(app.services())
                .appSettings(definitions.settings(app.id()))
                .build();
        CompiledSystem compiled = compiler.compile(compileRequest);
        if (warned.add(app.id())) {
            compiled.warnings().forEach(warning -> LOG.warn("app {}: {}", app.id(), warning));
        }
        return compiled;
    }

    /**
     * Checks every app of the product as a start would, without starting anything: its id, its registry entry
     * (services and ports, probes, security context), its spec (fetched, parsed and checked against the schema,
     * with its main service and resources) and its settings ({@code .env} and registry {@code env}). Each app is
     * compiled for a stand-in user, {@value #VALIDATION_USER}; specs fetched here are cached as on a start.
     *
     * @return the apps that cannot start, in registry order, each with the exception a start of it would throw
     *         (its message names the app, the file or field, and the fix); empty when every app can start
     */
    public Map<String, TychoException> validate() {
        Map<String, TychoException> problems = new LinkedHashMap<>();
        for (String appId : product.apps().keySet()) {
            try {
                compile(StartRequest.builder(Principal.of(VALIDATION_USER), appId).build());
            } catch (TychoException problem) {
                problems.put(appId, problem);
            }
        }
        return Collections.unmodifiableMap(problems);
    }

    /**
     * Reports running systems.
     *
     * @param query all, one user's, or one system
     * @return the systems
     */
    public List<SystemStatus> status(StatusQuery query) {
        return backend.status(Objects.requireNonNull(query, "query"));
    }

    /**
     * Changes a running system's labels, CPU and memory.
     *
     * @param request the change
     * @return the patches applied
     * @throws LimitExceededException when the new CPU or memory would go beyond a bound of the system or the user
     */
    public ModifyResult modify(ModifyRequest request) {
        Objects.requireNonNull(request, "request");
        return admission.modify(request, () -> backend.modify(request));
    }

    /**
     * Waits until a system is ready, without blocking a thread: the future completes with its status (and URL)
     * once it is {@code READY}, or exceptionally with
     * {@link org.helxplatform.tycho.backend.LaunchFailedException} (the failure reason) or
     * {@link org.helxplatform.tycho.backend.LaunchTimeoutException} (the last state).
     *
     * @param identifier the system identifier
     * @param timeout    how long to wait at most
     * @return the future
     */
    public CompletableFuture<SystemStatus> awaitReady(String identifier, Duration timeout) {
        return backend.awaitReady(Names.requireIdentifier("identifier", identifier), timeout);
    }

    /**
     * The launch events of a system: its history so far, then each new event, until it is deleted.
     *
     * @param identifier the system identifier
     * @return the events
     */
    public Flow.Publisher<LaunchEvent> events(String identifier) {
        return backend.events(Names.requireIdentifier("identifier", identifier));
    }

    /**
     * The last lines a container of a system wrote.
     *
     * @param identifier the system identifier
     * @param container  the container (compose service) name
     * @param tailLines  how many lines at most
     * @return the lines
     */
    public String logs(String identifier, String container, int tailLines) {
        return backend.logs(Names.requireIdentifier("identifier", identifier), container, tailLines);
    }

    /**
     * Deletes a system. Deleting one that does not exist is fine.
     *
     * @param identifier the system identifier
     * @return what was deleted
     */
    public DeleteResult delete(String identifier) {
        Names.requireIdentifier("identifier", identifier);
        return admission.delete(identifier, () -> backend.delete(identifier));
    }

    /** Closes the backend when this context created it. Running systems keep running. */
    @Override
    public void close() {
        if (ownsBackend) {
            backend.close();
        }
    }

    /** Builds a {@link TychoContext}. */
    public static final class Builder {
        private RegistrySource registry = RegistrySource.builtIn();
        private String product = "common";
        private TychoSettings settings = TychoSettings.defaults();
        private Backend backend;
        private String backendName;
        private BackendConfiguration backendConfiguration = BackendConfiguration.builder().build();
        private Supplier<String> identifiers = () -> UUID.randomUUID().toString().replace("-", "");
        private Clock clock;
        private boolean validate;

        private Builder() {
        }

        /**
         * @param value where the registry is loaded from (default: the built-in registry)
         * @return this
         */
        public Builder registry(RegistrySource value) {
            this.registry = Objects.requireNonNull(value, "registry");
            return this;
        }

        /**
         * @param value the product (registry context) to offer (default {@code common})
         * @return this
         */
        public Builder product(String value) {
            this.product = Objects.requireNonNull(value, "product");
            return this;
        }

        /**
         * @param values settings by name, e.g. {@code System.getenv()}
         * @return this
         */
        public Builder settings(Map<String, String> values) {
            this.settings = TychoSettings.of(values);
            return this;
        }

        /**
         * @param value the settings
         * @return this
         */
        public Builder settings(TychoSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * @param value a backend to use as it is; the context does not close it. Replaces a backend chosen by
         *              {@link #backend(String) name} before.
         * @return this
         */
        public Builder backend(Backend value) {
            this.backend = Objects.requireNonNull(value, "backend");
            this.backendName = null;
            return this;
        }

        /**
         * Chooses the backend by provider name (e.g. {@code kubernetes}, {@code memory}); without one, and without
         * {@link #backend(Backend)}, the production backend (priority 0 or more) of highest priority on the class
         * path is used, and building fails, naming the fix, when there is none: a development backend such as
         * {@code memory} is used only when named. Replaces a backend supplied by {@link #backend(Backend)} before.
         *
         * @param name the backend name
         * @return this
         */
        public Builder backend(String name) {
            this.backendName = Objects.requireNonNull(name, "backend name");
            this.backend = null;
            return this;
        }

        /**
         * Extra configuration for a backend created by name, e.g. a client:
         * {@code BackendConfiguration.builder().with(KubernetesClient.class, client).build()}. The context adds its
         * settings (which win over settings of the same name here), its template paths (after the template
         * directories given here) and its clock.
         *
         * @param value the configuration
         * @return this
         */
        public Builder backendConfiguration(BackendConfiguration value) {
            this.backendConfiguration = Objects.requireNonNull(value, "backendConfiguration");
            return this;
        }

        /**
         * @param value makes system identifiers (default: random UUIDs without dashes)
         * @return this
         */
        public Builder identifiers(Supplier<String> value) {
            this.identifiers = Objects.requireNonNull(value, "identifiers");
            return this;
        }

        /**
         * @param value the clock for {@code now()} in templates and creation times (default: a {@link Clock} in the
         *              {@link #backendConfiguration backend configuration}, else the system clock in UTC)
         * @return this
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Whether {@link #build()} checks every app of the product with {@link TychoContext#validate()} and fails
         * when one cannot start (default: no, apps are checked when started).
         *
         * @param value whether to check the apps when the context is built
         * @return this
         */
        public Builder validate(boolean value) {
            this.validate = value;
            return this;
        }

        /**
         * Loads the registry, resolves the product and creates the backend; with {@link #validate(boolean)}, checks
         * every app.
         *
         * @return the context
         * @throws org.helxplatform.tycho.context.registry.RegistryException when the registry cannot be loaded or
         *                                                                   resolved
         * @throws org.helxplatform.tycho.backend.BackendConfigurationException when the backend cannot be found
         *                                                                      or created
         * @throws TychoException when {@link #validate(boolean)} is on and an app cannot start: the message lists
         *                        every problem, and each is a suppressed exception
         */
        public TychoContext build() {
            return new TychoContext(this);
        }
    }
}
