package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TreeParser;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses template text into Jinjava's node tree as Jinja2 reads a template (newlines normalized to {@code \n}, one
 * trailing newline dropped), fails on any parse error Jinjava would only collect, and runs the
 * {@link TemplateChecker}.
 */
final class TemplateParser {

    private static final Pattern COMMENT = Pattern.compile("\\{#(-?)(.*?)(-?)#\\}", Pattern.DOTALL);

    private final PyJinjava jinjava;
    private final TemplateChecker checker;
    private final AtomicInteger parses = new AtomicInteger();

    /**
     * Creates a parser.
     *
     * @param jinjava the engine's Jinjava, whose tags are used
     * @param checker the check run on every parsed template
     */
    TemplateParser(PyJinjava jinjava, TemplateChecker checker) {
        this.jinjava = jinjava;
        this.checker = checker;
    }

    /**
     * Parses and checks a template.
     *
     * @param name     the template name, for errors
     * @param location where it was read from
     * @param text     the template text
     * @return the parsed template
     * @throws TemplateException on a syntax error or a construct the engine refuses
     */
    ParsedTemplate parse(String name, String location, String text) {
        ParsedTemplate template = parseUnchecked(name, location, text);
        checker.check(name, template.root());
        return template;
    }

    /**
     * Parses a text that comes from an already checked template.
     *
     * @param name what the text is, for errors
     * @param text the text
     * @return the parsed template
     */
    ParsedTemplate parseUnchecked(String name, String text) {
        return parseUnchecked(name, name, text);
    }

    private ParsedTemplate parseUnchecked(String name, String location, String text) {
        String source = normalize(text);
        JinjavaInterpreter interpreter = jinjava.getGlobalConfig().getInterpreterFactory().newInstance(jinjava,
            new Context(jinjava.getGlobalContextCopy(), null, null), jinjava.getGlobalConfig());
        Node root = new TreeParser(interpreter, source).buildTree();
        List<TemplateError> errors = interpreter.getErrorsCopy();
        if (!errors.isEmpty()) {
            TemplateError error = errors.get(0);
            throw new TemplateException(name, error.getLineno(), error.getFieldName(),
                "syntax error: " + error.getMessage());
        }
        parses.incrementAndGet();
        return new ParsedTemplate(name, location, source, root);
    }

    /**
     * Reads template text as Jinja2's lexer does: {@code \r\n} and {@code \r} become {@code \n}, and one trailing
     * newline is removed ({@code keep_trailing_newline=False}).
     *
     * @param text the template text
     * @return the text to parse
     */
    static String normalize(String text) {
        String source = text.replace("\r\n", "\n").replace('\r', '\n');
        return commentsAsEmptyBlocks(source.endsWith("\n") ? source.substring(0, source.length() - 1) : source);
    }

    /**
     * Jinjava makes no node of a comment, so the whitespace control of {@code {#- ... #}} leaks onto the text after
     * the comment and that of {@code {# ... -#}} is lost. An empty {@code if false} block with the same markers and
     * the same line count is trimmed as Jinja2 trims the comment.
     */
    private static String commentsAsEmptyBlocks(String source) {
        if (!source.contains("{#") || source.contains("raw %}") || source.contains("raw -%}")) {
            return source;
        }
        Matcher comment = COMMENT.matcher(source);
        StringBuilder result = new StringBuilder();
        while (comment.find()) {
            String newlines = "\n".repeat((int) comment.group(2).chars().filter(c -> c == '\n').count());
            comment.appendReplacement(result, Matcher.quoteReplacement("{%" + comment.group(1) + " if false %}"
                    + newlines + "{% endif " + comment.group(3) + "%}"));
        }
        comment.appendTail(result);
        return result.toString();
    }

    /**
     * How many texts have been parsed.
     *
     * @return the number of parses so far
     */
    int parseCount() {
        return parses.get();
    }
}
