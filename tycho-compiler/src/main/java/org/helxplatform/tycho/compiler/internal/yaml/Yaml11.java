package org.helxplatform.tycho.compiler.internal.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.helxplatform.tycho.compiler.internal.PyStr;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.BaseConstructor;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML the way Python Tycho's PyYAML {@code safe_load} does (YAML 1.1 scalar resolution), so that registries,
 * compose specs and rendered templates mean the same in both: {@code 0600} is the octal number 384,
 * {@code yes}/{@code on} are booleans, {@code 8080:8080} is a string and {@code 8000:50} a base-60 number.
 *
 * <p>Mappings become insertion-ordered {@link java.util.LinkedHashMap}s, sequences {@link ArrayList}s, scalars
 * {@link String}, {@link Integer}/{@link Long}/{@link java.math.BigInteger}, {@link Double}, {@link Boolean} or
 * {@code null}. Timestamps stay strings (the one difference from PyYAML, which makes dates). Only the standard
 * tags are accepted: no object construction from tags. A SnakeYAML reader, parser, composer and constructor are
 * created per call because they are not thread-safe.
 */
public final class Yaml11 {

    /** PyYAML's implicit resolvers; SnakeYAML's differ ({@code 1e3} and {@code +.5} are floats there). */
    private static final Resolver PYYAML_RESOLVER = new PyYamlResolver();

    /**
     * The loader options, never changed after this: no recursive keys, and a duplicate key silently keeps its last
     * value as PyYAML does (SnakeYAML would log a warning through java.util.logging on every such load, e.g. for
     * each render of Python Tycho's pod template, which has two {@code securityContext} keys).
     */
    private static final LoaderOptions OPTIONS = loaderOptions();

    private Yaml11() {
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        options.setWarnOnDuplicateKeys(false);
        return options;
    }

    /**
     * Tells whether a plain (unquoted) scalar reads back as the same text, as PyYAML resolves it: {@code yes},
     * {@code null}, {@code 0600}, {@code 1.5} and {@code 1:30} do not; {@code 1e3} and {@code 0o17} do.
     *
     * @param plain the scalar text
     * @return whether YAML 1.1 reads it as a string
     */
    public static boolean isPlainString(String plain) {
        return PYYAML_RESOLVER.resolve(NodeId.scalar, plain, true).equals(Tag.STR);
    }

    /**
     * Parses a single YAML document.
     *
     * @param text   the YAML text
     * @param source what the text is (a file name, URL or template name), for error messages
     * @return the document tree, {@code null} for an empty document
     * @throws YamlException naming the source, line and column when the text is not valid YAML or holds more than
     *                       one document
     */
    public static Object load(String text, String source) {
        return parsing(source, () -> acyclic(newConstructor(text).getSingleData(Object.class), text, source));
    }

    /**
     * Parses every document of a YAML stream ({@code ---} separated).
     *
     * @param text   the YAML text
     * @param source what the text is, for error messages
     * @return the documents in order; empty documents are kept as {@code null}
     * @throws YamlException naming the source, line and column when the text is not valid YAML
     */
    public static List<Object> loadAll(String text, String source) {
        return parsing(source, () -> {
            List<Object> documents = BlockYaml.loadAll(text);
            if (documents == null) {
                documents = EventTrees.loadAll(text);
            }
            return documents != null ? documents : composed(text, source);
        });
    }

    /**
     * Parses every document through SnakeYAML's composer and constructor, as {@link #loadAll} does for texts its
     * fast path leaves alone; for tests that compare both.
     *
     * @param text   the YAML text
     * @param source what the text is, for error messages
     * @return the documents in order
     */
    static List<Object> loadAllComposed(String text, String source) {
        return parsing(source, () -> composed(text, source));
    }

    private static List<Object> composed(String text, String source) {
        List<Object> documents = new ArrayList<>();
        BaseConstructor constructor = newConstructor(text);
        while (constructor.checkData()) {
            documents.add(acyclic(constructor.getData(), text, source));
        }
        return documents;
    }

    /**
     * Tells whether the resolver's shortcuts answer as its patterns do, for tests.
     *
     * @param plain a plain scalar
     * @return whether both give the same tag
     */
    static boolean resolvesAsThePatterns(String plain) {
        return PYYAML_RESOLVER.resolve(NodeId.scalar, plain, true)
                .equals(((PyYamlResolver) PYYAML_RESOLVER).resolveByPatterns(plain));
    }

    /**
     * Parses every document through the fast path only, for tests that compare both.
     *
     * @param text the YAML text
     * @return the documents, or {@code null} when the fast path leaves the text to the full load
     */
    static List<Object> loadAllFromEvents(String text) {
        return EventTrees.loadAll(text);
    }

    /**
     * Parses every document through the block fast path only, for tests that compare it.
     *
     * @param text the YAML text
     * @return the documents, or {@code null} when the block fast path leaves the text to the others
     */
    static List<Object> loadAllFromBlocks(String text) {
        return BlockYaml.loadAll(text);
    }

    /** Runs a parse, turning any failure into a {@link YamlException} that names the source. */
    private static <T> T parsing(String source, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (YamlException e) {
            throw e;
        } catch (YAMLException e) {
            throw YamlException.of(source, e);
        } catch (RuntimeException e) {
            throw YamlException.of(source, new YAMLException(e.toString(), e));
        }
    }

    /**
     * A deep copy of a parsed tree that cannot be modified and keeps the order of every mapping; keys become
     * strings as Python's {@code str()} writes them ({@code True}, {@code None}, {@code 1e+20}).
     *
     * @param tree maps, lists and scalars
     * @return the unmodifiable copy
     */
    public static Object frozen(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(PyStr.of(key), frozen(value)));
            return Collections.unmodifiableMap(copy);
        }
        if (tree instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(frozen(item)));
            return Collections.unmodifiableList(copy);
        }
        return tree;
    }

    /**
     * Finds a list or map that contains itself, which YAML builds from a recursive alias
     * ({@code services: &s {app: *s}}) and which would make any walk over the tree overflow the stack.
     *
     * @param tree maps, lists and scalars
     * @return the path of the first self-reference ({@code services.app}, {@code ports[1]}), or {@code null}
     */
    public static String selfReference(Object tree) {
        return selfReference(tree, new ArrayList<>(), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static String selfReference(Object node, List<String> path, Set<Object> open) {
        if (!(node instanceof Map<?, ?>) && !(node instanceof List<?>)) {
            return null;
        }
        if (!open.add(node)) {
            return String.join("", path).replaceFirst("^\\.", "");
        }
        try {
            if (node instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    path.add("." + entry.getKey());
                    String found = selfReference(entry.getValue(), path, open);
                    path.remove(path.size() - 1);
                    if (found != null) {
                        return found;
                    }
                }
            } else {
                List<?> list = (List<?>) node;
                for (int i = 0; i < list.size(); i++) {
                    path.add("[" + i + "]");
                    String found = selfReference(list.get(i), path, open);
                    path.remove(path.size() - 1);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } finally {
            open.remove(node);
        }
    }

    private static Object acyclic(Object document, String text, String source) {
        if (text.indexOf('*') < 0) {
            return document; // without an alias, no node can contain itself
        }
        String path = selfReference(document);
        if (path != null) {
            throw new YamlException(source, -1, "invalid YAML: " + path + " refers to itself (a recursive alias)",
                    null);
        }
        return document;
    }

    /**
     * What {@code new Yaml(...).loadAll(text)} sets up, without the dumper and representer a load never uses: a
     * reader, parser, composer and constructor for one text (none of them is thread-safe or reusable).
     */
    private static BaseConstructor newConstructor(String text) {
        BaseConstructor constructor = new TimestampsAsStrings(OPTIONS);
        constructor.setComposer(new Composer(new ParserImpl(new StreamReader(text), OPTIONS), PYYAML_RESOLVER,
                OPTIONS));
        return constructor;
    }

    /** Stands for a node the fast paths do not build. */
    static final Object UNSUPPORTED = new Object();

    /** Constructs booleans and numbers; the scalar constructors keep no state, but are only used on one thread. */
    private static final ThreadLocal<TimestampsAsStrings> SCALARS =
            ThreadLocal.withInitial(() -> new TimestampsAsStrings(OPTIONS));

    /**
     * The value of a scalar without an explicit tag, as SnakeYAML's composer and constructor make it.
     *
     * @param value the scalar's text
     * @param plain whether it was plain (unquoted): only plain scalars are resolved
     * @param start where it starts, for errors; may be {@code null}
     * @param end   where it ends, for errors; may be {@code null}
     * @param style its style
     * @return the value, or {@link #UNSUPPORTED} for a merge key
     */
    static Object scalar(String value, boolean plain, Mark start, Mark end, DumperOptions.ScalarStyle style) {
        Tag tag = PYYAML_RESOLVER.resolve(NodeId.scalar, value, plain);
        if (tag.equals(Tag.STR) || tag.equals(Tag.TIMESTAMP)) {
            return value;
        }
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return SCALARS.get().construct(new ScalarNode(tag, true, value, start, end, style));
        }
        return UNSUPPORTED; // a merge key
    }

    /**
     * Builds the documents of a text straight from the parser's events, skipping SnakeYAML's composer (its node
     * graph, anchor table and comment collection) and constructor, for texts that use none of what those are for:
     * anchors, aliases, explicit tags, merge keys ({@code <<}), collections as keys or deep nesting. A text that
     * uses any of them, or does not parse, is left to the full SnakeYAML load, which gives its result or its
     * error. Both give the same trees: mappings in the order of each key's last occurrence (a duplicate key keeps
     * its last value, as SnakeYAML's constructor does), scalars resolved by the same resolver and constructed by
     * the same constructors.
     */
    private static final class EventTrees {

        /** Deeper nodes are left to the full load, which enforces SnakeYAML's nesting limit (50). */
        private static final int MAX_DEPTH = 40;

        private EventTrees() {
        }

        /** @return the documents, or {@code null} when the full load must read the text */
        static List<Object> loadAll(String text) {
            try {
                Parser parser = new ParserImpl(new StreamReader(text), OPTIONS);
                parser.getEvent(); // stream start
                List<Object> documents = new ArrayList<>();
                while (!parser.checkEvent(Event.ID.StreamEnd)) {
                    parser.getEvent(); // document start
                    Object document = node(parser, 1);
                    if (document == UNSUPPORTED) {
                        return null;
                    }
                    parser.getEvent(); // document end
                    documents.add(document);
                }
                return documents;
            } catch (RuntimeException e) {
                return null; // the full load reports it
            }
        }

        private static Object node(Parser parser, int depth) {
            Event event = parser.getEvent();
            if (depth > MAX_DEPTH || !(event instanceof NodeEvent node) || node.getAnchor() != null) {
                return UNSUPPORTED;
            }
            if (event instanceof ScalarEvent scalar) {
                return scalar.getTag() != null ? UNSUPPORTED : scalar(scalar);
            }
            if (((CollectionStartEvent) event).getTag() != null) {
                return UNSUPPORTED;
            }
            if (event.getEventId() == Event.ID.SequenceStart) {
                List<Object> list = new ArrayList<>();
                while (!parser.checkEvent(Event.ID.SequenceEnd)) {
                    Object item = node(parser, depth + 1);
                    if (item == UNSUPPORTED) {
                        return UNSUPPORTED;
                    }
                    list.add(item);
                }
                parser.getEvent();
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            while (!parser.checkEvent(Event.ID.MappingEnd)) {
                if (!parser.checkEvent(Event.ID.Scalar)) {
                    return UNSUPPORTED;
                }
                Object key = node(parser, depth + 1);
                Object value = key == UNSUPPORTED ? UNSUPPORTED : node(parser, depth + 1);
                if (value == UNSUPPORTED) {
                    return UNSUPPORTED;
                }
                if (map.containsKey(key)) {
                    map.remove(key); // SnakeYAML drops the earlier occurrence: the key moves to its last place
                }
                map.put(key, value);
            }
            parser.getEvent();
            return map;
        }

        private static Object scalar(ScalarEvent event) {
            return Yaml11.scalar(event.getValue(), event.getImplicit().canOmitTagInPlainScalar(),
                    event.getStartMark(), event.getEndMark(), event.getScalarStyle());
        }
    }

    /**
     * PyYAML's implicit scalar resolution (its {@code resolver.py}), which is YAML 1.1's. SnakeYAML's own resolver
     * also reads {@code 1e3}, {@code 12e03} and {@code +.5} as floats, and {@code ._} as a float it then cannot
     * build; PyYAML keeps all four as strings. Binary and hex integers need a digit (PyYAML crashes on {@code 0b_}).
     */
    private static final class PyYamlResolver extends Resolver {
        private static final Pattern PY_BOOL = Pattern.compile(
                "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$");
        private static final Pattern PY_FLOAT = Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)"
                + "|\\.(?:nan|NaN|NAN))$");
        private static final Pattern PY_INT = Pattern.compile("^(?:[-+]?0b_*[0-1][0-1_]*"
                + "|[-+]?0[0-7_]+"
                + "|[-+]?(?:0|[1-9][0-9_]*)"
                + "|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*"
                + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$");
        private static final Pattern PY_NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

        /** The first characters some resolver below is registered for (the empty value aside). */
        private static final String FIRST_CHARACTERS = "yYnNtTfFoO-+0123456789.<~";
        /** What PY_BOOL and PY_NULL match among words: the only resolvers a value starting with a letter meets. */
        private static final Set<String> BOOLEANS = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True",
                "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");
        private static final Set<String> NULLS = Set.of("null", "Null", "NULL");
        /** SnakeYAML applies an implicit resolver only to values up to this length. */
        private static final int RESOLVER_LIMIT = 1024;

        /**
         * Answers the common cases without a regular expression, as the resolvers below would: a plain scalar
         * whose first character no resolver is registered for is a string; one that starts with a letter is a
         * boolean, a null or a string (booleans are tried first, as their resolver is registered first); a
         * decimal number without sign, leading zero, underscore or point is an int (no float pattern matches
         * it) up to the length beyond which SnakeYAML applies no resolver. Everything else goes through the resolvers.
         */
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar && implicit && !value.isEmpty()) {
                char first = value.charAt(0);
                if (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') {
                    if (value.length() > 5 || "yYnNtTfFoO".indexOf(first) < 0) {
                        return Tag.STR; // no boolean or null is longer, or starts otherwise
                    }
                    return BOOLEANS.contains(value) ? Tag.BOOL : NULLS.contains(value) ? Tag.NULL : Tag.STR;
                }
                if (first != '\0' && FIRST_CHARACTERS.indexOf(first) < 0) {
                    return Tag.STR;
                }
                if (first >= '1' && first <= '9' && value.length() <= RESOLVER_LIMIT && isDecimal(value)
                        || value.equals("0")) {
                    return Tag.INT;
                }
            }
            return super.resolve(kind, value, implicit);
        }

        /** @return the tag the patterns give a plain scalar, without the shortcuts */
        Tag resolveByPatterns(String plain) {
            return super.resolve(NodeId.scalar, plain, true);
        }

        /** @return whether every character is an ASCII digit */
        private static boolean isDecimal(String value) {
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, PY_BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.FLOAT, PY_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.INT, PY_INT, "-+0123456789");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, PY_NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
            addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789");
        }
    }

    /** PyYAML's safe constructor, except that timestamps stay text. */
    private static final class TimestampsAsStrings extends SafeConstructor {
        TimestampsAsStrings(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        /** @return the value of a scalar with a resolved standard tag, as a load would construct it */
        Object construct(ScalarNode node) {
            return yamlConstructors.get(node.getTag()).construct(node);
        }
    }

    /**
     * A YAML syntax error, with the source it was found in.
     */
    public static final class YamlException extends org.helxplatform.tycho.model.TychoException {

        private static final long serialVersionUID = 1L;

        private final String source;
        private final int line;
        private final String detail;

        private YamlException(String source, int line, String detail, Throwable cause) {
            super(source + ": " + detail, cause);
            this.source = source;
            this.line = line;
            this.detail = detail;
        }

        static YamlException of(String source, YAMLException e) {
            if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                int line = marked.getProblemMark().getLine() + 1;
                int column = marked.getProblemMark().getColumn() + 1;
                String problem = marked.getProblem() == null ? e.getMessage() : marked.getProblem();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
                return new YamlException(source, line, "invalid YAML at line " + line + ", column " + column + ": "
                        + problem + context, e);
            }
            return new YamlException(source, -1, "invalid YAML: " + e.getMessage(), e);
        }

        /** @return the file, URL or template name the YAML came from */
        public String source() {
            return source;
        }

        /** @return the problem without the source, e.g. {@code invalid YAML at line 3, column 5: ...} */
        public String detail() {
            return detail;
        }

        /** @return the 1-based line of the error, or -1 when unknown */
        public int line() {
            return line;
        }
    }

}
