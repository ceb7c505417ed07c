package org.helxplatform.tycho.compiler.template;

import org.helxplatform.tycho.model.TychoException;

/**
 * A template could not be found, parsed, checked or rendered. The message names the template and, when known, the
 * line and the offending construct, in the form {@code <template>: line <n>: <what went wrong>}.
 */
public class TemplateException extends TychoException {

    private static final long serialVersionUID = 1L;

    /** The template the error is in. */
    private final String templateName;
    /** The line of the error, from 1, or -1. */
    private final int line;
    /** The offending construct, or null. */
    private final String construct;

    /**
     * Creates the exception.
     *
     * @param templateName the template (name or ad-hoc source name)
     * @param line         the line, from 1, or -1 when unknown
     * @param construct    the offending construct (a tag, filter, expression...), or null
     * @param detail       what went wrong and, when there is one, what to do instead
     */
    public TemplateException(String templateName, int line, String construct, String detail) {
        this(templateName, line, construct, detail, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param templateName the template (name or ad-hoc source name)
     * @param line         the line, from 1, or -1 when unknown
     * @param construct    the offending construct, or null
     * @param detail       what went wrong and, when there is one, what to do instead
     * @param cause        the underlying failure, or null
     */
    public TemplateException(String templateName, int line, String construct, String detail, Throwable cause) {
        super(templateName + ": " + (line > 0 ? "line " + line + ": " : "") + detail, cause);
        this.templateName = templateName;
        this.line = line > 0 ? line : -1;
        this.construct = construct;
    }

    /**
     * The template the error is in.
     *
     * @return the template name, or the source name given to {@code renderString}
     */
    public String templateName() {
        return templateName;
    }

    /**
     * The line of the error.
     *
     * @return the line, from 1, or -1 when unknown
     */
    public int line() {
        return line;
    }

    /**
     * The construct that failed or is not supported ({@code for … recursive}, {@code filter 'xmlattr'}, an
     * expression...).
     *
     * @return the construct, or null when the error is not about one
     */
    public String construct() {
        return construct;
    }
}
