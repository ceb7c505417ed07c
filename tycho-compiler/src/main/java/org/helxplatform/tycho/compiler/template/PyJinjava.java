package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import java.time.Clock;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

/**
 * The engine's configured Jinjava: Jinja2-compatible settings, the {@link PyParser} expression language, the
 * {@link PyELResolver}, the replaced and added tags, and the Python filters, tests and functions. One instance is
 * shared by all renders (Jinjava is thread-safe once configured; everything here is registered in the
 * constructor).
 */
final class PyJinjava extends Jinjava {

    /** How many parsed expressions to keep. */
    private static final int EXPRESSION_CACHE_SIZE = 4096;

    /** How deep macros may call themselves; deeper recursion is an error. */
    private static final int MAX_MACRO_RECURSION = 100;

    private final TreeStore expressions;
    private final ExpressionFactory expressionFactory;
    private final Clock clock;
    private final TemplateCache templates;

    /**
     * Creates and configures the engine's Jinjava.
     *
     * @param clock      what {@code now()} reads
     * @param loader     where named templates are found
     * @param adHocLimit how many ad-hoc template texts to keep parsed
     */
    PyJinjava(Clock clock, TemplateLoader loader, int adHocLimit) {
        super(config());
        this.clock = clock;
        this.expressions = new TreeStore(new PyParser.SyntaxBuilder(), new Cache(EXPRESSION_CACHE_SIZE));
        this.expressionFactory = new PyExpressionFactory(expressions, new PyTypeConverter());
        Context global = getGlobalContext();
        global.registerTag(new ForTag());
        global.registerTag(new IfTag());
        global.registerTag(new SetTag());
        global.registerTag(new MacroTag());
        global.registerTag(new WithTag());
        global.registerTag(new FilterTag());
        global.registerTag(new PrintTag());
        PyFilters.register(global);
        PyTests.register(global);
        PyGlobals.register(global);
        this.templates = new TemplateCache(loader, new TemplateParser(this, new TemplateChecker(this)), adHocLimit);
        setResourceLocator(templates);
    }

    private static JinjavaConfig config() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyELResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        return JinjavaConfig.newBuilder()
            .withLegacyOverrides(LegacyOverrides.newBuilder()
                .withIterateOverMapKeys(true)
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .build())
            .withNestedInterpretationEnabled(false)
            .withElResolver(resolver)
            .withInterperterFactory(new PyInterpreter.Factory()) // sic: Jinjava's spelling
            .withEnableRecursiveMacroCalls(true)
            .withMaxMacroRecursionDepth(MAX_MACRO_RECURSION)
            .build();
    }

    @Override
    public ExpressionFactory getExpressionFactory() {
        return expressionFactory;
    }

    /**
     * Parses an expression as rendering will (sharing the parsed-expression cache).
     *
     * @param expression the expression text
     * @return its syntax tree
     * @throws jinjava.javax.el.ELException on a syntax error (a {@code TreeBuilderException})
     */
    AstNode parseExpression(String expression) {
        return (AstNode) ((AstNode) expressions.get("#{" + expression.trim() + "}").getRoot()).getChild(0);
    }

    /**
     * What {@code now()} reads.
     *
     * @return the clock
     */
    Clock clock() {
        return clock;
    }

    /**
     * The parsed templates.
     *
     * @return the template cache
     */
    TemplateCache templates() {
        return templates;
    }
}
