package org.helxplatform.tycho.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The summary of the consumer projects (src/it), which the invoker plugin has just built and run against this
 * build's artifacts: every project must have a report, and every report must say success. Prints
 * {@code consumer projects: N built and run, M failed}, and the end of the build log of each failed project.
 */
class ConsumerProjectsIT {

    private static final int LOG_TAIL = 60;

    @Test
    void everyConsumerProjectWasBuiltAndRun() throws Exception {
        Path sources = Path.of(System.getProperty("consumer.sources"));
        Path reports = Path.of(System.getProperty("consumer.reports"));
        Path projects = Path.of(System.getProperty("consumer.projects"));

        Map<String, String> results = new TreeMap<>();
        for (String project : projects(sources)) {
            results.put(project, "no report");
        }
        if (Files.isDirectory(reports)) {
            try (Stream<Path> files = Files.list(reports)) {
                for (Path report : files.filter(f -> f.getFileName().toString().matches("BUILD-.*\\.xml")).toList()) {
                    Element job = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                            .getDocumentElement();
                    String project = job.getAttribute("project").replaceFirst("/pom\\.xml$", "");
                    results.put(project, job.getAttribute("result"));
                }
            }
        }
        long passed = results.values().stream().filter("success"::equals).count();
        long failed = results.size() - passed;

        System.out.println("consumer projects: " + passed + " built and run, " + failed + " failed");
        results.forEach((project, result) -> {
            if (!result.equals("success")) {
                System.out.println("consumer project " + project + ": " + result + "; the end of its build log:");
                System.out.println(tail(projects.resolve(project).resolve("build.log")));
            }
        });
        assertThat(results).as("consumer projects in %s", sources).isNotEmpty();
        assertThat(results).as("result of each consumer project").allSatisfy((project, result) ->
                assertThat(result).as(project).isEqualTo("success"));
    }

    private static List<String> projects(Path sources) throws IOException {
        try (Stream<Path> dirs = Files.list(sources)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList();
        }
    }

    private static String tail(Path log) {
        if (!Files.isRegularFile(log)) {
            return "  (no build log at " + log + ")";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL), lines.size()));
        } catch (IOException e) {
            return "  (cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
