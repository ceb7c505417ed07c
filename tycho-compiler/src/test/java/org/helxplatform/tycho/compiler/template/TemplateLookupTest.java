package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Template lookup (user directories in order, then the classpath root), {@code include}/{@code import}/
 * {@code extends} through the same lookup, and confinement: nothing outside the roots can be read.
 */
class TemplateLookupTest {

    private static final String CLASSPATH_ROOT = "template/classpath-templates/";

    @TempDir
    Path temp;

    private Path first;
    private Path second;
    private Path outside;
    private TemplateEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        first = Files.createDirectories(temp.resolve("first"));
        second = Files.createDirectories(temp.resolve("second"));
        outside = Files.createDirectories(temp.resolve("outside"));
        write(outside, "secret.yaml", "password: hunter2\n");
        engine = TemplateEngine.builder()
            .templateDirectories(List.of(first, second))
            .classpathRoot(getClass().getClassLoader(), CLASSPATH_ROOT)
            .build();
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void firstDirectoryWinsThenSecondThenClasspath() throws IOException {
        assertThat(engine.render("greeting.yaml", Map.of("who", "x"))).isEqualTo("classpath x");
        assertThat(engine.resolve("greeting.yaml")).endsWith(CLASSPATH_ROOT + "greeting.yaml");

        write(second, "greeting.yaml", "second {{ who }}\n");
        TemplateEngine withSecond = TemplateEngine.builder().templateDirectories(List.of(first, second))
            .classpathRoot(getClass().getClassLoader(), CLASSPATH_ROOT).build();
        assertThat(withSecond.render("greeting.yaml", Map.of("who", "x"))).isEqualTo("second x");

        write(first, "greeting.yaml", "first {{ who }}\n");
        TemplateEngine withFirst = TemplateEngine.builder().templateDirectories(List.of(first, second))
            .classpathRoot(getClass().getClassLoader(), CLASSPATH_ROOT).build();
        assertThat(withFirst.render("greeting.yaml", Map.of("who", "x"))).isEqualTo("first x");
        assertThat(withFirst.resolve("greeting.yaml")).isEqualTo(first.resolve("greeting.yaml").toString());
    }

    @Test
    void existsAndResolve() {
        assertThat(engine.exists("shared/part.yaml")).isTrue();
        assertThat(engine.exists("./shared//part.yaml")).isTrue();
        assertThat(engine.exists("nope.yaml")).isFalse();
        assertThatThrownBy(() -> engine.resolve("nope.yaml")).isInstanceOf(TemplateException.class)
            .hasMessageContaining("nope.yaml: template not found in " + first);
        assertThatThrownBy(() -> engine.render("nope.yaml", Map.of())).isInstanceOf(TemplateException.class)
            .hasMessageContaining("template not found");
    }

    @Test
    void includeImportAndExtendsUseTheSameLookup() throws IOException {
        write(first, "macros.yaml", "{% macro label(k, v) %}{{ k }}: {{ v }}{% endmacro %}\n");
        write(first, "page.yaml", "{% extends 'base.yaml' %}\n");
        write(first, "layout.yaml", "head\n{% block body %}default{% endblock %}\ntail\n");
        write(first, "child.yaml", "{% extends 'layout.yaml' %}{% block body %}[{{ super() }}|{{ who }}]"
            + "{% endblock %}\n");
        write(first, "main.yaml", "{% include 'shared/part.yaml' %}|{% import 'macros.yaml' as m with context %}"
            + "{{ m.label('a', who) }}\n");

        assertThat(engine.render("main.yaml", Map.of("who", "w"))).isEqualTo("shared from classpath|a: w");
        assertThat(engine.render("page.yaml", Map.of("who", "w"))).isEqualTo("default base w");
        assertThat(engine.render("child.yaml", Map.of("who", "w"))).isEqualTo("head\n[default|w]\ntail");
    }

    @Test
    void namesOutsideTheRootsAreRefused() {
        for (String name : List.of("../outside/secret.yaml", "shared/../../outside/secret.yaml",
            outside.resolve("secret.yaml").toString(), "..\\outside\\secret.yaml", "")) {
            assertThatThrownBy(() -> engine.render(name, Map.of())).as(name)
                .isInstanceOf(TemplateException.class);
            assertThatThrownBy(() -> engine.exists(name)).as(name).isInstanceOf(TemplateException.class);
        }
        assertThatThrownBy(() -> engine.render("../outside/secret.yaml", Map.of()))
            .hasMessageContaining("must not contain '..'");
    }

    @Test
    void includesCannotLeaveTheRoots() throws IOException {
        write(first, "dotdot.yaml", "{% include '../outside/secret.yaml' %}\n");
        write(first, "absolute.yaml", "{% include '" + outside.resolve("secret.yaml") + "' %}\n");
        write(first, "computed.yaml", "{% include name %}\n");
        write(first, "imports.yaml", "{% import '../outside/secret.yaml' as s with context %}\n");
        write(first, "extends.yaml", "{% extends '../outside/secret.yaml' %}\n");

        for (String template : List.of("dotdot.yaml", "absolute.yaml", "imports.yaml", "extends.yaml")) {
            assertThatThrownBy(() -> engine.render(template, Map.of())).as(template)
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(template + ": line 1: syntax error")
                .hasMessageNotContaining("hunter2");
        }
        assertThatThrownBy(() -> engine.render("computed.yaml", Map.of("name", "../outside/secret.yaml")))
            .isInstanceOf(TemplateException.class)
            .hasMessageContaining("include name is not supported");
    }

    @Test
    void symbolicLinksOutOfADirectoryAreRefused() throws IOException {
        Files.createSymbolicLink(first.resolve("link.yaml"), outside.resolve("secret.yaml"));
        Files.createSymbolicLink(first.resolve("linked-dir"), outside);
        write(first, "via-link.yaml", "{% include 'linked-dir/secret.yaml' %}\n");

        assertThatThrownBy(() -> engine.render("link.yaml", Map.of())).isInstanceOf(TemplateException.class)
            .hasMessageContaining("leads outside its directory");
        assertThatThrownBy(() -> engine.render("via-link.yaml", Map.of())).isInstanceOf(TemplateException.class)
            .hasMessageContaining("leads outside its directory")
            .hasMessageNotContaining("hunter2");
    }

    @Test
    void symbolicLinksInsideADirectoryAreFollowed() throws IOException {
        write(first, "real.yaml", "real\n");
        Files.createSymbolicLink(first.resolve("alias.yaml"), first.resolve("real.yaml"));
        assertThat(engine.render("alias.yaml", Map.of())).isEqualTo("real");
    }

    @Test
    void missingIncludeNamesTheTemplateAndLine() throws IOException {
        write(first, "broken.yaml", "a\n\n{% include 'missing.yaml' %}\n");
        assertThatThrownBy(() -> engine.render("broken.yaml", Map.of()))
            .isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.templateName()).isEqualTo("broken.yaml");
                assertThat(e.line()).isEqualTo(3);
            })
            .hasMessageContaining("template 'missing.yaml' not found");
    }
}
