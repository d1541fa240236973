package io.auditsearch.verify.export;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.auditsearch.verify.merkle.TreeHasher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One parsed line of an export: an event line (its event id, leaf index, inclusion proof, and the
 * event's bytes as written with their leaf hash), the checkpoint line, or a line that is neither
 * (with why).
 *
 * <p>{@link #rawLeafHash} hashes the event exactly as the line spells it. An exporter writes events
 * in canonical form, so that hash is the leaf's; if it is not, {@link #canonicalLeafHash} hashes the
 * RFC 8785 form (for an export reformatted since). Both are sound: a hash that leads to a signed
 * root proves the bytes hashed are the bytes logged.
 */
public record ExportLine(long lineNumber, String eventId, long leafIndex, byte[] rawLeafHash, List<byte[]> inclusion,
        String checkpoint, String error, byte[] buf, int eventStart, int eventEnd) {
    private static final JsonFactory JSON = new JsonFactory();

    public boolean isCheckpoint() {
        return checkpoint != null;
    }

    public boolean isError() {
        return error != null;
    }

    static ExportLine error(long lineNumber, String eventId, long leafIndex, String error) {
        return new ExportLine(lineNumber, eventId, leafIndex, null, List.of(), null, error, null, 0, 0);
    }

    /** Parses {@code buf[off, off + len)} (without its newline); hashes the canonical event with {@code hasher}. */
    public static ExportLine parse(long lineNumber, byte[] buf, int off, int len, TreeHasher hasher) {
        String eventId = null;
        long leafIndex = -1;
        int eventStart = -1;
        int eventEnd = -1;
        List<byte[]> inclusion = null;
        String checkpoint = null;
        try (JsonParser p = JSON.createParser(buf, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return error(lineNumber, null, -1, "not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (ExportFormat.EVENT.equals(field) && value == JsonToken.START_OBJECT) {
                    eventStart = off + (int) p.currentTokenLocation().getByteOffset();
                    eventId = walkEvent(p);
                    eventEnd = off + (int) p.currentLocation().getByteOffset();
                } else if (ExportFormat.INTEGRITY.equals(field) && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        JsonToken v = p.nextToken();
                        if (ExportFormat.LEAF_INDEX.equals(name) && v == JsonToken.VALUE_NUMBER_INT) {
                            leafIndex = p.getLongValue();
                        } else if (ExportFormat.INCLUSION.equals(name) && v == JsonToken.START_ARRAY) {
                            inclusion = new ArrayList<>();
                            while (p.nextToken() == JsonToken.VALUE_STRING) {
                                inclusion.add(p.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS));
                            }
                            if (p.currentToken() != JsonToken.END_ARRAY) {
                                return error(lineNumber, eventId, leafIndex, "inclusion is not an array of base64 strings");
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (ExportFormat.CHECKPOINT.equals(field) && value == JsonToken.VALUE_STRING) {
                    checkpoint = p.getText();
                } else {
                    return error(lineNumber, eventId, leafIndex, "unexpected member \"" + field + "\"");
                }
            }
            if (p.nextToken() != null) {
                return error(lineNumber, eventId, leafIndex, "more than one JSON value on the line");
            }
        } catch (IOException | RuntimeException e) {
            return error(lineNumber, eventId, leafIndex, "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (checkpoint != null) {
            return eventStart < 0 && inclusion == null
                    ? new ExportLine(lineNumber, null, -1, null, List.of(), checkpoint, null, null, 0, 0)
                    : error(lineNumber, eventId, leafIndex, "a checkpoint line holds only the checkpoint");
        }
        if (eventStart < 0) {
            return error(lineNumber, null, leafIndex, "no \"event\" object");
        }
        if (leafIndex < 0 || inclusion == null) {
            return error(lineNumber, eventId, leafIndex, "no integrity.leaf_index and integrity.inclusion");
        }
        return new ExportLine(lineNumber, eventId, leafIndex, hasher.leafHash(buf, eventStart, eventEnd - eventStart),
                inclusion, null, null, buf, eventStart, eventEnd);
    }

    /** The leaf hash of the event's RFC 8785 canonical form. */
    public byte[] canonicalLeafHash(TreeHasher hasher) throws InvalidJsonException {
        return hasher.leafHash(CanonicalJson.canonicalize(Arrays.copyOfRange(buf, eventStart, eventEnd)));
    }

    /** Walks the event object to its end; returns its {@code event.id} (ECS) if it has one. */
    private static String walkEvent(JsonParser p) throws IOException {
        String id = null;
        int depth = 1;
        boolean inEcsEvent = false;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("event object not closed");
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    depth++;
                    if (depth == 2 && t == JsonToken.START_OBJECT && "event".equals(p.currentName())) {
                        inEcsEvent = true;
                    }
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (depth < 2) {
                        inEcsEvent = false;
                    }
                }
                case VALUE_STRING -> {
                    if (inEcsEvent && depth == 2 && "id".equals(p.currentName())) {
                        id = p.getText();
                    }
                }
                default -> { }
            }
        }
        return id;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
