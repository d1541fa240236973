package io.auditsearch.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Sets what the service owns on a validated event: {@code event.id} (a UUIDv7 when the client gave
 * none), {@code event.ingested}, {@code event.kind}, {@code ecs.version}, the numeric severity,
 * {@code audit.changes.fields}, the compliance controls of a catalog action ({@code audit.compliance},
 * after any the client gave); masks sensitive values and fills {@code audit.details_text}.
 */
final class EventEnricher {

    static final String ECS_VERSION = "9.0.0";
    /** Derived from audit.details and audit.changes at ingest for full-text search; never accepted from clients. */
    static final String DETAILS_TEXT = "details_text";

    private final SensitiveValueMasker masker;
    private final String maskValue;
    private final ComplianceCatalog catalog = ComplianceCatalog.standard();
    private final TimeBasedEpochGenerator uuids = Generators.timeBasedEpochGenerator();

    EventEnricher(SensitiveValueMasker masker, String maskValue) {
        this.masker = masker;
        this.maskValue = maskValue;
    }

    /** Completes a validated event in place; returns its {@code event.id}. */
    String enrich(ObjectNode event, Instant timestamp, Instant now) {
        event.put("@timestamp", timestamp.toString());
        ObjectNode ev = (ObjectNode) event.get("event");
        String id = ev.has("id") ? ev.get("id").asText() : newId();
        ev.put("id", id);
        ev.put("kind", "event");
        ev.put("ingested", now.toString());
        for (String dateField : List.of("created")) {
            if (ev.get(dateField) instanceof JsonNode d && d.isTextual()) {
                ev.put(dateField, EventTime.parse(d.asText()).orElseThrow().toString());
            }
        }
        if (event.path("log").path("level").isTextual() && !ev.has("severity")) {
            ev.put("severity", EcsVocabulary.severityOf(event.path("log").path("level").asText()));
        }
        if (!event.has("ecs")) {
            event.putObject("ecs").put("version", ECS_VERSION);
        }
        if (event.get("audit") instanceof ObjectNode audit) {
            enrichAudit(audit);
        }
        tagCompliance(event, ev);
        return id;
    }

    /** The catalog's controls of the event's action and outcome, for {@code audit.compliance}; empty for other actions. */
    List<String> controls(String action, String outcome) {
        return catalog.controls(action, outcome);
    }

    /** Adds the catalog's controls to {@code audit.compliance}, after the values the client gave (kept, not repeated). */
    private void tagCompliance(ObjectNode event, ObjectNode ev) {
        JsonNode outcome = ev.get("outcome");
        List<String> controls = controls(ev.path("action").asText(null), outcome != null && outcome.isTextual() ? outcome.asText() : null);
        if (controls.isEmpty()) {
            return;
        }
        ObjectNode audit = event.withObject("audit");
        JsonNode given = audit.get("compliance");
        LinkedHashSet<String> merged = new LinkedHashSet<>();
        if (given != null && given.isArray()) {
            given.forEach(v -> merged.add(v.asText()));
        } else if (given != null && !given.isNull()) {
            merged.add(given.asText());
        }
        merged.addAll(controls);
        ArrayNode array = audit.putArray("compliance");
        merged.forEach(array::add);
    }

    /** A server-side {@code event.id}: a UUIDv7, so ids sort by creation time. */
    String newId() {
        return uuids.generate().toString();
    }

    /** Masks {@code audit.details} and {@code audit.changes.*}, lists the changed fields, fills the details text. */
    private void enrichAudit(ObjectNode audit) {
        StringBuilder text = new StringBuilder();
        if (audit.get("details") instanceof ObjectNode details) {
            maskAndCollect(details, text);
        }
        if (audit.get("changes") instanceof ObjectNode changes) {
            completeChanges(changes, text);
        }
        if (!text.isEmpty()) {
            audit.put(DETAILS_TEXT, text.toString());
        }
    }

    /** Masks a free-form value in place and adds what is left of its values to {@code text}; returns how many were masked. */
    int maskAndCollect(JsonNode value, StringBuilder text) {
        int masked = masker.mask(value);
        collectText(value, text);
        return masked;
    }

    /** Lists the changed fields (unless given), then masks {@code before} and {@code after} and adds their values to {@code text}. */
    void completeChanges(ObjectNode changes, StringBuilder text) {
        JsonNode before = changes.get("before");
        JsonNode after = changes.get("after");
        if (!changes.has("fields") && (before != null || after != null)) {
            List<String> changed = new ArrayList<>();
            ChangedFields.collect("", before, after, changed);
            ArrayNode fields = changes.putArray("fields");
            changed.forEach(fields::add);
        }
        if (before != null) {
            maskAndCollect(before, text);
        }
        if (after != null) {
            maskAndCollect(after, text);
        }
    }

    /** The details text of an event whose details and changes were read apart: as one text would have held them. */
    static String joinText(CharSequence details, CharSequence changes) {
        return details.isEmpty() ? changes.toString() : changes.isEmpty() ? details.toString() : details + "\n" + changes;
    }

    private void collectText(JsonNode node, StringBuilder text) {
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                collectText(child, text);
            }
        } else if (node.isValueNode() && !node.isNull()) {
            String value = node.asText();
            if (!value.equals(maskValue)) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(value);
            }
        }
    }
}
