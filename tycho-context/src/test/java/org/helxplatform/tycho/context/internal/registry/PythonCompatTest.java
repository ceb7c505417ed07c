package org.helxplatform.tycho.context.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's string.Template.safe_substitute and os.path.join(os.path.dirname(...)). */
class PythonCompatTest {

    @Test
    void safeSubstituteReplacesKnownNamesOnly() {
        Map<String, String> repositories = new LinkedHashMap<>();
        repositories.put("helx", "https://host/specs");
        repositories.put("helx_2", "https://two");
        assertThat(PythonCompat.safeSubstitute("$helx/a/docker-compose.yaml", repositories))
                .isEqualTo("https://host/specs/a/docker-compose.yaml");
        assertThat(PythonCompat.safeSubstitute("${helx}x and $helx_2", repositories))
                .isEqualTo("https://host/specsx and https://two");
        assertThat(PythonCompat.safeSubstitute("$unknown/${unknown}/$", repositories))
                .isEqualTo("$unknown/${unknown}/$");
        assertThat(PythonCompat.safeSubstitute("cost: $$5 ${helx", repositories)).isEqualTo("cost: $5 ${helx");
        assertThat(PythonCompat.safeSubstitute("$HELX $1", repositories)).isEqualTo("$HELX $1");
        assertThat(PythonCompat.safeSubstitute("no variables", repositories)).isEqualTo("no variables");
    }

    @Test
    void siblingIsPythonsJoinOfDirname() {
        assertThat(PythonCompat.sibling("https://host/a/b/docker-compose.yaml", "icon.png"))
                .isEqualTo("https://host/a/b/icon.png");
        assertThat(PythonCompat.sibling("https://host/a//docker-compose.yaml", "icon.png"))
                .isEqualTo("https://host/a/icon.png");
        assertThat(PythonCompat.sibling("docker-compose.yaml", "icon.png")).isEqualTo("icon.png");
        assertThat(PythonCompat.sibling("/docker-compose.yaml", "icon.png")).isEqualTo("/icon.png");
        assertThat(PythonCompat.sibling("https://host/a/", "icon.png")).isEqualTo("https://host/a/icon.png");
    }
}
