package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit event, built, checked and serialized once: the exact ECS document the service stores
 * (as one compact JSON line), with its client-side {@code event.id} and {@code @timestamp} fixed
 * so retries and replays are idempotent. Immutable and safe to share between threads.
 */
public final class AuditEvent {

    private final String id;
    private final String action;
    private final Instant timestamp;
    private final byte[] json;

    AuditEvent(String id, String action, Instant timestamp, byte[] json) {
        this.id = id;
        this.action = action;
        this.timestamp = timestamp;
        this.json = json;
    }

    /** A builder for any event. */
    public static AuditEventBuilder builder() {
        return new AuditEventBuilder();
    }

    /** A builder with the catalog entry's action, categorisation, outcome and level filled in. */
    public static AuditEventBuilder builder(CatalogEvent entry) {
        return new AuditEventBuilder().from(entry);
    }

    /** {@code event.id}: a UUIDv7 drawn at build time unless one was given. */
    public String id() {
        return id;
    }

    /** {@code event.action}. */
    public String action() {
        return action;
    }

    /** {@code @timestamp}. */
    public Instant timestamp() {
        return timestamp;
    }

    /** The ECS document as compact JSON (what one NDJSON line of a bulk request holds). */
    public String toJson() {
        return new String(json, StandardCharsets.UTF_8);
    }

    /** UTF-8 JSON, not copied: callers inside the package must not change it. */
    byte[] jsonBytes() {
        return json;
    }

    /** Reads back a document this client wrote (a disk buffer line). */
    static AuditEvent fromJson(byte[] json) throws IOException {
        JsonNode tree = Json.MAPPER.readTree(json);
        JsonNode event = tree == null ? null : tree.get("event");
        if (event == null || !event.path("id").isTextual()) {
            throw new IOException("not an audit event with an event.id");
        }
        Instant timestamp = tree.path("@timestamp").isTextual() ? Instant.parse(tree.get("@timestamp").asText()) : null;
        return new AuditEvent(event.get("id").asText(), event.path("action").asText(null), timestamp, json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditEvent other && id.equals(other.id) && java.util.Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id);
    }

    /** Id and action only: the document may hold personal data. */
    @Override
    public String toString() {
        return "AuditEvent[" + id + " " + action + "]";
    }
}
