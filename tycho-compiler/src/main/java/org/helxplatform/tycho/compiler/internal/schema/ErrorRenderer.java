package org.helxplatform.tycho.compiler.internal.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns networknt validation errors into {@link Violation}s a person can act on.
 *
 * <p>Two things need more than a rewording of each error:
 * <ul>
 *   <li>{@code oneOf}/{@code anyOf}: networknt reports the errors of every alternative. When the value has the
 *       wrong shape for all of them (type, {@code const} or {@code enum} mismatch) they become one message listing
 *       what it may be, {@code must be a string or an integer (got mapping)}; when exactly one alternative has the
 *       right shape, only that alternative's errors are reported, since that is the one the author meant.</li>
 *   <li>paths: the instance location becomes {@code services.web.ports[0]} rather than a JSON Pointer.</li>
 * </ul>
 * Violations come out in document order (networknt's order follows the schema), so they read top to bottom like
 * the file.
 * To find which alternative an error belongs to and where the alternative applied, the evaluation path is read as a
 * sequence of schema keywords; the keywords that step into the instance (such as {@code properties/NAME} or
 * {@code items}) tell how far the error's instance location lies below the {@code oneOf}'s.
 */
final class ErrorRenderer {

    /** Keywords whose next evaluation-path segment is their argument (a name or an index), not a keyword. */
    private static final Set<String> TAKES_ARGUMENT = Set.of("properties", "patternProperties", "dependentSchemas",
            "prefixItems", "allOf", "anyOf", "oneOf", "$defs", "definitions", "dependencies");

    /** Keywords that, when not the last one, go one level down into the instance. */
    private static final Set<String> DESCENDS = Set.of("properties", "patternProperties", "prefixItems",
            "additionalProperties", "unevaluatedProperties", "items", "additionalItems", "unevaluatedItems",
            "contains");

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final int MAX_VALUE_LENGTH = 60;

    private ErrorRenderer() {
    }

    /**
     * Renders errors as violations, without duplicates, in document order: by where the place appears in the
     * document (a mapping before what is inside it), and in networknt's order for one place.
     *
     * @param errors the errors of one validation
     * @param root   the validated document, whose key order (the file's order) decides the sort
     * @return the violations
     */
    static List<Violation> render(List<Error> errors, JsonNode root) {
        List<Item> items = new ArrayList<>(errors.size());
        for (Error error : errors) {
            items.add(new Item(error));
        }
        Map<Violation, int[]> unique = new LinkedHashMap<>();
        for (Located located : renderItems(items, 0)) {
            unique.putIfAbsent(located.violation, documentPosition(root, located.instance));
        }
        List<Map.Entry<Violation, int[]>> sorted = new ArrayList<>(unique.entrySet());
        sorted.sort((a, b) -> Arrays.compare(a.getValue(), b.getValue())); // stable: keeps order within a place
        List<Violation> out = new ArrayList<>(sorted.size());
        sorted.forEach(e -> out.add(e.getKey()));
        return List.copyOf(out);
    }

    /** The position of each step of a location: the key's index in its mapping, or the list index. */
    private static int[] documentPosition(JsonNode root, List<Object> instance) {
        int[] position = new int[instance.size()];
        JsonNode node = root;
        for (int i = 0; i < position.length; i++) {
            Object step = instance.get(i);
            if (node != null && node.isArray() && step instanceof Integer index) {
                position[i] = index;
                node = node.get(index);
            } else if (node != null && node.isObject()) {
                String key = String.valueOf(step);
                int index = 0;
                Iterator<String> names = node.fieldNames();
                while (names.hasNext() && !names.next().equals(key)) {
                    index++;
                }
                position[i] = index;
                node = node.get(key);
            } else {
                position[i] = Integer.MAX_VALUE;
                node = null;
            }
        }
        return position;
    }

    /**
     * Formats an instance location as a dotted/indexed path.
     *
     * @param elements the location's elements: {@link String} keys and {@link Integer} indexes
     * @return for example {@code services.web.ports[0]}; empty for the root
     */
    static String path(List<Object> elements) {
        StringBuilder path = new StringBuilder();
        for (Object element : elements) {
            if (element instanceof Integer) {
                path.append('[').append(element).append(']');
            } else {
                String key = String.valueOf(element);
                if (PLAIN_KEY.matcher(key).matches()) {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(key);
                } else {
                    path.append("[").append(quote(key)).append("]");
                }
            }
        }
        return path.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // oneOf / anyOf grouping

    /** A violation with the instance location it is about. */
    private record Located(List<Object> instance, Violation violation) {
    }

    private static List<Located> renderItems(List<Item> items, int fromToken) {
        // Keep the order of first appearance: each entry is a direct violation or a combinator group.
        Map<Object, Object> entries = new LinkedHashMap<>();
        int direct = 0;
        for (Item item : items) {
            int at = item.firstCombinator(fromToken);
            if (at < 0) {
                entries.put(direct++, item);
            } else {
                GroupKey key = new GroupKey(item.segmentsThrough(at), item.instanceAt(at));
                ((Group) entries.computeIfAbsent(key, k -> new Group(item.tokens.get(at).keyword, key.instance)))
                        .add(item, at);
            }
        }
        List<Located> out = new ArrayList<>();
        for (Object entry : entries.values()) {
            if (entry instanceof Item item) {
                out.add(new Located(item.instance, direct(item.error, item.instance)));
            } else {
                out.addAll(((Group) entry).resolve());
            }
        }
        return out;
    }

    private record GroupKey(List<Object> evaluationPrefix, List<Object> instance) {
    }

    /** The errors raised by one application of a {@code oneOf}/{@code anyOf} to one value. */
    private static final class Group {
        final String keyword;
        final List<Object> instance;
        Error umbrella;
        int tokenIndex;
        final Map<Integer, List<Item>> branches = new TreeMap<>();

        Group(String keyword, List<Object> instance) {
            this.keyword = keyword;
            this.instance = instance;
        }

        void add(Item item, int at) {
            tokenIndex = at;
            Object branch = item.tokens.get(at).argument;
            if (branch == null) {
                umbrella = item.error;
            } else {
                branches.computeIfAbsent(Item.index(branch), b -> new ArrayList<>()).add(item);
            }
        }

        List<Located> resolve() {
            String where = path(instance);
            if (umbrella != null && validCount(umbrella) > 1) {
                return List.of(new Located(instance, new Violation(where, "matches more than one of the allowed "
                        + "forms (" + validCount(umbrella) + " match); it must match exactly one")));
            }
            if (branches.isEmpty()) {
                return umbrella == null ? List.of() : List.of(new Located(instance, direct(umbrella, instance)));
            }
            List<String> alternatives = new ArrayList<>();
            List<List<Item>> candidates = new ArrayList<>();
            JsonNode value = null;
            boolean allByType = true;
            for (List<Item> branch : branches.values()) {
                Shape shape = shapeMismatch(branch);
                if (shape == null) {
                    candidates.add(branch);
                } else {
                    alternatives.add(shape.description);
                    allByType &= shape.byType;
                    value = shape.value;
                }
            }
            if (candidates.isEmpty()) {
                return List.of(new Located(instance, new Violation(where, "must be " + or(alternatives) + " (got "
                        + (allByType ? word(typeOf(value)) : describeValue(value)) + ")")));
            }
            if (candidates.size() == 1) {
                return renderItems(candidates.get(0), tokenIndex + 1);
            }
            List<String> forms = new ArrayList<>();
            for (List<Item> candidate : candidates) {
                List<String> problems = new ArrayList<>();
                for (Located located : renderItems(candidate, tokenIndex + 1)) {
                    if (!problems.contains(located.violation.toString())) {
                        problems.add(located.violation.toString());
                    }
                }
                forms.add("[" + String.join("; ", problems) + "]");
            }
            return List.of(new Located(instance, new Violation(where, "does not match any of the allowed forms: "
                    + String.join(" or ", forms))));
        }

        /** Whether this branch failed because the value has the wrong shape for it, and what shape it wants. */
        private Shape shapeMismatch(List<Item> branch) {
            Shape found = null;
            for (Item item : branch) {
                if (!item.instance.equals(instance)) {
                    continue;
                }
                String kw = item.error.getKeyword();
                JsonNode expected = item.error.getSchemaNode();
                JsonNode value = item.error.getInstanceNode();
                if ("type".equals(kw) && expected != null) {
                    return new Shape(types(expected), true, value); // type wins over const/enum
                } else if ("const".equals(kw) && expected != null && found == null) {
                    found = new Shape(literal(expected), false, value);
                } else if ("enum".equals(kw) && expected != null && found == null) {
                    found = new Shape("one of " + literals(expected), false, value);
                }
            }
            return found;
        }

        private static int validCount(Error umbrella) {
            Object[] args = umbrella.getArguments();
            if (args != null && args.length > 0 && args[0] instanceof Number n) {
                return n.intValue();
            }
            return 0;
        }
    }

    private record Shape(String description, boolean byType, JsonNode value) {
    }

    // ---------------------------------------------------------------------------------------------------------
    // One error, reworded

    private static Violation direct(Error error, List<Object> instance) {
        String kw = Objects.toString(error.getKeyword(), "");
        JsonNode schema = error.getSchemaNode();
        JsonNode value = error.getInstanceNode();
        Object[] args = error.getArguments() == null ? new Object[0] : error.getArguments();
        String where = path(instance);
        String message = switch (kw) {
            case "type" -> schema == null ? null : "must be " + types(schema) + " (got " + word(typeOf(value)) + ")";
            case "required" -> error.getProperty() == null ? null
                    : "missing required key " + quote(error.getProperty());
            case "dependentRequired" -> args.length < 2 ? null : "missing key " + quote(String.valueOf(args[0]))
                    + " (required when " + quote(String.valueOf(args[1])) + " is present)";
            case "additionalProperties", "unevaluatedProperties" -> error.getProperty() == null ? null
                    : "unknown key " + quote(error.getProperty());
            case "propertyNames" -> error.getProperty() == null || args.length < 2 ? null
                    : "invalid key " + quote(error.getProperty()) + ": " + args[1];
            case "enum" -> schema == null ? null
                    : "must be one of " + literals(schema) + " (got " + describeValue(value) + ")";
            case "const" -> schema == null ? null
                    : "must be " + literal(schema) + " (got " + describeValue(value) + ")";
            case "minimum" -> bound("must be at least ", schema, value);
            case "maximum" -> bound("must be at most ", schema, value);
            case "exclusiveMinimum" -> bound("must be greater than ", schema, value);
            case "exclusiveMaximum" -> bound("must be less than ", schema, value);
            case "multipleOf" -> bound("must be a multiple of ", schema, value);
            case "minLength" -> length("must be at least ", schema, value);
            case "maxLength" -> length("must be at most ", schema, value);
            case "pattern" -> schema == null ? null
                    : "must match the pattern " + schema.asText() + " (got " + describeValue(value) + ")";
            case "minItems" -> count("must have at least ", schema, value, "item");
            case "maxItems" -> count("must have at most ", schema, value, "item");
            case "minProperties" -> count("must have at least ", schema, value, "key");
            case "maxProperties" -> count("must have at most ", schema, value, "key");
            case "uniqueItems" -> "must not contain the same item twice";
            case "items", "additionalItems", "unevaluatedItems" -> args.length > 0
                    ? "item [" + args[0] + "] is not allowed (too many items)" : null;
            case "false" -> "is not allowed here";
            default -> null;
        };
        return new Violation(where, message != null ? message : error.getMessage());
    }

    private static String bound(String prefix, JsonNode schema, JsonNode value) {
        return schema == null ? null : prefix + schema.asText() + " (got " + describeValue(value) + ")";
    }

    private static String length(String prefix, JsonNode schema, JsonNode value) {
        if (schema == null) {
            return null;
        }
        String got = value != null && value.isTextual() ? " (got " + value.asText().codePointCount(0,
                value.asText().length()) + ")" : "";
        return prefix + schema.asText() + " characters long" + got;
    }

    private static String count(String prefix, JsonNode schema, JsonNode value, String noun) {
        if (schema == null) {
            return null;
        }
        String got = value != null && value.isContainerNode() ? " (got " + value.size() + ")" : "";
        return prefix + schema.asText() + " " + noun + (schema.asInt() == 1 ? "" : "s") + got;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Words for types and values

    /**
     * {@code "string"} → {@code a string}; {@code ["string","integer"]} → {@code a string or an integer}, in the
     * words of YAML (a mapping, a list). {@code null} among other types only means the key may be left empty, so it
     * is not named.
     */
    private static String types(JsonNode typeKeyword) {
        List<String> names = new ArrayList<>();
        if (typeKeyword.isArray()) {
            typeKeyword.forEach(t -> {
                if (!t.asText().equals("null") || typeKeyword.size() == 1) {
                    names.add(article(t.asText()));
                }
            });
        } else {
            names.add(article(typeKeyword.asText()));
        }
        return or(names);
    }

    private static String article(String type) {
        return switch (type) {
            case "null" -> "null";
            case "integer" -> "an integer";
            default -> "a " + word(type);
        };
    }

    /** A JSON type in the words of YAML: object → mapping, array → list. */
    private static String word(String type) {
        return switch (type) {
            case "object" -> "mapping";
            case "array" -> "list";
            default -> type;
        };
    }

    private static String or(List<String> words) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(words));
        if (distinct.size() <= 1) {
            return distinct.isEmpty() ? "" : distinct.get(0);
        }
        return String.join(", ", distinct.subList(0, distinct.size() - 1)) + " or " + distinct.get(distinct.size() - 1);
    }

    /** The JSON type of a value: object, array, string, integer, number, boolean or null. */
    static String typeOf(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "null";
        } else if (value.isObject()) {
            return "object";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isTextual() || value.isBinary()) {
            return "string";
        } else if (value.isIntegralNumber()) {
            return "integer";
        } else if (value.isNumber()) {
            return "number";
        } else if (value.isBoolean()) {
            return "boolean";
        }
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A scalar as JSON text (shortened when long); a container by its type. */
    private static String describeValue(JsonNode value) {
        if (value == null || value.isContainerNode()) {
            return word(typeOf(value));
        }
        return shorten(value.toString());
    }

    private static String literal(JsonNode value) {
        return value.isContainerNode() ? shorten(value.toString()) : value.toString();
    }

    private static String literals(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(literal(v)));
        return String.join(", ", out);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH - 3) + "...";
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Evaluation paths as keyword tokens

    private record Token(String keyword, Object argument, int segmentIndex) {
    }

    /** An error with its evaluation path parsed into keyword tokens and its instance location as a list. */
    private static final class Item {
        final Error error;
        final List<Object> segments;
        final List<Token> tokens;
        final List<Object> instance;

        Item(Error error) {
            this.error = error;
            this.segments = elements(error.getEvaluationPath());
            this.instance = elements(error.getInstanceLocation());
            this.tokens = new ArrayList<>();
            int i = 0;
            while (i < segments.size()) {
                String keyword = String.valueOf(segments.get(i));
                if (TAKES_ARGUMENT.contains(keyword) && i + 1 < segments.size()) {
                    tokens.add(new Token(keyword, segments.get(i + 1), i));
                    i += 2;
                } else {
                    tokens.add(new Token(keyword, null, i));
                    i++;
                }
            }
        }

        int firstCombinator(int fromToken) {
            for (int t = fromToken; t < tokens.size(); t++) {
                String keyword = tokens.get(t).keyword;
                if ("oneOf".equals(keyword) || "anyOf".equals(keyword)) {
                    return t;
                }
            }
            return -1;
        }

        /** The evaluation path up to and including the keyword of token {@code t}, without its argument. */
        List<Object> segmentsThrough(int t) {
            return List.copyOf(segments.subList(0, tokens.get(t).segmentIndex + 1));
        }

        /** The instance location the keyword of token {@code t} was applied to. */
        List<Object> instanceAt(int t) {
            int steps = 0;
            for (int u = t + 1; u < tokens.size() - 1; u++) { // the last token is the failing keyword itself
                if (DESCENDS.contains(tokens.get(u).keyword)) {
                    steps++;
                }
            }
            return List.copyOf(instance.subList(0, Math.max(0, instance.size() - steps)));
        }

        static int index(Object branch) {
            return branch instanceof Integer i ? i : Integer.parseInt(String.valueOf(branch));
        }

        private static List<Object> elements(NodePath path) {
            List<Object> out = new ArrayList<>();
            if (path != null) {
                for (int i = 0; i < path.getNameCount(); i++) {
                    out.add(path.getElement(i));
                }
            }
            return out;
        }
    }
}
