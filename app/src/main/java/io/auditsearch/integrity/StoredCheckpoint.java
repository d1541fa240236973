package io.auditsearch.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed checkpoint as the checkpoints index keeps it: the note verbatim, with its parsed parts
 * for queries. The note is what counts; the other fields are not trusted on their own.
 */
record StoredCheckpoint(String log, String instance, String tenant, long size, byte[] root, String note, Instant signedAt,
                        String verifierKey) {

    static StoredCheckpoint of(JsonNode doc) {
        return new StoredCheckpoint(doc.path("log").asText(), doc.path("instance").asText(null),
                doc.path("tenant").isTextual() ? doc.path("tenant").asText() : null, doc.path("size").asLong(),
                Base64.getDecoder().decode(doc.path("root").asText()), doc.path("note").asText(),
                Instant.parse(doc.path("signed_at").asText()), doc.path("verifier_key").asText(null));
    }
}
