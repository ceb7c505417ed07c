package org.helxplatform.tycho.context.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classpath, file, prefix-mapping and by-scheme loaders. */
class ResourceLoadersTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void filesReadsAFileAndMissingIsEmpty() throws IOException {
        Path file = write("a.yaml", "x: é\n");
        assertThat(ResourceLoaders.files().load(file.toUri())).contains("x: é\n");
        assertThat(ResourceLoaders.files().load(dir.resolve("missing.yaml").toUri())).isEmpty();
    }

    @Test
    void filesRejectsADirectoryAndTextThatIsNotUtf8() throws IOException {
        assertThatThrownBy(() -> ResourceLoaders.files().load(dir.toUri()))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("is a directory");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), "x: \u00e9".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> ResourceLoaders.files().load(latin1.toUri()))
                .isInstanceOf(LoadException.class)
                .hasMessage("cannot load " + latin1.toUri() + ": the content is not valid UTF-8 text");
    }

    @Test
    void classpathReadsResourcesAndMissingIsEmpty() {
        assertThat(ResourceLoaders.classpath()
                .load(URI.create("classpath:/org/helxplatform/tycho/context/registry/app-registry.yaml")))
                .hasValueSatisfying(text -> assertThat(text).contains("contexts:"));
        assertThat(ResourceLoaders.classpath().load(URI.create("classpath:/no/such/resource.yaml"))).isEmpty();
    }

    @Test
    void mappingServesUrlsFromDirectories() throws IOException {
        write("develop/app-specs/x/docker-compose.yaml", "services: {}\n");
        ResourceLoader loader = ResourceLoaders.mapping("https://host/raw/develop/", dir.resolve("develop"));
        assertThat(loader.load(URI.create("https://host/raw/develop/app-specs/x/docker-compose.yaml")))
                .contains("services: {}\n");
        assertThat(loader.load(URI.create("https://host/raw/develop/app-specs/x/.env"))).isEmpty();
    }

    @Test
    void mappingPrefersTheLongestPrefix() throws IOException {
        write("outer/a/file.txt", "outer");
        write("inner/file.txt", "inner");
        Map<String, Path> prefixes = new LinkedHashMap<>();
        prefixes.put("https://host/", dir.resolve("outer"));
        prefixes.put("https://host/a/", dir.resolve("inner"));
        assertThat(ResourceLoaders.mapping(prefixes).load(URI.create("https://host/a/file.txt"))).contains("inner");
    }

    @Test
    void mappingRefusesUnmappedUrlsAndPathsLeavingTheDirectory() throws IOException {
        write("secret.txt", "secret");
        ResourceLoader loader = ResourceLoaders.mapping("https://host/raw/develop/", dir.resolve("develop"));
        URI unmapped = URI.create("https://elsewhere/app-registry.yaml");
        assertThatThrownBy(() -> loader.load(unmapped))
                .isInstanceOf(LoadException.class)
                .hasMessage("cannot load " + unmapped + ": no local directory is mapped for it; mapped prefixes:"
                        + " https://host/raw/develop/");
        assertThatThrownBy(() -> loader.load(URI.create("https://host/raw/develop/../secret.txt")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("leaves the mapped directory");
    }

    @Test
    void bySchemeDispatchesAndNamesUnsupportedSchemes() {
        Map<String, ResourceLoader> loaders = new LinkedHashMap<>();
        loaders.put("MEM", location -> Optional.of("memory " + location.getSchemeSpecificPart()));
        loaders.put("file", ResourceLoaders.files());
        ResourceLoader loader = ResourceLoaders.byScheme(loaders);
        assertThat(loader.load(URI.create("mem:abc"))).contains("memory abc");
        assertThatThrownBy(() -> loader.load(URI.create("ftp://host/x")))
                .isInstanceOf(LoadException.class)
                .hasMessage("cannot load ftp://host/x: no loader for scheme 'ftp'; supported: mem, file");
    }

    @Test
    void standardReadsClasspathAndFiles() throws IOException {
        Path file = write("b.yaml", "b: 1\n");
        ResourceLoader loader = ResourceLoaders.standard();
        assertThat(loader.load(file.toUri())).contains("b: 1\n");
        assertThat(loader.load(URI.create("classpath:/org/helxplatform/tycho/context/registry/app-defaults.yaml")))
                .isPresent();
        assertThatThrownBy(() -> loader.load(URI.create("relative/path.yaml")))
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("a relative location has no scheme; supported: classpath, file, http, https");
    }
}
