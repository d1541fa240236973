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
 * over the bytes ({@link Sources}) notes where each {@code _source} object starts and ends and
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
     * @param events the events as a JSON array, ready for the body
     * @param total  hits.total.value, or -1 when Elasticsearch did not count
     */
    record Answer(byte[] events, int count, long total, boolean exact, String pitId, long lastTime, String lastId) {
    }

    private SearchPage() {
    }

    static Answer read(byte[] answer) {
        ByteArrayOutputStream events = new ByteArrayOutputStream(answer.length);
        Sources sources = Sources.strip(answer);
        Reader reader = new Reader(answer, sources, events);
        try (JsonParser p = JSON.createParser(sources.rest(), 0, sources.restLength())) {
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
        private final Sources sources;
        private final ByteArrayOutputStream out;
        private int source;
        boolean timedOut;
        String pitId;
        long total = -1;
        boolean exact = true;
        int count;
        long lastTime;
        String lastId;

        Reader(byte[] answer, Sources sources, ByteArrayOutputStream out) {
            this.answer = answer;
            this.sources = sources;
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

    /**
     * The answer with each hit's {@code _source} object emptied to {@code {}}, and where each one's
     * content was. A scan over the bytes that follows only nesting and strings (escapes included); a
     * {@code _source} key counts only as a member of an element of {@code hits.hits}, four levels down,
     * so a document's own field of that name is never taken for it.
     *
     * @param rest        the answer without the documents' content, {@code restLength} bytes
     * @param emptied     for each emptied {@code _source}, where its {@code {}} starts in {@code rest}
     * @param ranges      for each, the start (after its brace) and end (its closing brace) in the answer
     */
    record Sources(byte[] rest, int restLength, int[] emptied, int[] ranges, int count) {

        private static final byte[] KEY = "_source".getBytes(StandardCharsets.US_ASCII);
        private static final int HIT_DEPTH = 4; // {"hits":{"hits":[{ <- here

        int emptiedAt(int i) {
            return i < count ? emptied[i] : Integer.MAX_VALUE;
        }

        int from(int i) {
            return ranges[2 * i];
        }

        int to(int i) {
            return ranges[2 * i + 1];
        }

        static Sources strip(byte[] a) {
            byte[] rest = new byte[a.length];
            int length = 0;
            int copied = 0;
            int[] emptied = new int[16];
            int[] ranges = new int[32];
            int count = 0;
            int depth = 0;
            for (int i = 0; i < a.length; i++) {
                byte c = a[i];
                if (c == '"') {
                    int end = endOfString(a, i);
                    int open = depth == HIT_DEPTH && isKey(a, i + 1, end) ? valueStart(a, end + 1) : -1;
                    if (open >= 0 && a[open] == '{') {
                        int close = endOfObject(a, open);
                        System.arraycopy(a, copied, rest, length, open + 1 - copied);
                        length += open + 1 - copied;
                        if (count == emptied.length) {
                            emptied = java.util.Arrays.copyOf(emptied, count * 2);
                            ranges = java.util.Arrays.copyOf(ranges, count * 4);
                        }
                        emptied[count] = length - 1;
                        ranges[2 * count] = open + 1;
                        ranges[2 * count + 1] = close;
                        count++;
                        copied = close; // the closing brace is copied with what follows: {}
                        i = close;
                    } else {
                        i = end;
                    }
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
            }
            System.arraycopy(a, copied, rest, length, a.length - copied);
            length += a.length - copied;
            return new Sources(rest, length, emptied, ranges, count);
        }

        private static boolean isKey(byte[] a, int from, int to) {
            return to - from == KEY.length && java.util.Arrays.equals(a, from, to, KEY, 0, KEY.length);
        }

        /** Where the value after a key's closing quote starts (past the colon), or -1 when no colon follows. */
        private static int valueStart(byte[] a, int i) {
            i = skipSpace(a, i);
            return i < a.length && a[i] == ':' ? skipSpace(a, i + 1) : -1;
        }

        private static int skipSpace(byte[] a, int i) {
            while (i < a.length && (a[i] == ' ' || a[i] == '\n' || a[i] == '\r' || a[i] == '\t')) {
                i++;
            }
            return Math.min(i, a.length - 1);
        }

        /** The closing quote of the string whose opening quote is at {@code i}. */
        private static int endOfString(byte[] a, int i) {
            for (int k = i + 1; k < a.length; k++) {
                if (a[k] == '\\') {
                    k++;
                } else if (a[k] == '"') {
                    return k;
                }
            }
            return a.length - 1;
        }

        /** The closing brace of the object whose opening brace is at {@code i}. */
        private static int endOfObject(byte[] a, int i) {
            int depth = 0;
            for (int k = i; k < a.length; k++) {
                byte c = a[k];
                if (c == '"') {
                    k = endOfString(a, k);
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return k;
                }
            }
            return a.length - 1;
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
