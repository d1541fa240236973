package io.auditsearch.event;

import io.auditsearch.problem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.NetUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one event against the strict mapping ({@link EventSchema}) and the API's rules, collecting
 * every error rather than stopping at the first: dotted keys are expanded first, JSON nulls removed,
 * {@code log.level} normalised; nothing else is changed.
 */
final class EventValidator {

    private static final int MAX_ACTION_LENGTH = 256;
    private static final String DETAILS_TEXT_PATH = "audit." + EventEnricher.DETAILS_TEXT;

    private final EventSchema schema;
    private final EventRules rules;
    private final Duration retention;

    EventValidator(EventSchema schema, EventRules rules, Duration retention) {
        this.schema = schema;
        this.rules = rules;
        this.retention = retention;
    }

    /** Validates in place; returns the event time (now when absent) or throws with every error. */
    Instant validate(ObjectNode event, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        expandDottedKeys(schema.root(), event, "", errors);
        if (errors.isEmpty()) {
            checkShape(schema.root(), event, 1, errors);
        }
        Instant timestamp = checkRules(event, now, errors);
        if (!errors.isEmpty()) {
            throw new EventRejectedException(errors);
        }
        return timestamp;
    }

    /**
     * The checks {@link #validate} makes on one mapped object of the event ({@code audit.changes}), for a
     * caller that checked the rest itself ({@link StreamedEvent}); nulls are dropped as there. Dotted
     * keys are not expanded here: they show as unknown fields. Empty when it passes.
     */
    List<FieldError> validatePart(EventSchema.Field field, ObjectNode node, int depth) {
        List<FieldError> errors = new ArrayList<>();
        checkShape(field, node, depth, errors);
        return errors;
    }

    // ---- structure ---------------------------------------------------------------------------

    /** Moves {@code "user.name": "x"} to {@code "user": {"name": "x"}} wherever the schema has objects. */
    private void expandDottedKeys(EventSchema.Field field, ObjectNode node, String path, List<FieldError> errors) {
        List<String> dotted = null;
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            if (key.indexOf('.') > 0 && !key.endsWith(".")) {
                if (dotted == null) {
                    dotted = new ArrayList<>();
                }
                dotted.add(key);
            }
        }
        for (String key : dotted == null ? List.<String>of() : dotted) {
            JsonNode value = node.remove(key);
            String[] parts = key.split("\\.");
            ObjectNode target = node;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode next = target.get(parts[i]);
                if (next == null) {
                    next = target.putObject(parts[i]);
                } else if (!next.isObject()) {
                    errors.add(FieldError.of(join(path, key), "conflict", "given both as a dotted key and as a non-object value"));
                    return;
                }
                target = (ObjectNode) next;
            }
            String leaf = parts[parts.length - 1];
            if (target.has(leaf)) {
                errors.add(FieldError.of(join(path, key), "conflict", "given twice (dotted and nested)"));
                return;
            }
            target.set(leaf, value);
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            EventSchema.Field child = field.children().get(e.getKey());
            if (child != null && child.isObject() && e.getValue() instanceof ObjectNode inner) {
                expandDottedKeys(child, inner, join(path, e.getKey()), errors);
            }
        }
    }

    /** Checks every field exists in the mapping and holds a value of its type. */
    private void checkShape(EventSchema.Field field, ObjectNode node, int depth, List<FieldError> errors) {
        if (depth > rules.getMaxDepth()) {
            errors.add(FieldError.of(field.path(), "max_depth", "nested deeper than " + rules.getMaxDepth() + " levels"));
            return;
        }
        List<String> nulls = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            EventSchema.Field child = field.children().get(e.getKey());
            JsonNode value = e.getValue();
            if (value.isNull()) {
                if (nulls == null) {
                    nulls = new ArrayList<>();
                }
                nulls.add(e.getKey());
            } else if (child == null || child.path().equals(DETAILS_TEXT_PATH)) {
                errors.add(FieldError.of(join(field.path(), e.getKey()), "unknown_field", "is not a field of the audit event schema (ECS; custom data belongs in audit.details or labels)"));
            } else if (child.isObject()) {
                if (value instanceof ObjectNode inner) {
                    checkShape(child, inner, depth + 1, errors);
                } else {
                    errors.add(FieldError.of(child.path(), "type", "must be an object"));
                }
            } else if (!child.path().equals("@timestamp")) { // checked, and parsed once, with the rules
                checkLeaf(child, value, depth + 1, errors);
            }
        }
        if (nulls != null) {
            nulls.forEach(node::remove);
        }
    }

    private void checkLeaf(EventSchema.Field field, JsonNode value, int depth, List<FieldError> errors) {
        String path = field.path();
        if (field.type().equals("flattened")) {
            if (!value.isObject()) {
                errors.add(FieldError.of(path, "type", "must be an object"));
                return;
            }
            int[] keys = {0};
            int deepest = measure(value, depth, keys);
            if (deepest > rules.getMaxDepth()) {
                errors.add(FieldError.of(path, "max_depth", "nested deeper than " + rules.getMaxDepth() + " levels"));
            }
            if (keys[0] > rules.getMaxDetailKeys()) {
                errors.add(FieldError.of(path, "max_keys", "has " + keys[0] + " keys, more than the limit of " + rules.getMaxDetailKeys()));
            }
            return;
        }
        if (value instanceof ArrayNode array) {
            for (JsonNode element : array) {
                if (element.isContainerNode()) {
                    errors.add(FieldError.of(path, "type", "must be a " + describe(field.type()) + " or an array of them"));
                    return;
                }
                checkScalar(field, element, errors);
            }
            return;
        }
        checkScalar(field, value, errors);
    }

    private static void checkScalar(EventSchema.Field field, JsonNode value, List<FieldError> errors) {
        String path = field.path();
        boolean ok = switch (field.type()) {
            case "keyword" -> value.isTextual() || value.isNumber() || value.isBoolean();
            case "text" -> value.isTextual();
            case "long" -> value.isIntegralNumber() && value.canConvertToLong();
            case "boolean" -> value.isBoolean();
            case "ip" -> value.isTextual() && isIp(value.asText());
            case "date" -> value.isTextual() && EventTime.parse(value.asText()).isPresent();
            default -> value.isValueNode();
        };
        if (!ok) {
            errors.add(FieldError.of(path, "type", "must be " + describe(field.type()) + ", got " + preview(value)));
        }
    }

    /** How deep a free-form value reaches from {@code depth}; counts its object keys into {@code keys[0]}. */
    static int measure(JsonNode node, int depth, int[] keys) {
        int deepest = depth;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                keys[0]++;
                deepest = Math.max(deepest, measure(e.getValue(), depth + 1, keys));
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                deepest = Math.max(deepest, measure(element, depth + 1, keys));
            }
        }
        return deepest;
    }

    // ---- rules -------------------------------------------------------------------------------

    private Instant checkRules(ObjectNode event, Instant now, List<FieldError> errors) {
        JsonNode action = event.path("event").path("action");
        if (action.isMissingNode()) {
            errors.add(FieldError.of("event.action", "required", "is required (what was done, e.g. user.login)"));
        } else if (!action.isTextual() || action.asText().isBlank() || action.asText().length() > MAX_ACTION_LENGTH) {
            errors.add(FieldError.of("event.action", "length", "must be a non-blank string of 1 to " + MAX_ACTION_LENGTH + " characters"));
        }
        JsonNode id = event.path("event").path("id");
        if (!id.isMissingNode() && !(id.isTextual() && isEventId(id.asText()))) {
            errors.add(FieldError.of("event.id", "format", "must be 1 to 128 characters of letters, digits and . _ : @ + = - (starting with a letter or digit)"));
        }
        checkAllowed(event.path("event").path("outcome"), "event.outcome", EcsVocabulary.OUTCOMES, errors);
        checkAllowed(event.path("event").path("category"), "event.category", EcsVocabulary.CATEGORIES, errors);
        checkAllowed(event.path("event").path("type"), "event.type", EcsVocabulary.TYPES, errors);
        checkAllowed(event.path("audit").path("result"), "audit.result", EcsVocabulary.RESULTS, errors);
        checkLevel(event, errors);

        JsonNode ts = event.get("@timestamp");
        if (ts == null) {
            return now;
        }
        Optional<Instant> parsed = ts.isTextual() ? EventTime.parse(ts.asText()) : Optional.empty();
        if (parsed.isEmpty()) {
            errors.add(FieldError.of("@timestamp", "type", "must be " + describe("date") + ", got " + preview(ts)));
            return now;
        }
        Instant timestamp = parsed.get();
        if (timestamp.isAfter(now.plus(rules.getMaxFutureSkew()))) {
            errors.add(FieldError.of("@timestamp", "future", "lies more than " + rules.getMaxFutureSkew().toMinutes() + " minutes in the future"));
        } else if (timestamp.isBefore(now.minus(retention))) {
            errors.add(FieldError.of("@timestamp", "retention", "is older than the retention period of " + retention.toDays() + " days"));
        }
        return timestamp;
    }

    private static void checkAllowed(JsonNode value, String field, java.util.Set<String> allowed, List<FieldError> errors) {
        if (value.isMissingNode()) {
            return;
        }
        List<JsonNode> values = value.isArray() ? value.valueStream().toList() : List.of(value);
        for (JsonNode v : values) {
            if (!v.isTextual() || !allowed.contains(v.asText())) {
                errors.add(FieldError.of(field, "allowed_values", "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got " + preview(v)));
                return;
            }
        }
    }

    private static void checkLevel(ObjectNode event, List<FieldError> errors) {
        JsonNode level = event.path("log").path("level");
        if (level.isMissingNode()) {
            return;
        }
        String normalized = level.isTextual() ? normalizeLevel(level.asText()) : "";
        if (!EcsVocabulary.LEVELS.contains(normalized)) {
            errors.add(FieldError.of("log.level", "allowed_values", "must be one of " + String.join(", ", EcsVocabulary.LEVELS) + ", got " + preview(level)));
            return;
        }
        if (event.get("log") instanceof ObjectNode log) {
            log.put("level", normalized);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** {@code WARN} and {@code warn} are {@code warning}: lower case, aliases resolved (not checked against the levels). */
    static String normalizeLevel(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        return EcsVocabulary.LEVEL_ALIASES.getOrDefault(lower, lower);
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._:@+=-]{0,127}}: safe in a URL path and in a bulk action line as is. */
    static boolean isEventId(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || "._:@+=-".indexOf(c) < 0)) {
                return false;
            }
        }
        return true;
    }

    static boolean isIp(String value) {
        return NetUtil.isValidIpV4Address(value) || NetUtil.isValidIpV6Address(value);
    }

    private static String describe(String type) {
        return switch (type) {
            case "keyword" -> "a string";
            case "text" -> "a string";
            case "long" -> "an integer";
            case "ip" -> "an IPv4 or IPv6 address";
            case "date" -> "an RFC 3339 date-time with offset (2026-01-31T12:00:00Z)";
            case "boolean" -> "true or false";
            default -> "a " + type + " value";
        };
    }

    private static String preview(JsonNode value) {
        String s = value.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** The dotted path of {@code key} below {@code path}; an empty key is named {@code ""} so the error still says where. */
    private static String join(String path, String key) {
        String named = key.isEmpty() ? "\"\"" : key;
        return path.isEmpty() ? named : path + "." + named;
    }
}
