package org.helxplatform.tycho.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request builders: required values up front, everything else optional, the same checks as the records. */
class RequestBuildersTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final Principal ALICE = Principal.of("alice", "token");

    @Test
    void aStartRequestNeedsOnlyTheUserAndTheApp() {
        StartRequest request = StartRequest.builder(ALICE, "jupyter-ds").build();

        assertThat(request).isEqualTo(new StartRequest(ALICE, "jupyter-ds", null, "", Map.of()));
        assertThat(request.resources()).isNull();
        assertThat(request.host()).isEmpty();
        assertThat(request.extraContainerEnv()).isEmpty();
    }

    @Test
    void aStartRequestWithEverything() {
        Map<String, String> more = new LinkedHashMap<>();
        more.put("LANG", "C.UTF-8");
        more.put("TZ", "Europe/Paris");

        StartRequest request = StartRequest.builder(ALICE, "jupyter-ds")
                .resources(ResourceRequest.of("1", "4G"))
                .host("helx.example.org")
                .env("TZ", "UTC")
                .env("HOME_URL", "https://helx.example.org")
                .env(more)
                .build();

        assertThat(request.resources()).isEqualTo(ResourceRequest.of("1", "4G"));
        assertThat(request.host()).isEqualTo("helx.example.org");
        // in order of first mention; a later value of a name wins
        assertThat(request.extraContainerEnv()).containsExactly(Map.entry("TZ", "Europe/Paris"),
                Map.entry("HOME_URL", "https://helx.example.org"), Map.entry("LANG", "C.UTF-8"));
    }

    @Test
    void aStartRequestIsCheckedWhenBuilt() {
        assertThatThrownBy(() -> StartRequest.builder(ALICE, " ").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("appId: ");
        assertThatThrownBy(() -> StartRequest.builder(ALICE, "app").host("a b").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("host: 'a b' ");
        assertThatThrownBy(() -> StartRequest.builder(ALICE, "app").env("1 bad", "x").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("extraContainerEnv: '1 bad' ");
    }

    @Test
    void aNullArgumentIsANullPointerExceptionNamingTheParameter() {
        assertThatThrownBy(() -> StartRequest.builder(null, "app")).isInstanceOf(NullPointerException.class)
                .hasMessage("principal");
        assertThatThrownBy(() -> StartRequest.builder(ALICE, "app").host(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("host");
        assertThatThrownBy(() -> StartRequest.builder(ALICE, "app").env("A", null))
                .isInstanceOf(NullPointerException.class).hasMessage("value");
        assertThatThrownBy(() -> ModifyRequest.builder(ID).cpus(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("cpus");
        assertThatThrownBy(() -> ModifyRequest.builder(ID).label(null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("key");
    }

    @Test
    void aModifyRequestWithoutChangesChangesNothing() {
        ModifyRequest request = ModifyRequest.builder(ID).build();

        assertThat(request).isEqualTo(new ModifyRequest(ID, Map.of(), null, null));
        assertThat(request.changesSomething()).isFalse();
    }

    @Test
    void aModifyRequestWithEverything() {
        ModifyRequest request = ModifyRequest.builder(ID).label("team", "blue").labels(Map.of("tier", "gold"))
                .cpus("2").memory("8G").build();

        assertThat(request.labels()).containsExactly(Map.entry("team", "blue"), Map.entry("tier", "gold"));
        assertThat(request.cpus()).isEqualTo("2");
        assertThat(request.memory()).isEqualTo("8G");
        assertThat(request.changesSomething()).isTrue();
    }

    @Test
    void aModifyRequestIsCheckedWhenBuilt() {
        assertThatThrownBy(() -> ModifyRequest.builder("not-an-identifier").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("identifier: 'not-an-identifier' ");
        assertThatThrownBy(() -> ModifyRequest.builder(ID).cpus("lots").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("cpus: 'lots' ");
        assertThatThrownBy(() -> ModifyRequest.builder(ID).label("team", "a b").build())
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("labels.team: 'a b' ");
    }
}
