package org.helxplatform.tycho.compiler.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code tojson} filter's output: Python's {@code json.dumps(value, sort_keys=True)} (ASCII only, Python's
 * separators and float repr) with {@code < > & '} escaped as Jinja2's {@code htmlsafe_json_dumps} does.
 */
final class PyJson {

    private PyJson() {
    }

    /**
     * Serializes a value as Jinja2's {@code tojson} does.
     *
     * @param value  the value
     * @param indent the indent width, or negative for one line
     * @return the JSON text
     */
    static String htmlSafe(Object value, int indent) {
        StringBuilder out = new StringBuilder();
        write(value, indent, 0, out);
        return out.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("'", "\\u0027");
    }

    private static void write(Object value, int indent, int level, StringBuilder out) {
        if (value == PyNone.NONE) {
            out.append("null");
        } else if (value instanceof Boolean) {
            out.append((Boolean) value ? "true" : "false");
        } else if (PyValues.isString(value)) {
            string(value.toString(), out);
        } else if (PyValues.isFloat(value)) {
            double number = PyValues.toDouble(value);
            out.append(Double.isNaN(number) ? "NaN" : Double.isInfinite(number)
                ? (number > 0 ? "Infinity" : "-Infinity") : PyStr.floatRepr(number));
        } else if (value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            object((Map<?, ?>) value, indent, level, out);
        } else if (value instanceof List || value instanceof Object[]) {
            array(PyValues.toList(value), indent, level, out);
        } else {
            throw PyException.typeError("Object of type " + PyValues.typeName(value) + " is not JSON serializable");
        }
    }

    private static void object(Map<?, ?> map, int indent, int level, StringBuilder out) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Object> keys = new ArrayList<>(map.keySet());
        keys.sort((a, b) -> PyValues.compare("<", a, b));
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            separator(i, indent, level + 1, out);
            string(key(keys.get(i)), out);
            out.append(": ");
            write(map.get(keys.get(i)), indent, level + 1, out);
        }
        close(indent, level, out);
        out.append('}');
    }

    /** A dict key as JSON text, as Python's {@code json} converts it. */
    private static String key(Object key) {
        if (PyValues.isString(key)) {
            return key.toString();
        }
        if (key == PyNone.NONE || key instanceof Boolean || PyValues.isNumber(key)) {
            StringBuilder text = new StringBuilder();
            write(key, -1, 0, text);
            return text.toString();
        }
        throw PyException.typeError("keys must be str, int, float, bool or None, not " + PyValues.typeName(key));
    }

    private static void array(List<Object> items, int indent, int level, StringBuilder out) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            separator(i, indent, level + 1, out);
            write(items.get(i), indent, level + 1, out);
        }
        close(indent, level, out);
        out.append(']');
    }

    private static void separator(int index, int indent, int level, StringBuilder out) {
        if (indent < 0) {
            out.append(index == 0 ? "" : ", ");
        } else {
            out.append(index == 0 ? "" : ",").append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void close(int indent, int level, StringBuilder out) {
        if (indent >= 0) {
            out.append('\n').append(" ".repeat(indent * level));
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
