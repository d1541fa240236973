package io.auditsearch.export;

import static io.auditsearch.support.TestEvents.event;
import static io.auditsearch.support.TestEvents.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.Json;
import io.auditsearch.support.ReadApi;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exports against a real Elasticsearch: 2,500 events streamed in pages of 1,000 (so several
 * point-in-time pages and a short last one), every event once, in time order; CSV quoting.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest implements TestPropertyProvider {

    private static final String SVC = "export-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant START = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
    private static final int COUNT = 2500;
    private static final String TRICKY = "said \"hi\", then left\nsecond line";

    @Inject
    AuditApi api;
    @Inject
    ReadApi read;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("elasticsearch.url", TestElasticsearch.url(), "audit.export.page-size", "1000");
    }

    @BeforeAll
    void load() {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            // spread over two days (two indices), in shuffled order of arrival
            int k = (i * 7919) % COUNT;
            ObjectNode e = event(SVC + "-" + k, START.plusSeconds(60L * k), k % 2 == 0 ? "user.login" : "document.read");
            set(e, "service.name", SVC);
            set(e, "user.name", "user" + (k % 7));
            set(e, "event.category", List.of("iam", "session"));
            if (k == 5) {
                set(e, "message", TRICKY);
                set(e, "audit.details", Json.parse("{\"gdpr_request\":\"DSR-55\",\"nested\":{\"a\":1}}"));
            }
            events.add(e);
        }
        TestEvents.load(api, events);
    }

    private HttpResponse<String> export(String accept, String... params) {
        List<String> all = new ArrayList<>(List.of("service", SVC));
        all.addAll(List.of(params));
        return read.getAccepting(accept, "/v1/events/_export", all.toArray(String[]::new));
    }

    @Test
    void ndjsonExportStreamsEveryEventOnceInTimeOrder() {
        HttpResponse<String> r = export("application/x-ndjson", "format", "ndjson");
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        assertTrue(r.getHeaders().get("Content-Disposition").contains("filename=\"audit-events_start_"), r.getHeaders().get("Content-Disposition"));
        String[] lines = r.getBody().orElseThrow().split("\n");
        assertEquals(COUNT, lines.length);
        Set<String> ids = new HashSet<>();
        String previous = "";
        for (String line : lines) {
            JsonNode event = Json.parse(line);
            assertTrue(ids.add(event.at("/event/id").asText()), "duplicate " + line);
            String ts = event.path("@timestamp").asText();
            assertTrue(ts.compareTo(previous) >= 0, "time order");
            previous = ts;
        }
        HttpResponse<String> filtered = export("application/x-ndjson", "action", "user.login");
        assertEquals(COUNT / 2, filtered.getBody().orElseThrow().split("\n").length, "filters apply");
    }

    @Test
    void csvExportHasAHeaderFlattensFieldsAndQuotesProperly() throws IOException {
        HttpResponse<String> r = export("text/csv", "format", "csv");
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        assertTrue(r.getHeaders().get("Content-Disposition").contains(".csv"));
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.getBody().orElseThrow())).getRecords();
        assertEquals(COUNT, rows.size());
        CSVRecord tricky = rows.stream().filter(row -> row.get("event.id").equals(SVC + "-5")).findFirst().orElseThrow();
        assertEquals(TRICKY, tricky.get("message"), "commas, quotes and newlines survive");
        assertEquals("iam|session", tricky.get("event.category"), "arrays joined");
        assertEquals("user5", tricky.get("user.name"), "nested fields as dotted columns");
        assertEquals("DSR-55", Json.parse(tricky.get("audit.details")).path("gdpr_request").asText(), "free-form objects as JSON");

        HttpResponse<String> chosen = export("text/csv", "format", "csv", "columns", "@timestamp,event.id,audit.details.gdpr_request", "q", "DSR-55");
        List<CSVRecord> one = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(chosen.getBody().orElseThrow())).getRecords();
        assertEquals(1, one.size());
        assertEquals("DSR-55", one.getFirst().get("audit.details.gdpr_request"));
    }

    @Test
    void badExportRequestsAre400() {
        HttpResponse<String> format = export("*/*", "format", "xml");
        assertEquals(400, format.code());
        assertEquals("urn:audit-search:problem:invalid_parameter", Json.body(format).path("type").asText());
        HttpResponse<String> column = export("*/*", "format", "csv", "columns", "no.such.field");
        assertEquals(400, column.code());
        HttpResponse<String> query = export("*/*", "q", "(unclosed");
        assertEquals(400, query.code());
    }
}
