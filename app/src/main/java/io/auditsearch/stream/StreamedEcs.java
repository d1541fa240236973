package io.auditsearch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A read-only view of a streamed event's stored ECS document, for the payload formats and the syslog header.
 * Fields are found by their dotted ECS name, whether the document nests them or keeps a dotted key.
 */
final class StreamedEcs {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode source;

    private StreamedEcs(ObjectNode source) {
        this.source = source;
    }

    static StreamedEcs of(StreamedEvent event) {
        try {
            JsonNode node = MAPPER.readTree(event.source());
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("event " + event.id() + " is not a JSON object");
            }
            return new StreamedEcs(object);
        } catch (IOException e) {
            throw new UncheckedIOException("event " + event.id() + " is not JSON", e);
        }
    }

    /** A deep copy of the whole document. */
    ObjectNode copy() {
        return source.deepCopy();
    }

    JsonNode node(String dotted) {
        return find(source, dotted);
    }

    /** The field as text when it is a scalar, or its values joined with "," when it is an array of scalars. */
    Optional<String> text(String dotted) {
        JsonNode node = node(dotted);
        if (node.isValueNode() && !node.isNull()) {
            return Optional.of(node.asText()).filter(s -> !s.isEmpty());
        }
        if (node.isArray()) {
            List<String> values = texts(dotted);
            return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
        }
        return Optional.empty();
    }

    /** The field's values: one for a scalar, each scalar of an array. */
    List<String> texts(String dotted) {
        JsonNode node = node(dotted);
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(v -> {
                if (v.isValueNode() && !v.isNull()) {
                    values.add(v.asText());
                }
            });
        } else if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        }
        return values;
    }

    Optional<String> lowerText(String dotted) {
        return text(dotted).map(s -> s.toLowerCase(Locale.ROOT));
    }

    /** {@code @timestamp} (or another date field) as an instant, when present and well-formed. */
    Optional<Instant> instant(String dotted) {
        return text(dotted).flatMap(s -> {
            try {
                return Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e) {
                try {
                    return Optional.of(java.time.OffsetDateTime.parse(s).toInstant());
                } catch (DateTimeParseException again) {
                    return Optional.empty();
                }
            }
        });
    }

    /** Removes a dotted field from {@code document} (nested or dotted key), and parents it leaves empty. */
    static void remove(ObjectNode document, String dotted) {
        if (document.remove(dotted) != null) {
            return;
        }
        int dot = dotted.indexOf('.');
        while (dot > 0) {
            JsonNode child = document.get(dotted.substring(0, dot));
            if (child instanceof ObjectNode object) {
                remove(object, dotted.substring(dot + 1));
                if (object.isEmpty()) {
                    document.remove(dotted.substring(0, dot));
                }
            }
            dot = dotted.indexOf('.', dot + 1);
        }
    }

    private static JsonNode find(JsonNode node, String dotted) {
        JsonNode direct = node.get(dotted);
        if (direct != null) {
            return direct;
        }
        int dot = dotted.indexOf('.');
        while (dot > 0) {
            JsonNode child = node.get(dotted.substring(0, dot));
            if (child != null && child.isObject()) {
                JsonNode found = find(child, dotted.substring(dot + 1));
                if (!found.isMissingNode()) {
                    return found;
                }
            }
            dot = dotted.indexOf('.', dot + 1);
        }
        return MissingNode.getInstance();
    }
}
