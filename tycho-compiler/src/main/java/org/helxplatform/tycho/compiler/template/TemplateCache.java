package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Parsed templates, each read and parsed once: named templates for the life of the engine (the template
 * directories are fixed configuration), ad-hoc texts in a bounded least-recently-used cache. It is also Jinjava's
 * resource locator, so that {@code include}, {@code import} and {@code extends} read through the same lookup,
 * confinement and cache.
 */
final class TemplateCache implements ResourceLocator {

    private final TemplateLoader loader;
    private final TemplateParser parser;
    private final ConcurrentMap<String, ParsedTemplate> named = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ParsedTemplate> namedBySource = new ConcurrentHashMap<>();
    private final Map<String, ParsedTemplate> adHoc;
    private final Map<String, ParsedTemplate> snippets;

    /**
     * Creates the cache.
     *
     * @param loader     where named templates are read from
     * @param parser     parses and checks templates
     * @param adHocLimit how many ad-hoc texts to keep parsed
     */
    TemplateCache(TemplateLoader loader, TemplateParser parser, int adHocLimit) {
        this.loader = loader;
        this.parser = parser;
        this.adHoc = lru(adHocLimit);
        this.snippets = lru(adHocLimit);
    }

    private static Map<String, ParsedTemplate> lru(int limit) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ParsedTemplate> eldest) {
                return size() > limit;
            }
        });
    }

    /**
     * Returns a named template, reading and parsing it on first use.
     *
     * @param name the template name
     * @return the parsed template
     * @throws TemplateException when the name is invalid, no root has it, or it does not parse or check
     */
    ParsedTemplate named(String name) {
        String canonical = TemplateLoader.canonicalName(name);
        return named.computeIfAbsent(canonical, key -> {
            TemplateLoader.Source source = loader.find(key).orElseThrow(() -> notFound(key));
            ParsedTemplate template = parser.parse(key, source.location(), source.text());
            namedBySource.putIfAbsent(template.source(), template);
            return template;
        });
    }

    /**
     * Tells whether a named template exists, without parsing it.
     *
     * @param name the template name
     * @return true when a root has it
     * @throws TemplateException when the name is invalid
     */
    boolean exists(String name) {
        String canonical = TemplateLoader.canonicalName(name);
        return named.containsKey(canonical) || loader.find(canonical).isPresent();
    }

    /**
     * Tells where a named template is read from.
     *
     * @param name the template name
     * @return the path or classpath URL
     * @throws TemplateException when the name is invalid or no root has it
     */
    String location(String name) {
        String canonical = TemplateLoader.canonicalName(name);
        ParsedTemplate template = named.get(canonical);
        return template != null ? template.location()
            : loader.find(canonical).orElseThrow(() -> notFound(canonical)).location();
    }

    /**
     * Returns an ad-hoc template text, parsing it on first use.
     *
     * @param text       the template text
     * @param sourceName what the text is, for errors
     * @return the parsed template
     * @throws TemplateException when it does not parse or check
     */
    ParsedTemplate adHoc(String text, String sourceName) {
        ParsedTemplate template = adHoc.get(text);
        if (template == null) {
            template = parser.parse(sourceName, sourceName, text);
            adHoc.put(text, template);
        }
        return template;
    }

    /**
     * Returns the tree for a text Jinjava asks to parse while rendering: a named template it has read through
     * this locator, or a snippet Jinjava builds from an already checked tag (the {@code call} tag renders
     * {@code {{ macro() }}}).
     *
     * @param source the text
     * @return the parsed template
     */
    ParsedTemplate forSource(String source) {
        ParsedTemplate template = namedBySource.get(source);
        if (template != null) {
            return template;
        }
        template = snippets.get(source);
        if (template == null) {
            template = parser.parseUnchecked("<snippet>", source);
            snippets.put(source, template);
        }
        return template;
    }

    @Override
    public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter)
        throws ResourceNotFoundException {
        String canonical = TemplateLoader.canonicalName(fullName);
        if (!named.containsKey(canonical) && loader.find(canonical).isEmpty()) {
            throw new ResourceNotFoundException("template '" + fullName + "' not found in " + loader.roots());
        }
        return named(canonical).source();
    }

    private TemplateException notFound(String name) {
        return new TemplateException(name, -1, null, "template not found in " + loader.roots());
    }

    /**
     * How many templates have been parsed, for tests of the caching.
     *
     * @return the number of parses so far
     */
    int parseCount() {
        return parser.parseCount();
    }
}
