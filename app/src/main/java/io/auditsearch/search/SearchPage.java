package io.auditsearch.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A page of {@link SearchResponses.Page} written straight from Elasticsearch's raw answer: each hit's
 * {@code _source} is copied into the body byte for byte (the parser only finds where it starts and
 * ends; no Map, no serde, no re-encoding), its highlight appended as {@code _highlight}; the answer's
 * total, pit_id and last sort key are picked up on the way.
 */
final class SearchPage {

    /** Only what a page needs; the hits' _index, _score and the answer's _shards are not even sent. */
    static final String FILTER_PATH = "timed_out,pit_id,hits.total,hits.hits._source,hits.hits.highlight,hits.hits.sort";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HIGHLIGHT_AFTER_FIELDS = ",\"_highlight\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIGHLIGHT_ALONE = "\"_highlight\":".getBytes(StandardCharsets.US_ASCII);

    /**
     * What one answer held.
     *
     * @param events the events as a JSON array, ready for the body
     * @param total  hits.total.value, or -1 when Elasticsearch did not count
     */
    record Answer(byte[] events, int count, long total, boolean exact, String pitId, long lastTime, String lastId) {
    }

    private SearchPage() {
    }

    static Answer read(byte[] answer) {
        ByteArrayOutputStream events = new ByteArrayOutputStream(answer.length);
        Reader reader = new Reader(answer, events);
        try (JsonParser p = JSON.createParser(answer)) {
            events.write('[');
            reader.top(p);
            events.write(']');
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable search answer", e);
        }
        if (reader.timedOut) {
            throw SearchFailures.timeout();
        }
        return new Answer(events.toByteArray(), reader.count, reader.total, reader.exact, reader.pitId, reader.lastTime, reader.lastId);
    }

    /** The body {@code {"total":{...},"events":[...],"next_cursor":...}}, as serde wrote {@link SearchResponses.Page}. */
    static byte[] write(long total, boolean exact, byte[] events, String nextCursor) {
        byte[] head = ("{\"total\":{\"value\":" + total + ",\"relation\":\"" + (exact ? "eq" : "gte") + "\"},\"events\":")
                .getBytes(StandardCharsets.US_ASCII);
        // a cursor is base64url and '.', nothing to escape
        byte[] tail = (",\"next_cursor\":" + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + events.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(events, 0, body, head.length, events.length);
        System.arraycopy(tail, 0, body, head.length + events.length, tail.length);
        return body;
    }

    /** One pass over {"timed_out":..,"pit_id":..,"hits":{"total":{..},"hits":[..]}} (filter_path drops empty parts). */
    private static final class Reader {
        private final byte[] answer;
        private final ByteArrayOutputStream out;
        boolean timedOut;
        String pitId;
        long total = -1;
        boolean exact = true;
        int count;
        long lastTime;
        String lastId;

        Reader(byte[] answer, ByteArrayOutputStream out) {
            this.answer = answer;
            this.out = out;
        }

        void top(JsonParser p) throws IOException {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "timed_out" -> timedOut = p.getValueAsBoolean();
                    case "pit_id" -> pitId = p.getText();
                    case "hits" -> hits(p);
                    default -> p.skipChildren();
                }
            }
        }

        private void hits(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("total")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if (field.equals("value")) {
                            total = p.getLongValue();
                        } else if (field.equals("relation")) {
                            exact = p.getText().equals("eq");
                        }
                    }
                } else if (name.equals("hits")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        if (count > 0) {
                            out.write(',');
                        }
                        hit(p);
                        count++;
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private void hit(JsonParser p) throws IOException {
            List<Map.Entry<String, List<String>>> highlight = List.of();
            int from = 0;
            int to = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "_source" -> {
                        // the stored document is already the JSON we answer with: note where its fields are
                        from = (int) p.currentTokenLocation().getByteOffset() + 1;
                        p.skipChildren();
                        to = (int) p.currentTokenLocation().getByteOffset();
                    }
                    case "highlight" -> highlight = highlight(p);
                    case "sort" -> {
                        p.nextToken();
                        lastTime = p.getLongValue();
                        p.nextToken();
                        lastId = p.getText();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren(); // a point-in-time adds its own tie-breaker (_shard_doc)
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            out.write('{');
            out.write(answer, from, to - from);
            if (!highlight.isEmpty()) {
                out.write(hasFields(from, to) ? HIGHLIGHT_AFTER_FIELDS : HIGHLIGHT_ALONE);
                try (JsonGenerator g = JSON.createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
                    g.writeStartObject();
                    for (Map.Entry<String, List<String>> field : highlight) {
                        g.writeArrayFieldStart(field.getKey());
                        for (String fragment : field.getValue()) {
                            g.writeString(fragment);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
            }
            out.write('}');
        }

        private boolean hasFields(int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (!Character.isWhitespace(answer[i])) {
                    return true;
                }
            }
            return false;
        }

        private static List<Map.Entry<String, List<String>>> highlight(JsonParser p) throws IOException {
            List<Map.Entry<String, List<String>>> fields = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = displayName(p.currentName());
                p.nextToken();
                List<String> fragments = new ArrayList<>();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    fragments.add(p.getText());
                }
                fields.add(Map.entry(field, fragments));
            }
            return fields;
        }
    }

    /** Highlight keys as the caller knows the fields: user.name, not user.name.text; audit.details for its text. */
    static String displayName(String field) {
        if (field.equals("audit.details_text")) {
            return "audit.details";
        }
        return field.endsWith(".text") ? field.substring(0, field.length() - 5) : field;
    }
}
