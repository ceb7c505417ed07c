package org.helxplatform.tycho.compiler.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each template text is parsed once and the tree reused; ad-hoc texts are kept in a bounded cache. */
class TemplateCachingTest {

    @TempDir
    Path dir;

    @Test
    void namedTemplatesAndTheirIncludesAreParsedOnce() throws IOException {
        Files.writeString(dir.resolve("main.yaml"), "{% include 'part.yaml' %}-{{ n }}\n");
        Files.writeString(dir.resolve("part.yaml"), "part\n");
        TemplateEngine engine = TemplateEngine.builder().templateDirectories(List.of(dir)).build();

        for (int n = 0; n < 50; n++) {
            assertThat(engine.render("main.yaml", Map.of("n", n))).isEqualTo("part-" + n);
        }
        assertThat(engine.parseCount()).isEqualTo(2);

        Files.writeString(dir.resolve("main.yaml"), "changed\n");
        assertThat(engine.render("./main.yaml", Map.of("n", 0))).as("cached by canonical name").isEqualTo("part-0");
        assertThat(engine.parseCount()).isEqualTo(2);
    }

    @Test
    void adHocTextsAreParsedOncePerText() {
        TemplateEngine engine = TemplateEngine.builder().build();
        for (int n = 0; n < 20; n++) {
            assertThat(engine.renderString("{{ image }}:{{ tag }}", "spec", Map.of("image", "nginx", "tag", n)))
                .isEqualTo("nginx:" + n);
            assertThat(engine.renderString("${HOME}/{{ n }}", "settings", Map.of("n", n))).isEqualTo("${HOME}/" + n);
        }
        assertThat(engine.parseCount()).isEqualTo(2);
    }

    @Test
    void theAdHocCacheIsBounded() {
        TemplateEngine engine = TemplateEngine.builder().build();
        engine.renderString("first {{ 1 }}", "s", Map.of());
        for (int n = 0; n < TemplateEngine.AD_HOC_CACHE_SIZE; n++) {
            engine.renderString("text " + n, "s", Map.of());
        }
        int parses = engine.parseCount();
        engine.renderString("first {{ 1 }}", "s", Map.of());
        assertThat(engine.parseCount()).as("the oldest text was evicted").isEqualTo(parses + 1);
        engine.renderString("text " + (TemplateEngine.AD_HOC_CACHE_SIZE - 1), "s", Map.of());
        assertThat(engine.parseCount()).as("a recent text is still cached").isEqualTo(parses + 1);
    }

    @Test
    void refusedTemplatesAreNotCachedAsGood() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), "{{ x|md5 }}\n");
        TemplateEngine engine = TemplateEngine.builder().templateDirectories(List.of(dir)).build();
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> engine.render("bad.yaml", Map.of())).isInstanceOf(TemplateException.class)
                .hasMessageContaining("filter 'md5' is not supported");
        }
    }
}
