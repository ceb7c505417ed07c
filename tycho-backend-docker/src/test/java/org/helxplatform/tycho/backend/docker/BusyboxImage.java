package org.helxplatform.tycho.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Assumptions;

/**
 * The image the Docker tests run, made without a registry: a root file system holding this machine's statically
 * linked busybox (Debian's {@code busybox-static}) and a web page, loaded into the engine as {@value #IMAGE} with
 * its load API ({@code docker load}'s format, built here). Its {@code httpd} serves {@code /www}, whose index is
 * {@value #PAGE}, on port 80 by default (as nginx would); {@code start-notebook.sh} serves it on port 8888 (the
 * command of the contract kit's sample system). The same busybox gives the same image, byte for byte.
 */
public final class BusyboxImage {

    /** The image's name. */
    public static final String IMAGE = "tycho-test/busybox:1";
    /** The text of {@code /www/index.html}. */
    public static final String PAGE = "tycho docker backend test page\n";

    private static final List<Path> BUSYBOX = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"));
    private static final List<String> APPLETS = List.of("sh", "httpd", "wget", "sleep", "cat", "echo", "id", "ls",
            "mkdir", "touch", "grep", "env", "true", "false", "test", "[", "nc", "hostname", "head", "tr", "tail",
            "seq");
    private static final int PT_INTERP = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Date MODIFIED = Date.from(Instant.parse("2026-01-01T00:00:00Z"));

    private BusyboxImage() {
    }

    private static boolean loaded;

    /**
     * Loads the image into the engine unless it has this very image (same content, same id) already, and removes
     * an earlier version it replaces; skips the calling test, saying why, when this machine has no statically
     * linked busybox to build it from.
     *
     * @param client the engine
     */
    public static synchronized void ensure(DockerClient client) {
        if (loaded) {
            return;
        }
        Path busybox = BUSYBOX.stream().filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(busybox != null, () -> skip("no busybox binary at " + BUSYBOX));
        Assumptions.assumeTrue(isStatic(busybox), () -> skip(busybox + " is dynamically linked"));
        byte[] layer = layer(busybox);
        byte[] config = config(sha256(layer));
        String id = "sha256:" + sha256(config);
        String previous = imageId(client);
        if (!id.equals(previous)) {
            client.loadImageCmd(new ByteArrayInputStream(archive(layer, config))).exec();
            if (!id.equals(imageId(client))) {
                throw new IllegalStateException("the engine did not keep the loaded image " + IMAGE + " (" + id + ")");
            }
            if (previous != null) {
                try {
                    client.removeImageCmd(previous).exec();
                } catch (RuntimeException stillUsed) {
                    // a container of an earlier run still uses it; the engine keeps it
                }
            }
        }
        loaded = true;
    }

    private static String imageId(DockerClient client) {
        try {
            return client.inspectImageCmd(IMAGE).exec().getId();
        } catch (NotFoundException missing) {
            return null;
        }
    }

    private static String skip(String why) {
        String message = "Docker ITs skipped: " + why + "; they build their image " + IMAGE + " from Debian's"
                + " statically linked busybox (as root: apt-get install -y busybox-static)";
        System.out.println(message);
        return message;
    }

    /** The image in the engine's load format ({@code docker save}): manifest, configuration, one layer. */
    private static byte[] archive(byte[] layer, byte[] config) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("Config", "config.json");
        manifest.putArray("RepoTags").add(IMAGE);
        manifest.putArray("Layers").add("layer/layer.tar");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            directory(tar, "layer/", 0755);
            file(tar, "layer/layer.tar", layer, 0644);
            file(tar, "config.json", config, 0644);
            file(tar, "manifest.json", JSON.writeValueAsBytes(JSON.createArrayNode().add(manifest)), 0644);
            tar.finish();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the archive of " + IMAGE + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    /** The image configuration: the layer, {@code PATH}, and {@code httpd} serving the page on port 80 by default. */
    private static byte[] config(String layerDigest) {
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", architecture());
        config.put("os", "linux");
        ObjectNode run = config.putObject("config");
        run.putArray("Env").add("PATH=/bin");
        ArrayNode cmd = run.putArray("Cmd");
        List.of("httpd", "-f", "-p", "80", "-h", "/www").forEach(cmd::add);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add("sha256:" + layerDigest);
        try {
            return JSON.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the configuration of " + IMAGE + ": " + e, e);
        }
    }

    /** The root file system as a tar archive, the same bytes for the same busybox. */
    private static byte[] layer(Path busybox) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            directory(tar, "bin/", 0755);
            directory(tar, "etc/", 0755);
            directory(tar, "tmp/", 01777);
            directory(tar, "www/", 0755);
            file(tar, "bin/busybox", Files.readAllBytes(busybox), 0755);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarConstants.LF_SYMLINK);
                link.setLinkName("busybox");
                link.setModTime(MODIFIED);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            file(tar, "bin/start-notebook.sh", "#!/bin/sh\nexec httpd -f -p 8888 -h /www\n"
                    .getBytes(StandardCharsets.UTF_8), 0755);
            file(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "etc/group", "root:x:0:\n".getBytes(StandardCharsets.UTF_8), 0644);
            file(tar, "www/index.html", PAGE.getBytes(StandardCharsets.UTF_8), 0644);
            tar.finish();
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the root file system of " + IMAGE + ": " + e, e);
        }
        return bytes.toByteArray();
    }

    private static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
        entry.setModTime(MODIFIED);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] content, int mode) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
        entry.setModTime(MODIFIED);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Whether an ELF executable has no program interpreter, i.e. runs in an empty root file system. */
    private static boolean isStatic(Path binary) {
        try (RandomAccessFile file = new RandomAccessFile(binary.toFile(), "r")) {
            byte[] header = new byte[64];
            file.readFully(header);
            if (header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F' || header[4] != 2) {
                return false;
            }
            ByteBuffer elf = ByteBuffer.wrap(header).order(header[5] == 1 ? ByteOrder.LITTLE_ENDIAN
                    : ByteOrder.BIG_ENDIAN);
            long programHeaders = elf.getLong(0x20);
            int size = Short.toUnsignedInt(elf.getShort(0x36));
            int count = Short.toUnsignedInt(elf.getShort(0x38));
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                byte[] entry = new byte[4];
                file.seek(programHeaders + (long) i * size);
                file.readFully(entry);
                types.add(ByteBuffer.wrap(entry).order(elf.order()).getInt());
            }
            return !types.contains(PT_INTERP);
        } catch (IOException e) {
            return false;
        }
    }
}
