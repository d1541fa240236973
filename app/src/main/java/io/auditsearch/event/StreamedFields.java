package io.auditsearch.event;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/** The mapping's fields as {@link StreamedEvent} checks them: what each one is, and its children by name. */
final class StreamedFields {

    /** What a field is, for the streaming checks. */
    enum Kind { OBJECT, FLATTENED, KEYWORD, TEXT, LONG, BOOLEAN, IP, DATE,
        TIMESTAMP, ACTION, ID, CREATED, DERIVED, OUTCOME, CATEGORY, TYPE, RESULT, LEVEL, SEVERITY, TENANT, DETAILS, CHANGES }

    /**
     * A mapped field compiled for streaming: what it is, its bit among its siblings, its children by
     * name. The parser interns field names, and so does this, so a child is found by identity first.
     */
    record Node(EventSchema.Field field, Kind kind, int bit, Map<String, Node> children, IdentityHashMap<String, Node> interned) {

        Node child(String name) {
            Node child = interned.get(name);
            return child != null ? child : children.get(name);
        }
    }

    private StreamedFields() {
    }

    /** The root of the mapping, compiled. */
    static Node compile(EventSchema.Field root) {
        return compile(root, 0);
    }

    private static Node compile(EventSchema.Field field, int bit) {
        Map<String, Node> children = new HashMap<>();
        int next = 0;
        for (Map.Entry<String, EventSchema.Field> e : field.children().entrySet()) {
            if (next == Long.SIZE) {
                throw new IllegalStateException(field.path() + " has more than 64 fields: widen StreamedEvent's duplicate check");
            }
            children.put(e.getKey(), compile(e.getValue(), next++));
        }
        IdentityHashMap<String, Node> interned = new IdentityHashMap<>();
        children.forEach((name, child) -> interned.put(name.intern(), child));
        return new Node(field, kind(field), bit, Map.copyOf(children), interned);
    }

    private static Kind kind(EventSchema.Field field) {
        Kind special = switch (field.path()) {
            case "@timestamp" -> Kind.TIMESTAMP;
            case "audit.details" -> Kind.DETAILS;
            case "audit.changes" -> Kind.CHANGES;
            case "audit.result" -> Kind.RESULT;
            case "event.action" -> Kind.ACTION;
            case "event.id" -> Kind.ID;
            case "event.created" -> Kind.CREATED;
            case "event.kind", "event.ingested", "audit.details_text" -> Kind.DERIVED;
            case "event.outcome" -> Kind.OUTCOME;
            case "event.category" -> Kind.CATEGORY;
            case "event.type" -> Kind.TYPE;
            case "event.severity" -> Kind.SEVERITY;
            case "log.level" -> Kind.LEVEL;
            case "organization.id" -> Kind.TENANT;
            default -> null;
        };
        if (special != null) {
            return special;
        }
        return switch (field.type()) {
            case "object" -> Kind.OBJECT;
            case "flattened" -> Kind.FLATTENED;
            case "keyword" -> Kind.KEYWORD;
            case "text" -> Kind.TEXT;
            case "long" -> Kind.LONG;
            case "boolean" -> Kind.BOOLEAN;
            case "ip" -> Kind.IP;
            case "date" -> Kind.DATE;
            default -> Kind.DERIVED; // a type this pass does not know: the tree path decides
        };
    }
}
