package io.auditsearch.verify.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS) through java-json-canonicalization (written by an
 * RFC 8785 author): members sorted by UTF-16 code units, no whitespace, strings with the minimal
 * escapes, numbers as ECMAScript prints IEEE 754 doubles. The audit log's leaf entry is the
 * canonical UTF-8 of the stored event document.
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /**
     * The canonical UTF-8 bytes of one JSON text. Refuses what RFC 8785 (through I-JSON) refuses:
     * malformed JSON, duplicate member names, numbers beyond doubles, and lone surrogates (the
     * library would write those as {@code ?}, making two documents hash alike).
     */
    public static byte[] canonicalize(byte[] json) throws InvalidJsonException {
        String canonical;
        try {
            canonical = new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new InvalidJsonException("cannot canonicalize: " + e.getMessage(), e);
        }
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < canonical.length()
                    && Character.isLowSurrogate(canonical.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidJsonException("a string holds a lone surrogate (not Unicode)", null);
            }
        }
        return canonical.getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical form of one JSON text, as a string. */
    public static String canonicalize(String json) throws InvalidJsonException {
        return new String(canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
