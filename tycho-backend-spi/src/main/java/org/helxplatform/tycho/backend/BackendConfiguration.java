package org.helxplatform.tycho.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.helxplatform.tycho.model.InvalidValueException;

/**
 * What a backend is created from: settings by name (Tycho's environment variable names such as
 * {@code NAMESPACE}), user template directories, and objects to use instead of creating them, keyed by type
 * (e.g. a {@code KubernetesClient}, a {@code Clock}). Immutable.
 */
public final class BackendConfiguration {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final Map<String, String> settings;
    private final List<Path> templateDirectories;
    private final Map<Class<?>, Object> objects;

    private BackendConfiguration(Map<String, String> settings, List<Path> templateDirectories,
                                 Map<Class<?>, Object> objects) {
        this.settings = settings;
        this.templateDirectories = templateDirectories;
        this.objects = objects;
    }

    /**
     * A configuration of settings only.
     *
     * @param settings settings by name, e.g. {@code System.getenv()}
     * @return the configuration
     */
    public static BackendConfiguration of(Map<String, String> settings) {
        return builder().settings(settings).build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return settings by name */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * @param name a setting name
     * @return its value, if set and not blank
     */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name)).filter(value -> !value.isBlank());
    }

    /**
     * A setting holding a duration: a number of seconds ({@code 90}), a number with a unit {@code ms}, {@code s},
     * {@code m} or {@code h} ({@code 500ms}, {@code 2m}), or an ISO-8601 duration ({@code PT2M}).
     *
     * @param name         the setting's name
     * @param defaultValue the duration when the setting is not set or blank
     * @return the duration, never negative
     * @throws InvalidValueException naming the setting, its value and the accepted forms when the value is not a
     *                               duration
     */
    public Duration duration(String name, Duration defaultValue) {
        Optional<String> value = setting(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().trim();
        try {
            Duration parsed;
            Matcher matcher = DURATION.matcher(text);
            if (matcher.matches()) {
                double amount = Double.parseDouble(matcher.group(1));
                String unit = matcher.group(2) == null ? "s" : matcher.group(2);
                double millis = amount * switch (unit) {
                    case "ms" -> 1;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 1000;
                };
                parsed = Duration.ofNanos(Math.round(millis * 1_000_000));
            } else {
                parsed = Duration.parse(text);
            }
            if (!parsed.isNegative()) {
                return parsed;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // reported below
        }
        throw new InvalidValueException(name, text, "is not a duration;"
                + " give seconds (90), a number with a unit (500ms, 30s, 2m, 1h) or an ISO-8601 duration (PT2M)");
    }

    /** @return directories searched for templates before a backend's defaults, in order */
    public List<Path> templateDirectories() {
        return templateDirectories;
    }

    /**
     * An object supplied to the backend.
     *
     * @param type its type
     * @param <T>  its type
     * @return the object, if one was supplied
     */
    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(objects.get(type)));
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder builder = new Builder().settings(settings).templateDirectories(templateDirectories);
        builder.objects.putAll(objects);
        return builder;
    }

    /** Builds a {@link BackendConfiguration}. */
    public static final class Builder {
        private final Map<String, String> settings = new LinkedHashMap<>();
        private List<Path> templateDirectories = List.of();
        private final Map<Class<?>, Object> objects = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param values settings to add
         * @return this
         */
        public Builder settings(Map<String, String> values) {
            values.forEach((name, value) -> {
                if (name != null && value != null) {
                    settings.put(name, value);
                }
            });
            return this;
        }

        /**
         * @param name a setting
         * @param value its value
         * @return this
         */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /**
         * @param directories user template directories, in search order
         * @return this
         */
        public Builder templateDirectories(List<Path> directories) {
            this.templateDirectories = List.copyOf(directories);
            return this;
        }

        /**
         * Supplies an object the backend should use, e.g. a configured client.
         *
         * @param type   the type the backend asks for
         * @param object the object
         * @param <T>    its type
         * @return this
         */
        public <T> Builder with(Class<T> type, T object) {
            objects.put(type, Objects.requireNonNull(object));
            return this;
        }

        /** @return the configuration */
        public BackendConfiguration build() {
            return new BackendConfiguration(Collections.unmodifiableMap(new LinkedHashMap<>(settings)),
                    templateDirectories, Collections.unmodifiableMap(new LinkedHashMap<>(objects)));
        }
    }
}
