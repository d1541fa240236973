package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Checks a bulk answer: every event of the batch stored, by the service or by Elasticsearch. */
final class BulkAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkAnswers() {
    }

    /** {@code POST /v1/events/_bulk}: 200, errors false, one item per event, each 201 created. */
    static void checkService(Http.Answer answer, int events) throws IOException {
        answer.ok("POST /v1/events/_bulk");
        JsonNode body = JSON.readTree(answer.body());
        JsonNode items = body.path("items");
        if (answer.status() != 200 || body.path("errors").asBoolean(true) || items.size() != events) {
            throw new IllegalStateException("the service did not store every event: " + Http.preview(answer.text()));
        }
        for (JsonNode item : items) {
            if (item.path("status").asInt() == 202) {
                throw new IllegalStateException("the service spooled an event (202): Elasticsearch did not confirm its bulk"
                        + " within the service's ack wait (audit.ingest.bulk-ack-wait), so the rates would not compare: " + item);
            }
            if (item.path("status").asInt() != 201 || !item.path("result").asText().equals("created")) {
                throw new IllegalStateException("the service did not create an event: " + item);
            }
        }
    }

    /** Elasticsearch {@code _bulk}: 200, errors false, one item per event, each create 201. */
    static void checkDirect(Http.Answer answer, int events) throws IOException {
        answer.ok("POST /_bulk");
        JsonNode body = JSON.readTree(answer.body());
        JsonNode items = body.path("items");
        if (body.path("errors").asBoolean(true) || items.size() != events) {
            throw new IllegalStateException("Elasticsearch did not store every event: " + Http.preview(answer.text()));
        }
        for (JsonNode item : items) {
            if (item.path("create").path("status").asInt() != 201) {
                throw new IllegalStateException("Elasticsearch did not create an event: " + item);
            }
        }
    }
}
