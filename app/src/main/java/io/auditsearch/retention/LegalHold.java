package io.auditsearch.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A legal hold: events of {@code [from, to]} (of one tenant, when given) must not be deleted. Kept
 * after release, with who released it and when, for the audit trail. Times are RFC 3339 in UTC.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record LegalHold(String id, String from, String to, @Nullable String tenant, String reason,
                        @JsonProperty("set_by") String setBy, @JsonProperty("set_at") String setAt,
                        @JsonProperty("released_by") @Nullable String releasedBy,
                        @JsonProperty("released_at") @Nullable String releasedAt) {

    static LegalHold set(String id, HoldRange range, String by, Instant at) {
        return new LegalHold(id, range.from().toString(), range.to().toString(), range.tenant().orElse(null), range.reason(),
                by, at.toString(), null, null);
    }

    LegalHold released(String by, Instant at) {
        return new LegalHold(id, from, to, tenant, reason, setBy, setAt, by, at.toString());
    }

    /** In force: not released. */
    @JsonProperty("active")
    public boolean active() {
        return releasedAt == null;
    }

    Instant fromInstant() {
        return Instant.parse(from);
    }

    Instant toInstant() {
        return Instant.parse(to);
    }

    Optional<String> tenantId() {
        return Optional.ofNullable(tenant);
    }

    /** The stored document (the fields of {@code index-templates/index/audit-search-legal-holds.json}). */
    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("from", from);
        doc.put("to", to);
        doc.put("tenant", tenant);
        doc.put("reason", reason);
        doc.put("set_by", setBy);
        doc.put("set_at", setAt);
        doc.put("released_by", releasedBy);
        doc.put("released_at", releasedAt);
        return doc;
    }

    static LegalHold fromDocument(Map<?, ?> doc) {
        return new LegalHold(text(doc, "id"), text(doc, "from"), text(doc, "to"), text(doc, "tenant"), text(doc, "reason"),
                text(doc, "set_by"), text(doc, "set_at"), text(doc, "released_by"), text(doc, "released_at"));
    }

    private static String text(Map<?, ?> doc, String key) {
        Object v = doc.get(key);
        return v == null ? null : v.toString();
    }
}
