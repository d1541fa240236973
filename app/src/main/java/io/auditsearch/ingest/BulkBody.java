package io.auditsearch.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code _bulk} body into its events: NDJSON (one event per non-blank line) or a JSON
 * array. Either way each event stays raw bytes, so it is parsed, checked (size, duplicate keys,
 * schema) and can fail on its own, by the same path whatever the body's form.
 */
final class BulkBody {

    /** One input event: its bytes in the body. */
    record Line(byte[] bytes, int offset, int length) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    private BulkBody() {
    }

    static List<Line> split(byte[] body, boolean jsonArray, int maxLines) {
        return jsonArray ? array(body, maxLines) : ndjson(body, maxLines);
    }

    private static List<Line> ndjson(byte[] body, int maxLines) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start <= body.length) {
            int i = newline(body, start);
            int end = i;
            while (end > start && isSpace(body[end - 1])) {
                end--;
            }
            int from = start;
            while (from < end && isSpace(body[from])) {
                from++;
            }
            if (end > from) {
                if (lines.size() == maxLines) {
                    throw tooMany(maxLines);
                }
                lines.add(new Line(body, from, end - from));
            }
            start = i + 1;
        }
        return lines;
    }

    /** The next line feed at or after {@code i}, or the body's length. */
    private static int newline(byte[] body, int i) {
        while (i < body.length && body[i] != '\n') {
            i++;
        }
        return i;
    }

    private static List<Line> array(byte[] body, int maxLines) {
        List<Line> lines = new ArrayList<>();
        // one pass that only finds where each element starts and ends; the element itself is parsed later, alone
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "json", "Body is not a JSON array",
                        "a JSON _bulk body must be an array of events (or send application/x-ndjson)");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (lines.size() == maxLines) {
                    throw tooMany(maxLines);
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                p.skipChildren();
                int to = (int) p.currentLocation().getByteOffset();
                lines.add(new Line(body, from, to - from));
            }
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "content after the array");
            }
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "json", "Body is not valid JSON",
                    "the body is not a valid JSON array of events: " + e.getMessage());
        }
        return lines;
    }

    private static ApiException tooMany(int maxLines) {
        return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too_many_lines", "Too many events in one request",
                "a _bulk request may hold at most " + maxLines + " events (audit.ingest.max-bulk-lines); split it");
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
