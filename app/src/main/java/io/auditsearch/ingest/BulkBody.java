package io.auditsearch.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code _bulk} body into its events: NDJSON (one event per non-blank line) or a JSON
 * array. Lines stay raw bytes so each is parsed, and can fail, on its own.
 */
final class BulkBody {

    /** One input event: raw bytes (NDJSON) or an already parsed array element. */
    record Line(byte[] bytes, int offset, int length, JsonNode parsed) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkBody() {
    }

    static List<Line> split(byte[] body, boolean jsonArray, int maxLines) {
        return jsonArray ? array(body, maxLines) : ndjson(body, maxLines);
    }

    private static List<Line> ndjson(byte[] body, int maxLines) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
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
                    lines.add(new Line(body, from, end - from, null));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static List<Line> array(byte[] body, int maxLines) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "json", "Body is not valid JSON",
                    "the body is not a valid JSON array of events: " + e.getMessage());
        }
        if (!(root instanceof ArrayNode array)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "json", "Body is not a JSON array",
                    "a JSON _bulk body must be an array of events (or send application/x-ndjson)");
        }
        if (array.size() > maxLines) {
            throw tooMany(maxLines);
        }
        List<Line> lines = new ArrayList<>(array.size());
        array.forEach(element -> lines.add(new Line(null, 0, 0, element)));
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
