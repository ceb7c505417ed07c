package org.helxplatform.tycho.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.helxplatform.tycho.model.InvalidValueException;
import org.helxplatform.tycho.model.Names;
import org.helxplatform.tycho.model.TychoException;

/**
 * Static bearer tokens: only their SHA-256 hashes are kept (the tokens file holds hashes too), and a presented
 * token is compared, hashed, with every entry in constant time, so neither the file nor the timing of a failed
 * attempt tells anything about a token. Immutable and thread-safe.
 *
 * <p>The tokens file, YAML or JSON ({@code TYCHO_SERVER_TOKENS_FILE}):
 * <pre>
 * tokens:
 *   - user: alice
 *     sha256: 2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90   # printf %s "$TOKEN" | sha256sum
 *   - user: ops
 *     role: admin
 *     sha256: ...
 * </pre>
 */
public final class StaticTokens {

    private static final RequestSchema SCHEMA = RequestSchema.load("tokens-file.schema.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private record Entry(byte[] hash, Caller caller) {
    }

    private final List<Entry> entries;

    private StaticTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** @return no tokens at all */
    public static StaticTokens none() {
        return new StaticTokens(List.of());
    }

    /**
     * @param other more tokens
     * @return these tokens and the others
     */
    public StaticTokens and(StaticTokens other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new StaticTokens(all);
    }

    /**
     * One token for one caller, e.g. the administrator token of {@code TYCHO_SERVER_ADMIN_TOKEN}.
     *
     * @param token  the token (only its hash is kept)
     * @param caller who presents it
     * @return the tokens
     */
    public static StaticTokens of(String token, Caller caller) {
        return new StaticTokens(List.of(new Entry(sha256(token), caller)));
    }

    /**
     * Reads a tokens file.
     *
     * @param file the file
     * @return the tokens
     * @throws TychoException naming the file and the entry when it cannot be read or is invalid
     */
    public static StaticTokens read(Path file) {
        JsonNode document;
        try {
            document = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new TychoException("tokens file " + file + " is not valid YAML or JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new TychoException("cannot read tokens file " + file + ": " + e.getMessage(), e);
        }
        List<ApiError.FieldError> violations = SCHEMA.violations(document, "");
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("tokens file " + file + " is invalid:");
            violations.forEach(v -> message.append(" ").append(v.field()).append(": ").append(v.message())
                    .append(";"));
            message.append(" see tycho-server/README.md for its format");
            throw new TychoException(message.toString());
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode tokens = document.get("tokens");
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode entry = tokens.get(i);
            String user = entry.get("user").asText();
            try {
                Names.requireLabelValue("tokens[" + i + "].user", user);
            } catch (InvalidValueException e) {
                throw new TychoException("tokens file " + file + ": " + e.getMessage());
            }
            byte[] hash = HexFormat.of().parseHex(entry.get("sha256").asText().toLowerCase(Locale.ROOT));
            for (Entry earlier : entries) {
                if (MessageDigest.isEqual(earlier.hash(), hash)) {
                    throw new TychoException("tokens file " + file + ": tokens[" + i + "] has the same sha256 as an"
                            + " earlier entry; give every user a token of their own");
                }
            }
            boolean admin = entry.has("role") && "admin".equals(entry.get("role").asText());
            entries.add(new Entry(hash, new Caller(user, admin, "token")));
        }
        return new StaticTokens(entries);
    }

    /**
     * Finds the caller of a token.
     *
     * @param token the presented token
     * @return its caller, or empty when no entry has its hash
     */
    public Optional<Caller> lookup(String token) {
        byte[] hash = sha256(token);
        Caller found = null;
        for (Entry entry : entries) { // every entry is compared, whatever matches: the time does not depend on it
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * @param token a token
     * @return its SHA-256 hash
     */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** @return how many tokens, never the tokens */
    @Override
    public String toString() {
        return "StaticTokens[" + entries.size() + " tokens]";
    }
}
