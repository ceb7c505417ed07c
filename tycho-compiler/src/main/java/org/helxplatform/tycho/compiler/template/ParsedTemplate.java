package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.tree.Node;

/**
 * A template read, parsed and checked once, then rendered any number of times from any thread (the node tree is
 * not modified by rendering).
 *
 * @param name     the template name, or the source name of an ad-hoc text
 * @param location where it was read from (a path or URL), or the source name
 * @param source   the text as parsed (newlines normalized, one trailing newline removed, as Jinja2 does)
 * @param root     the parsed tree
 */
record ParsedTemplate(String name, String location, String source, Node root) {
}
