package org.helxplatform.tycho.context.load;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding shared by the loaders: malformed text is an error, never silently replaced. */
final class Utf8 {

    private Utf8() {
    }

    static String decode(byte[] bytes, URI location) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LoadException(location, "the content is not valid UTF-8 text", e);
        }
    }
}
