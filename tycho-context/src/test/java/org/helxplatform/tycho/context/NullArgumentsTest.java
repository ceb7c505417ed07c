package org.helxplatform.tycho.context;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.helxplatform.tycho.compiler.TychoSettings;
import org.helxplatform.tycho.context.load.RegistrySource;
import org.helxplatform.tycho.model.InvalidValueException;
import org.junit.jupiter.api.Test;

/**
 * What a {@code null} argument gets, as TychoException's Javadoc says: a NullPointerException naming the parameter
 * where an object is required, an InvalidValueException where a value is checked (an identifier).
 */
class NullArgumentsTest {

    @Test
    void aNullObjectIsANullPointerExceptionNamingTheParameter() {
        try (TychoContext tycho = Fixtures.context().build()) {
            assertThatThrownBy(() -> tycho.start((org.helxplatform.tycho.model.StartRequest) null)).isInstanceOf(NullPointerException.class).hasMessage("request");
            assertThatThrownBy(() -> tycho.compile(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> tycho.status(null)).isInstanceOf(NullPointerException.class).hasMessage("query");
            assertThatThrownBy(() -> tycho.modify(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
        }
        assertThatThrownBy(() -> TychoContext.builder().registry(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("registry");
        assertThatThrownBy(() -> TychoContext.builder().settings((Map<String, String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("values");
        assertThatThrownBy(() -> TychoContext.builder().settings((TychoSettings) null))
                .isInstanceOf(NullPointerException.class).hasMessage("settings");
        assertThatThrownBy(() -> RegistrySource.directory(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("directory");
    }

    @Test
    void aNullValueWhereAValueIsCheckedIsAnInvalidValue() {
        try (TychoContext tycho = Fixtures.context().build()) {
            assertThatThrownBy(() -> tycho.delete(null)).isInstanceOf(InvalidValueException.class)
                    .hasMessageStartingWith("identifier: null ");
        }
    }
}
