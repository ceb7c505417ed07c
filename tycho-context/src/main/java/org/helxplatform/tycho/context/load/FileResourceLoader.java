package org.helxplatform.tycho.context.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code file:} locations from the local file system. */
final class FileResourceLoader implements ResourceLoader {

    static final String SCHEME = "file";

    @Override
    public Optional<String> load(URI location) {
        Path path;
        try {
            path = Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new LoadException(location, "not a file: location of the local file system", e);
        }
        return read(path, location);
    }

    /**
     * Reads a file as UTF-8 text.
     *
     * @param path     the file
     * @param location the location the caller asked for, for messages
     * @return the text, empty when the file does not exist
     */
    static Optional<String> read(Path path, URI location) {
        if (Files.isDirectory(path)) {
            throw new LoadException(location, path + " is a directory, not a file", null);
        }
        try {
            return Optional.of(Utf8.decode(Files.readAllBytes(path), location));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LoadException(location, "cannot read " + path + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "file loader";
    }
}
