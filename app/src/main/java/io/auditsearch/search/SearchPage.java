package io.auditsearch.search;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * How a page reads Elasticsearch's answer to its search,
 * {@code {"pit_id":..,"timed_out":..,"hits":{"total":{..},"hits":[{"_source":{..},"highlight":{..},"sort":[..]},..]}}}
 * ({@code filter_path} drops the rest): the few fields before the hits with a parser, then each hit's members
 * by {@link JsonScan}, so the stored documents are copied byte for byte and never tokenized.
 */
final class SearchPage {

    /** Only what a page needs; the hits' _index, _score and the answer's _shards are not even sent. */
    static final String FILTER_PATH = "timed_out,pit_id,hits.total,hits.hits._source,hits.hits.highlight,hits.hits.sort";
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] SOURCE = "_source".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIGHLIGHT = "highlight".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SORT = "sort".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIGHLIGHT_AFTER_FIELDS = ",\"_highlight\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIGHLIGHT_ALONE = "\"_highlight\":".getBytes(StandardCharsets.US_ASCII);

    private SearchPage() {
    }

    /**
     * What the answer says before its hits (Elasticsearch writes pit_id and timed_out before hits, and the total
     * before the hits' array).
     *
     * @param hitsAt where the first hit may start (just past the array's {@code [}), or -1 when the answer has no hits array
     * @param total  hits.total.value, or -1 when Elasticsearch did not count
     */
    record Start(int hitsAt, boolean timedOut, String pitId, long total, boolean exact) {
    }

    /**
     * The start of an answer whose first {@code length} bytes arrived, or null while the hits' array has not begun.
     * With {@code whole}, the answer is all there: a malformed one fails instead of waiting for more.
     */
    static Start start(byte[] a, int length, boolean whole) {
        boolean timedOut = false;
        String pitId = null;
        long total = -1;
        boolean exact = true;
        try (JsonParser p = JSON.createParser(a, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "timed_out" -> timedOut = p.getValueAsBoolean();
                    case "pit_id" -> pitId = p.getText();
                    case "hits" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            if (p.nextToken() == JsonToken.START_ARRAY && field.equals("hits")) {
                                // every token before this one was followed by another, so none of them was cut short
                                return new Start((int) p.currentTokenLocation().getByteOffset() + 1, timedOut, pitId, total, exact);
                            }
                            if (field.equals("total")) {
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String member = p.currentName();
                                    p.nextToken();
                                    if (member.equals("value")) {
                                        total = p.getLongValue();
                                    } else if (member.equals("relation")) {
                                        exact = p.getText().equals("eq");
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("the answer ends early");
            }
            return new Start(-1, timedOut, pitId, total, exact);
        } catch (IOException e) {
            if (whole) {
                throw new UncheckedIOException("unreadable search answer", e);
            }
            return null; // cut short: the rest is still on its way
        }
    }

    /**
     * The members of one hit: where its {@code _source} content, highlight and sort key are. Each range is
     * [start, end) in the answer; a missing member is (0, 0). Each byte of the hit is looked at once.
     */
    static final class Hit {
        int sourceFrom;
        int sourceTo;
        int highlightFrom;
        int highlightTo;
        int sortFrom;
        int sortTo;

        /**
         * Reads the hit whose opening brace is at {@code from}; answers where it ends (past its closing brace), or -1
         * when it does not end before {@code limit} (the rest is on its way).
         */
        int read(byte[] a, int from, int limit) {
            sourceFrom = sourceTo = highlightFrom = highlightTo = sortFrom = sortTo = 0;
            int i = from + 1;
            while (true) {
                i = skipSpace(a, i, limit);
                if (i >= limit) {
                    return -1;
                }
                byte c = a[i];
                if (c == '}') {
                    return i + 1;
                }
                if (c == ',') {
                    i++;
                    continue;
                }
                if (c != '"') {
                    throw malformed();
                }
                int keyEnd = JsonScan.endOfString(a, i, limit);
                int value = keyEnd < 0 ? limit : skipSpace(a, keyEnd + 1, limit);
                if (value < limit && a[value] != ':') {
                    throw malformed();
                }
                value = skipSpace(a, value + 1, limit);
                int end = value < limit ? endOfValue(a, value, limit) : -1;
                if (end < 0) {
                    return -1;
                }
                if (is(a, i + 1, keyEnd, SOURCE) && a[value] == '{') {
                    sourceFrom = value + 1;
                    sourceTo = end - 1;
                } else if (is(a, i + 1, keyEnd, HIGHLIGHT)) {
                    highlightFrom = value;
                    highlightTo = end;
                } else if (is(a, i + 1, keyEnd, SORT)) {
                    sortFrom = value;
                    sortTo = end;
                }
                i = end;
            }
        }

        private static UncheckedIOException malformed() {
            return new UncheckedIOException(new IOException("a hit of the search answer is not an object of members"));
        }

        /** Whether the document has any field (an empty one gets its highlight without a comma before it). */
        boolean hasFields(byte[] a) {
            for (int i = sourceTo - 1; i >= sourceFrom; i--) {
                if (!Character.isWhitespace(a[i])) {
                    return true;
                }
            }
            return false;
        }

        /** Where the value starting at {@code i} ends (exclusive), or -1 when it does not end before {@code limit}. */
        private static int endOfValue(byte[] a, int i, int limit) {
            byte c = a[i];
            int end;
            if (c == '{' || c == '[') {
                end = JsonScan.endOfObject(a, i, limit);
            } else if (c == '"') {
                end = JsonScan.endOfString(a, i, limit);
            } else {
                // a number, true, false or null ends where the next member or the hit begins
                end = i;
                while (end + 1 < limit && a[end + 1] != ',' && a[end + 1] != '}' && !isSpace(a[end + 1])) {
                    end++;
                }
                if (end + 1 >= limit) {
                    return -1;
                }
            }
            return end < 0 ? -1 : end + 1;
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\n' || c == '\r' || c == '\t';
        }

        private static boolean is(byte[] a, int from, int to, byte[] key) {
            return to - from == key.length && java.util.Arrays.equals(a, from, to, key, 0, key.length);
        }

        private static int skipSpace(byte[] a, int i, int limit) {
            while (i < limit && isSpace(a[i])) {
                i++;
            }
            return i;
        }
    }

    /** The {@code _highlight} member written after a document's fields, keyed by the fields as the caller knows them. */
    static byte[] highlight(byte[] a, int from, int to, boolean afterFields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(afterFields ? HIGHLIGHT_AFTER_FIELDS : HIGHLIGHT_ALONE);
        try (JsonParser p = JSON.createParser(a, from, to - from); JsonGenerator g = JSON.createGenerator(out)) {
            p.nextToken();
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                g.writeArrayFieldStart(displayName(p.currentName()));
                p.nextToken();
                while (p.nextToken() == JsonToken.VALUE_STRING) {
                    g.writeString(p.getText());
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable highlight in the search answer", e);
        }
        return out.toByteArray();
    }

    /**
     * A hit's sort key, {@code [@timestamp, event.id, ...]} (a point-in-time adds its own tie-breaker, _shard_doc).
     *
     * @param time the @timestamp in epoch milliseconds
     * @param id   the event.id
     */
    record SortKey(long time, String id) {

        static SortKey of(byte[] a, int from, int to) {
            try (JsonParser p = JSON.createParser(a, from, to - from)) {
                p.nextToken();
                p.nextToken();
                long time = p.getLongValue();
                p.nextToken();
                return new SortKey(time, p.getText());
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable sort key in the search answer", e);
            }
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
