package io.auditsearch.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.StreamedFields.Kind;
import io.auditsearch.event.StreamedFields.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored document of an event that needs none of the tree path's repairs, made in one streaming
 * pass: fields are checked against the mapping as the parser reads them, and the input's own bytes
 * are copied to the output in runs, with what the service adds or normalises written where
 * {@link EventPreparer}'s tree path puts it. The result is the tree path's document, key for key in
 * the same order; only the input's spacing and string escapes are kept as given. Building, then
 * writing, a tree of every event was a third of the ingest path's CPU, taken from Elasticsearch on
 * the same machine; most string values are now neither decoded nor encoded.
 *
 * <p>Anything out of the ordinary (a dotted key, a null, an unknown field, a float, a duplicate key,
 * a given {@code event.kind}, any rule broken) answers empty, and the caller takes the tree path,
 * which repairs what it may and names every error. The free-form parts of {@code audit}, where
 * masking, the changed fields and the details text come from, are read as small trees and completed
 * by the tree path's own code.
 */
final class StreamedEvent {

    /** An instant and its text, so the ingest time of a batch is written out once, not once per event. */
    private record Stamp(Instant at, String text, byte[] bytes) {

        static Stamp of(Instant at) {
            String text = at.toString();
            return new Stamp(at, text, text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** One event's pass: its output and what has been seen so far. */
    private static final class Pass {
        final SplicedCopy out;
        final Optional<String> tenant;
        final Instant now;
        Instant timestamp;
        String id;
        String level;
        String action;
        String outcome;
        boolean severity;
        boolean complianceGiven;
        boolean auditEmpty;
        int eventEnd = -1;
        int auditEnd = -1;
        StringBuilder detailsText = new StringBuilder();
        StringBuilder changesText = new StringBuilder();

        Pass(byte[] in, int base, int length, Optional<String> tenant, Instant now) {
            this.out = new SplicedCopy(in, base, length + 512); // room for what is added, the details text included
            this.tenant = tenant;
            this.now = now;
        }
    }

    private static final int MAX_ACTION_LENGTH = 256;
    private static final byte[] KIND_AND_INGESTED = ",\"kind\":\"event\",\"ingested\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] QUOTE = {'"'};
    private static final byte[] ECS = (",\"ecs\":{\"version\":\"" + EventEnricher.ECS_VERSION + "\"}").getBytes(StandardCharsets.US_ASCII);

    private final EventRules rules;
    private final Duration retention;
    private final EventValidator validator;
    private final EventEnricher enricher;
    private final JsonMapper mapper;
    private final Node root;
    private volatile Stamp lastNow = Stamp.of(Instant.EPOCH);

    StreamedEvent(EventSchema schema, EventRules rules, Duration retention, EventValidator validator, EventEnricher enricher,
                  JsonMapper mapper) {
        this.rules = rules;
        this.retention = retention;
        this.validator = validator;
        this.enricher = enricher;
        this.mapper = mapper;
        this.root = StreamedFields.compile(schema.root());
    }

    /** The event as stored, or empty when it takes the tree path. */
    Optional<PreparedEvent> write(byte[] json, int offset, int length, Optional<String> tenant, Instant now, EventIndexNaming naming) {
        Pass pass = new Pass(json, offset, length, tenant, now);
        try (JsonParser p = mapper.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            pass.out.skipTo(pass.out.tokenStart(p));
            if (!object(p, root, 1, pass)) {
                return Optional.empty();
            }
            pass.out.copyTo(pass.out.tokenStart(p) + 1);
            if (p.nextToken() != null) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the tree path reads it again and says what is wrong
        }
        if (pass.action == null || pass.eventEnd < 0) {
            return Optional.empty();
        }
        List<String> controls = enricher.controls(pass.action, pass.outcome);
        if (!controls.isEmpty() && pass.complianceGiven) {
            return Optional.empty(); // merging with the client's controls is the tree path's
        }
        // insertions from the last position back, so the earlier positions still hold
        int complianceAt = pass.auditEnd >= 0 ? pass.auditEnd : pass.out.size() - 1;
        if (!controls.isEmpty() && complianceAt > pass.eventEnd) {
            compliance(pass, controls, complianceAt);
        }
        if (pass.level != null && !pass.severity) { // it belongs at the end of the event object, which may have come before log
            pass.out.insert(pass.eventEnd, ",\"severity\":" + EcsVocabulary.severityOf(pass.level));
        }
        if (!controls.isEmpty() && complianceAt < pass.eventEnd) {
            compliance(pass, controls, complianceAt);
        }
        return Optional.of(new PreparedEvent(pass.id, naming.indexFor(pass.timestamp), pass.timestamp, pass.out.toArray()));
    }

    /** {@code audit.compliance} at the end of the audit object, or a new audit object at the end of the event, as the tree path puts it. */
    private static void compliance(Pass pass, List<String> controls, int at) {
        StringBuilder array = new StringBuilder("\"compliance\":[");
        for (int i = 0; i < controls.size(); i++) {
            array.append(i == 0 ? "" : ",").append(quoted(controls.get(i)));
        }
        array.append(']');
        if (pass.auditEnd < 0) {
            pass.out.insert(at, ",\"audit\":{" + array + '}');
        } else {
            pass.out.insert(at, (pass.auditEmpty ? "" : ",") + array);
        }
    }

    /** Checks one mapped object and adds what the service owns at its end; false as soon as the event needs the tree path. */
    private boolean object(JsonParser p, Node node, int depth, Pass pass) throws IOException {
        if (depth > rules.getMaxDepth()) {
            return false;
        }
        long seen = 0;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            Node child = node.child(p.currentName());
            if (child == null || (seen & (1L << child.bit())) != 0) {
                return false; // unknown, dotted (the tree path expands those) or given twice
            }
            seen |= 1L << child.bit();
            token = p.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return false; // the tree path drops nulls
            }
            if (!member(p, child, token, depth, pass)) {
                return false;
            }
        }
        if (token != JsonToken.END_OBJECT) {
            return false;
        }
        pass.out.copyTo(pass.out.tokenStart(p));
        int mark = pass.out.size();
        add(node, seen, pass);
        if (seen == 0 && pass.out.size() > mark) {
            pass.out.removeAt(mark); // the object was empty: no comma before the first member added
        }
        if (node.field().path().equals("event")) {
            pass.eventEnd = pass.out.size(); // where its closing brace lands
        } else if (node.field().path().equals("audit")) {
            pass.auditEnd = pass.out.size();
            pass.auditEmpty = seen == 0 && pass.out.size() == mark;
            pass.complianceGiven = has(node, "compliance", seen);
        }
        return true;
    }

    /** Appends what the service adds at the end of an object, in the tree path's order, each with its leading comma. */
    private void add(Node node, long seen, Pass pass) {
        switch (node.field().path()) {
            case "event" -> {
                if (pass.id == null) {
                    pass.id = enricher.newId();
                    pass.out.append(",\"id\":\"" + pass.id + '"');
                }
                pass.out.append(KIND_AND_INGESTED, 0, KIND_AND_INGESTED.length);
                byte[] now = stamp(pass.now).bytes();
                pass.out.append(now, 0, now.length);
                pass.out.append(QUOTE, 0, 1);
            }
            case "organization" -> {
                if (pass.tenant.isPresent() && !has(node, "id", seen)) {
                    pass.out.append(",\"id\":" + quoted(pass.tenant.get()));
                }
            }
            case "" -> {
                if (pass.tenant.isPresent() && !has(node, "organization", seen)) {
                    pass.out.append(",\"organization\":{\"id\":" + quoted(pass.tenant.get()) + '}');
                }
                if (pass.timestamp == null) {
                    pass.timestamp = pass.now;
                    pass.out.append(",\"@timestamp\":\"" + stamp(pass.now).text() + '"');
                }
                if (!has(node, "ecs", seen)) {
                    pass.out.append(ECS, 0, ECS.length);
                }
            }
            case "audit" -> {
                String text = EventEnricher.joinText(pass.detailsText, pass.changesText);
                if (!text.isEmpty()) {
                    pass.out.append(",\"" + EventEnricher.DETAILS_TEXT + "\":" + quoted(text));
                }
            }
            default -> {
            }
        }
    }

    private boolean member(JsonParser p, Node node, JsonToken token, int depth, Pass pass) throws IOException {
        switch (node.kind()) {
            case OBJECT -> {
                return token == JsonToken.START_OBJECT && object(p, node, depth + 1, pass);
            }
            case FLATTENED -> {
                return token == JsonToken.START_OBJECT && withinLimits(mapper.readTree(p), depth + 1);
            }
            case DETAILS -> {
                return token == JsonToken.START_OBJECT && details(p, depth + 1, pass);
            }
            case CHANGES -> {
                return token == JsonToken.START_OBJECT && changes(p, node, depth + 1, pass);
            }
            case TIMESTAMP, CREATED -> {
                String given = token == JsonToken.VALUE_STRING ? p.getText() : "";
                Optional<Instant> time = EventTime.parse(given);
                if (time.isEmpty() || (node.kind() == Kind.TIMESTAMP && (time.get().isAfter(pass.now.plus(rules.getMaxFutureSkew()))
                        || time.get().isBefore(pass.now.minus(retention))))) {
                    return false;
                }
                if (node.kind() == Kind.TIMESTAMP) {
                    pass.timestamp = time.get();
                }
                if (!EventTime.isCanonical(given)) { // stored in UTC as Instant writes it, as the tree path stores it
                    pass.out.replace(pass.out.tokenStart(p), pass.out.position(p), quoted(time.get().toString()).getBytes(StandardCharsets.US_ASCII));
                }
                return true;
            }
            case LEVEL -> {
                if (token != JsonToken.VALUE_STRING) {
                    return false;
                }
                String given = p.getText();
                pass.level = EventValidator.normalizeLevel(given);
                if (!EcsVocabulary.LEVELS.contains(pass.level)) {
                    return false;
                }
                if (!pass.level.equals(given)) {
                    pass.out.replace(pass.out.tokenStart(p), pass.out.position(p), quoted(pass.level).getBytes(StandardCharsets.US_ASCII));
                }
                return true;
            }
            case ACTION -> {
                String action = token == JsonToken.VALUE_STRING ? p.getText() : "";
                pass.action = !action.isBlank() && action.length() <= MAX_ACTION_LENGTH ? action : null;
                return pass.action != null;
            }
            case OUTCOME -> {
                pass.outcome = token == JsonToken.VALUE_STRING ? p.getText() : null; // a list is no single outcome, as in the tree path
                return values(p, Kind.OUTCOME, token);
            }
            case ID -> {
                pass.id = token == JsonToken.VALUE_STRING ? p.getText() : null;
                return pass.id != null && EventValidator.isEventId(pass.id);
            }
            case TENANT -> {
                if (pass.tenant.isPresent()) {
                    return token == JsonToken.VALUE_STRING && p.getText().equals(pass.tenant.get());
                }
                return values(p, Kind.KEYWORD, token);
            }
            case SEVERITY -> {
                pass.severity = true;
                return values(p, Kind.LONG, token);
            }
            case DERIVED -> {
                return false; // event.kind and event.ingested are the service's: the tree path replaces them
            }
            default -> {
                return values(p, node.kind(), token);
            }
        }
    }

    /** A leaf: one value, or an array of values, each of the field's type. */
    private static boolean values(JsonParser p, Kind kind, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            return value(p, kind, token);
        }
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (!value(p, kind, token)) {
                return false;
            }
        }
        return true;
    }

    private static boolean value(JsonParser p, Kind kind, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> switch (kind) {
                case KEYWORD, TEXT -> true; // the parser still checks the bytes are UTF-8 as it skips them
                case IP -> EventValidator.isIp(p.getText());
                case DATE -> EventTime.parse(p.getText()).isPresent();
                case OUTCOME -> EcsVocabulary.OUTCOMES.contains(p.getText());
                case CATEGORY -> EcsVocabulary.CATEGORIES.contains(p.getText());
                case TYPE -> EcsVocabulary.TYPES.contains(p.getText());
                case RESULT -> EcsVocabulary.RESULTS.contains(p.getText());
                default -> false;
            };
            // the tree path writes back what it read: an int or long as given, anything larger or "-0" differently
            case VALUE_NUMBER_INT -> (kind == Kind.KEYWORD || kind == Kind.LONG) && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && !(p.getLongValue() == 0 && p.getTextLength() > 1);
            case VALUE_TRUE, VALUE_FALSE -> kind == Kind.KEYWORD || kind == Kind.BOOLEAN;
            default -> false; // null, float, object or nested array: left to the tree path
        };
    }

    /** {@code audit.details} as a small tree: masked and its text collected; rewritten only when something was masked. */
    private boolean details(JsonParser p, int depth, Pass pass) throws IOException {
        int from = pass.out.tokenStart(p);
        JsonNode details = mapper.readTree(p); // also refuses duplicate keys
        if (!withinLimits(details, depth)) {
            return false;
        }
        if (enricher.maskAndCollect(details, pass.detailsText) > 0) {
            pass.out.replace(from, pass.out.tokenStart(p) + 1, mapper.writeValueAsBytes(details));
        }
        return true;
    }

    /** {@code audit.changes} as a small tree: checked, completed with the changed fields, masked, its text collected. */
    private boolean changes(JsonParser p, Node node, int depth, Pass pass) throws IOException {
        int from = pass.out.tokenStart(p);
        ObjectNode changes = (ObjectNode) mapper.readTree(p);
        if (!validator.validatePart(node.field(), changes, depth).isEmpty()) {
            return false;
        }
        enricher.completeChanges(changes, pass.changesText);
        pass.out.replace(from, pass.out.tokenStart(p) + 1, mapper.writeValueAsBytes(changes));
        return true;
    }

    /** A free-form object within the depth and key limits. */
    private boolean withinLimits(JsonNode value, int depth) {
        int[] keys = {0};
        return EventValidator.measure(value, depth, keys) <= rules.getMaxDepth() && keys[0] <= rules.getMaxDetailKeys();
    }

    /** {@code at} as Instant writes it; the events of one batch share their ingest time. */
    private Stamp stamp(Instant at) {
        Stamp last = lastNow;
        if (!last.at().equals(at)) {
            last = Stamp.of(at);
            lastNow = last;
        }
        return last;
    }

    private static boolean has(Node node, String child, long seen) {
        return (seen & (1L << node.children().get(child).bit())) != 0;
    }

    private static String quoted(String value) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
