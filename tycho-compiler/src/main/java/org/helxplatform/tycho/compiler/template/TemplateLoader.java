package org.helxplatform.tycho.compiler.template;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds templates by name: in the user directories first, in order, then under a classpath root. Names are
 * relative and use {@code /}; {@code ..}, absolute names and backslashes are refused, and a file reached through a
 * symbolic link must still lie inside its directory, so no template (nor an {@code include} in one) can read
 * outside these roots.
 */
final class TemplateLoader {

    /** A template's text and where it was found. */
    record Source(String location, String text) {
    }

    private final List<Path> directories;
    private final ClassLoader classLoader;
    private final String classpathRoot;

    /**
     * Creates a loader.
     *
     * @param directories   the user directories, searched in order
     * @param classLoader   the class loader of the default templates, or null for none
     * @param classpathRoot the resource folder of the default templates, such as {@code org/x/templates/}
     */
    TemplateLoader(List<Path> directories, ClassLoader classLoader, String classpathRoot) {
        List<Path> absolute = new ArrayList<>();
        for (Path directory : directories) {
            absolute.add(directory.toAbsolutePath().normalize());
        }
        this.directories = List.copyOf(absolute);
        this.classLoader = classLoader;
        this.classpathRoot = classpathRoot == null || classpathRoot.isEmpty() || classpathRoot.endsWith("/")
            ? classpathRoot : classpathRoot + "/";
    }

    /**
     * Checks a template name and puts it in canonical form ({@code ./a//b.yaml} is {@code a/b.yaml}).
     *
     * @param name the name
     * @return the canonical name
     * @throws TemplateException when the name is empty, absolute, or has {@code ..} or a backslash
     */
    static String canonicalName(String name) {
        if (name == null || name.isBlank()) {
            throw new TemplateException(String.valueOf(name), -1, null, "a template name must not be empty");
        }
        if (name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0 || name.matches("^[A-Za-z]:.*")) {
            throw new TemplateException(name, -1, null, "a template name must be a relative path with '/' "
                + "separators inside the template directories");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) {
                throw new TemplateException(name, -1, null, "a template name must not contain '..'; templates "
                    + "can only be read from the template directories");
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw new TemplateException(name, -1, null, "a template name must name a file");
        }
        return String.join("/", parts);
    }

    /**
     * Looks a template up.
     *
     * @param name a canonical name
     * @return its text and location, or empty when no root has it
     * @throws TemplateException when a file escapes its directory through a symbolic link, or cannot be read
     */
    Optional<Source> find(String name) {
        for (Path directory : directories) {
            Path file = directory.resolve(name).normalize();
            if (file.startsWith(directory) && Files.isRegularFile(file)) {
                return Optional.of(new Source(file.toString(), read(name, directory, file)));
            }
        }
        if (classLoader != null && classpathRoot != null) {
            URL resource = classLoader.getResource(classpathRoot + name);
            if (resource != null) {
                return Optional.of(new Source(resource.toString(), read(name, resource)));
            }
        }
        return Optional.empty();
    }

    /**
     * Describes where templates are looked up, for "not found" errors.
     *
     * @return the directories and classpath root
     */
    String roots() {
        List<String> roots = new ArrayList<>();
        directories.forEach(directory -> roots.add(directory.toString()));
        if (classLoader != null && classpathRoot != null) {
            roots.add("classpath:" + classpathRoot);
        }
        return roots.isEmpty() ? "(no template roots configured)" : String.join(", ", roots);
    }

    private static String read(String name, Path directory, Path file) {
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(directory.toRealPath())) {
                throw new TemplateException(name, -1, null, "the template file " + file + " leads outside its "
                    + "directory " + directory + " (symbolic link to " + real + "); it is not read");
            }
            return Files.readString(real, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException(name, -1, null, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(String name, URL resource) {
        try (InputStream in = resource.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException(name, -1, null, "cannot read " + resource + ": " + e.getMessage(),
                e);
        }
    }
}
