package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders Python Tycho's Jinja2 templates with Jinja2's semantics, on Jinjava.
 *
 * <p>Templates are looked up by name in the configured directories, in order, then under a classpath root; a
 * template (and any {@code include}, {@code import} or {@code extends} in it) can never be read from outside these
 * roots. Each template is read, parsed and checked once; constructs that would not render as Jinja2 renders them
 * are refused with a {@link TemplateException} before anything is rendered. Render contexts are maps of maps,
 * lists, strings, numbers, booleans and {@code null} (Python's {@code None}); the output is text, to be parsed by
 * the caller (as YAML, with {@code Yaml11}).
 *
 * <p>An instance is immutable after {@link Builder#build()} and is meant to be shared: every method may be called
 * from any number of threads.
 */
public final class TemplateEngine {

    /** How many ad-hoc template texts {@link #renderString} keeps parsed. */
    static final int AD_HOC_CACHE_SIZE = 512;

    private final PyJinjava jinjava;

    private TemplateEngine(Builder builder) {
        TemplateLoader loader = new TemplateLoader(builder.directories, builder.classLoader, builder.classpathRoot);
        this.jinjava = new PyJinjava(builder.clock, loader, AD_HOC_CACHE_SIZE);
    }

    /**
     * Starts configuring an engine.
     *
     * @return a builder with no template roots and the UTC system clock
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link TemplateEngine}. */
    public static final class Builder {
        private List<Path> directories = List.of();
        private ClassLoader classLoader;
        private String classpathRoot;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * Sets the user template directories, searched first, in order.
         *
         * @param dirs the directories
         * @return this builder
         */
        public Builder templateDirectories(List<Path> dirs) {
            this.directories = List.copyOf(dirs);
            return this;
        }

        /**
         * Sets where the default templates are, searched after the directories.
         *
         * @param loader the class loader to read them with
         * @param root   the resource folder, such as {@code org/helxplatform/tycho/backend/kubernetes/templates/}
         * @return this builder
         */
        public Builder classpathRoot(ClassLoader loader, String root) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            this.classpathRoot = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * Sets the clock that {@code now()} reads (its UTC time).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the engine.
         *
         * @return the configured engine
         */
        public TemplateEngine build() {
            return new TemplateEngine(this);
        }
    }

    /**
     * Renders a named template.
     *
     * @param templateName the template name relative to the roots, such as {@code pod.yaml} or
     *                     {@code policy/tycho-default-netpolicy.yaml}
     * @param context      the template variables; null values are Python's {@code None}
     * @return the rendered text
     * @throws TemplateException when the template is missing, does not parse, uses a construct the engine refuses,
     *                           or fails while rendering; the message names the template and line
     */
    public String render(String templateName, Map<String, ?> context) {
        ParsedTemplate template = jinjava.templates().named(templateName);
        return render(template, template.name(), context);
    }

    /**
     * Renders template text that is not a named template, such as a value of a compose spec or of the settings.
     * Parsed texts are cached (the 512 most recently used are kept).
     *
     * @param templateText the template text
     * @param sourceName   what the text is, for error messages
     * @param context      the template variables; null values are Python's {@code None}
     * @return the rendered text
     * @throws TemplateException when the text does not parse, uses a construct the engine refuses, or fails while
     *                           rendering
     */
    public String renderString(String templateText, String sourceName, Map<String, ?> context) {
        Objects.requireNonNull(templateText, "templateText");
        return render(jinjava.templates().adHoc(templateText, sourceName), sourceName, context);
    }

    /**
     * Tells whether a named template exists in the roots.
     *
     * @param templateName the template name
     * @return true when a root has it
     * @throws TemplateException when the name is not a valid template name (absolute, with {@code ..})
     */
    public boolean exists(String templateName) {
        return jinjava.templates().exists(templateName);
    }

    /**
     * Tells where a named template is read from, for logs and error messages.
     *
     * @param templateName the template name
     * @return its file path or classpath URL
     * @throws TemplateException when the name is invalid or no root has it
     */
    public String resolve(String templateName) {
        return jinjava.templates().location(templateName);
    }

    /**
     * How many template texts have been parsed, for tests of the caching.
     *
     * @return the number of parses so far
     */
    int parseCount() {
        return jinjava.templates().parseCount();
    }

    private String render(ParsedTemplate template, String name, Map<String, ?> variables) {
        Context context = new RenderContext(jinjava.getGlobalContext(), ContextValues.convert(name, variables),
            jinjava.getGlobalConfig().getDisabled());
        JinjavaInterpreter interpreter = jinjava.getGlobalConfig().getInterpreterFactory()
            .newInstance(jinjava, context, jinjava.getGlobalConfig());
        String output;
        try {
            output = interpreter.render(template.root());
        } catch (RuntimeException e) {
            throw RenderErrors.fromException(name, interpreter.getLineNumber(), e);
        }
        RenderErrors.throwFirstFatal(name, interpreter.getErrorsCopy());
        return output;
    }
}
