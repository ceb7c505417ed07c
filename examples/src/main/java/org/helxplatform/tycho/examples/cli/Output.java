package org.helxplatform.tycho.examples.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.helxplatform.tycho.context.TychoResponse;
import org.helxplatform.tycho.examples.Yaml;

/** Prints results in the format of {@code -o}. */
final class Output {

    /** The output formats. */
    enum Format {
        /** The {@code {status, result, message}} envelope as JSON. */
        JSON,
        /** The envelope as YAML. */
        YAML,
        /** A table for people. */
        TABLE
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Output() {
    }

    /**
     * Prints a result.
     *
     * @param out      where to
     * @param format   how
     * @param response the result in its envelope (JSON and YAML)
     * @param table    the result as a table; when it has no rows, the envelope's message is printed instead
     */
    static void print(PrintWriter out, Format format, TychoResponse response, Table table) {
        switch (format) {
            case JSON -> out.println(response.toJson());
            case YAML -> out.print(yaml(envelope(response)));
            case TABLE -> out.print(table.isEmpty() ? response.message() + "\n" : table.render());
        }
        out.flush();
    }

    /**
     * @param value JSON-like maps and lists, or Kubernetes objects
     * @return the value as a YAML document, starting with {@code ---}
     */
    static String yaml(Object value) {
        return Yaml.write(value);
    }

    /**
     * @param value a Kubernetes object
     * @return it as JSON-like maps and lists
     */
    static Object tree(Object value) {
        return SERIALIZATION.convertValue(value, Map.class);
    }

    private static Map<String, Object> envelope(TychoResponse response) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", response.status());
        map.put("result", response.result());
        map.put("message", response.message());
        return map;
    }
}
