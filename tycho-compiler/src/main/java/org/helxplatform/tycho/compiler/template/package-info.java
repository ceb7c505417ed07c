/**
 * The template engine: renders Python Tycho's Jinja2 templates (pod, service, network policy, patch, and values
 * of compose specs and settings) with Jinja2's semantics, on Jinjava.
 *
 * <p>{@link org.helxplatform.tycho.compiler.template.TemplateEngine} is the entry point. Jinja2 and Jinjava differ
 * in many silent ways (how {@code None}, booleans, lists and dicts print; truth; equality; {@code for … else};
 * filters Jinjava ignores); this package closes the gaps with Python implementations of the values, operators,
 * filters, tests and loop, and refuses, before rendering, every construct it cannot render exactly as Jinja2
 * does. {@code tycho-compiler/JINJA.md} lists the settings, the differences handled, and the refused constructs.
 */
package org.helxplatform.tycho.compiler.template;
