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
 * {@code _source} is copied into the body byte for byte (no Map, no serde, no re-encoding), its
 * highlight appended as {@code _highlight}; the answer's total, pit_id and last sort key are picked
 * up on the way. The documents are most of the answer, so they are not even tokenized: one scan
 * over the bytes ({@link HitSources}) notes where each {@code _source} object starts and ends and
 * empties it, and the parser reads only what is left.
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
     * @param hits  where each event is in the answer, copied only when the body is written
     * @param total hits.total.value, or -1 when Elasticsearch did not count
     */
    record Answer(Hits hits, int count, long total, boolean exact, String pitId, long lastTime, String lastId) {

        /** The events as a JSON array. */
        byte[] events() {
            byte[] array = new byte[hits.length()];
            hits.writeTo(array, 0);
            return array;
        }
    }

    private SearchPage() {
    }

    static Answer read(byte[] answer) {
        HitSources sources = HitSources.strip(answer);
        Reader reader = new Reader(answer, sources);
        try (JsonParser p = JSON.createParser(sources.rest(), 0, sources.restLength())) {
            reader.top(p);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable search answer", e);
        }
        if (reader.timedOut) {
            throw SearchFailures.timeout();
        }
        return new Answer(reader.hits, reader.hits.count(), reader.total, reader.exact, reader.pitId, reader.lastTime, reader.lastId);
    }

    /**
     * The body {@code {"total":{...},"events":[...],"next_cursor":...}}, as serde wrote {@link SearchResponses.Page}: one
     * array of its exact size, each document copied into it once.
     */
    static byte[] write(long total, boolean exact, Hits events, String nextCursor) {
        byte[] head = ("{\"total\":{\"value\":" + total + ",\"relation\":\"" + (exact ? "eq" : "gte") + "\"},\"events\":")
                .getBytes(StandardCharsets.US_ASCII);
        // a cursor is base64url and '.', nothing to escape
        byte[] tail = (",\"next_cursor\":" + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + events.length() + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        int at = events.writeTo(body, head.length);
        System.arraycopy(tail, 0, body, at, tail.length);
        return body;
    }

    /**
     * The events of an answer as the body's JSON array, not yet copied: for each hit, where its
     * {@code _source} content lies in the answer, and its {@code _highlight} member when it has one.
     */
    static final class Hits {
        private final byte[] answer;
        private int[] ranges = new int[64];
        private byte[][] highlights;
        private int count;
        private int length = 2; // []

        Hits(byte[] answer) {
            this.answer = answer;
        }

        void add(int from, int to, byte[] highlight) {
            if (2 * count == ranges.length) {
                ranges = java.util.Arrays.copyOf(ranges, ranges.length * 2);
            }
            ranges[2 * count] = from;
            ranges[2 * count + 1] = to;
            if (highlight != null) {
                if (highlights == null) {
                    highlights = new byte[ranges.length / 2][];
                } else if (highlights.length <= count) {
                    highlights = java.util.Arrays.copyOf(highlights, ranges.length / 2);
                }
                highlights[count] = highlight;
                length += highlight.length;
            }
            length += (count > 0 ? 1 : 0) + 2 + to - from;
            count++;
        }

        int count() {
            return count;
        }

        /** The array's length in bytes. */
        int length() {
            return length;
        }

        /** Writes {@code [{...},{...}]} into {@code body} at {@code at}; answers where it ended. */
        int writeTo(byte[] body, int at) {
            body[at++] = '[';
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    body[at++] = ',';
                }
                body[at++] = '{';
                int from = ranges[2 * i];
                int n = ranges[2 * i + 1] - from;
                System.arraycopy(answer, from, body, at, n);
                at += n;
                byte[] highlight = highlights == null || i >= highlights.length ? null : highlights[i];
                if (highlight != null) {
                    System.arraycopy(highlight, 0, body, at, highlight.length);
                    at += highlight.length;
                }
                body[at++] = '}';
            }
            body[at++] = ']';
            return at;
        }
    }

    /** One pass over {"timed_out":..,"pit_id":..,"hits":{"total":{..},"hits":[..]}} (filter_path drops empty parts). */
    private static final class Reader {
        private final byte[] answer;
        private final HitSources sources;
        private final Hits hits;
        private int source;
        boolean timedOut;
        String pitId;
        long total = -1;
        boolean exact = true;
        long lastTime;
        String lastId;

        Reader(byte[] answer, HitSources sources) {
            this.answer = answer;
            this.sources = sources;
            this.hits = new Hits(answer);
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
                        hit(p);
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
                        // the stored document is already the JSON we answer with: where its fields were, before the scan emptied it
                        int at = (int) p.currentTokenLocation().getByteOffset();
                        while (sources.emptiedAt(source) < at) {
                            source++;
                        }
                        if (sources.emptiedAt(source) != at) {
                            throw new IOException("a hit's _source was not where the scan found it");
                        }
                        from = sources.from(source);
                        to = sources.to(source);
                        p.skipChildren();
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
            if (highlight.isEmpty()) {
                hits.add(from, to, null);
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(hasFields(from, to) ? HIGHLIGHT_AFTER_FIELDS : HIGHLIGHT_ALONE);
            try (JsonGenerator g = JSON.createGenerator(out)) {
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
            hits.add(from, to, out.toByteArray());
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
