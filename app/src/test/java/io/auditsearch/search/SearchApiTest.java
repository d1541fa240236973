package io.auditsearch.search;

import static io.auditsearch.support.TestEvents.event;
import static io.auditsearch.support.TestEvents.set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.ReadApi;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Search through the service against a real Elasticsearch: each filter, full text (also over values
 * only present in audit.details), highlight, time range, sort, cursors, get by id and the 400s.
 * The events carry two service names unique to this class; every query filters on them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SVC_A = "search-test-a-" + RUN;
    private static final String SVC_B = "search-test-b-" + RUN;
    /** A day well inside retention, in the past, so the period is fixed. */
    private static final Instant DAY = Instant.now().minus(120, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    @Inject
    AuditApi api;
    @Inject
    ReadApi read;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    private static String id(String name) {
        return name + "-" + RUN;
    }

    @BeforeAll
    void load() {
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode e;
        e = event(id("e1"), DAY.plusSeconds(3600), "user.login");
        set(e, "event.outcome", "success"); set(e, "event.category", List.of("authentication")); set(e, "event.type", List.of("start"));
        set(e, "user.id", "u-alice"); set(e, "user.name", "alice"); set(e, "source.ip", "10.1.2.3");
        set(e, "organization.id", "acme-" + RUN); set(e, "service.name", SVC_A); set(e, "log.level", "info");
        set(e, "tags", List.of("sso")); set(e, "message", "alice signed in");
        set(e, "audit.details", Json.parse("{\"ticket\":\"GDPR-7781\",\"note\":\"the zebrafish protocol\"}"));
        events.add(e);
        e = event(id("e2"), DAY.plusSeconds(7200), "user.login");
        set(e, "event.outcome", "failure"); set(e, "user.id", "u-alice"); set(e, "user.name", "alice");
        set(e, "source.ip", "10.1.2.4"); set(e, "error.message", "bad password for account");
        set(e, "organization.id", "acme-" + RUN); set(e, "service.name", SVC_A); set(e, "log.level", "warn");
        events.add(e);
        e = event(id("e3"), DAY.plusSeconds(10800), "user.login");
        set(e, "event.outcome", "failure"); set(e, "user.id", "u-bob"); set(e, "user.name", "bob");
        set(e, "source.ip", "192.168.7.9"); set(e, "organization.id", "acme-" + RUN); set(e, "service.name", SVC_A);
        events.add(e);
        e = event(id("e4"), DAY.plus(1, ChronoUnit.DAYS).plusSeconds(3600), "role.assign");
        set(e, "event.outcome", "success"); set(e, "event.category", List.of("iam")); set(e, "event.type", List.of("change", "admin"));
        set(e, "user.id", "u-bob"); set(e, "user.name", "bob"); set(e, "user.target.id", "u-carol"); set(e, "user.target.name", "carol");
        set(e, "audit.resource.type", "role"); set(e, "audit.resource.id", "admin"); set(e, "tags", List.of("admin"));
        set(e, "organization.id", "acme-" + RUN); set(e, "service.name", SVC_B); set(e, "log.level", "error");
        events.add(e);
        e = event(id("e5"), DAY.plus(1, ChronoUnit.DAYS).plusSeconds(7200), "document.delete");
        set(e, "event.outcome", "success"); set(e, "user.id", "u-carol"); set(e, "user.name", "carol");
        set(e, "audit.resource.type", "document"); set(e, "audit.resource.id", "doc-42"); set(e, "audit.resource.name", "Q3 payroll");
        set(e, "organization.id", "globex-" + RUN); set(e, "service.name", SVC_B);
        events.add(e);
        e = event(id("e6"), DAY.plus(2, ChronoUnit.DAYS).plusSeconds(60), "user.logout");
        set(e, "event.outcome", "success"); set(e, "user.id", "u-dave"); set(e, "user.name", "dave");
        set(e, "source.ip", "2001:db8::1"); set(e, "organization.id", "globex-" + RUN); set(e, "service.name", SVC_B);
        events.add(e);
        for (int i = 0; i < 6; i++) {
            // filler for paging: same timestamp on purpose, so only the event.id tie-breaker orders them
            e = event(id("p" + i), DAY.plus(2, ChronoUnit.DAYS).plusSeconds(3600), "page.view");
            set(e, "service.name", SVC_B); set(e, "organization.id", "globex-" + RUN);
            events.add(e);
        }
        TestEvents.load(api, events);
    }

    /** Searches this class's events (both services) with extra parameters; asserts 200; returns the ids. */
    private List<String> ids(String... params) {
        JsonNode body = ok(search(params));
        List<String> ids = new ArrayList<>();
        body.get("events").forEach(ev -> ids.add(ev.at("/event/id").asText().replace("-" + RUN, "")));
        return ids;
    }

    private HttpResponse<String> search(String... params) {
        List<String> all = new ArrayList<>(List.of("service", SVC_A, "service", SVC_B));
        all.addAll(List.of(params));
        return read.get("/v1/events", all.toArray(String[]::new));
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        return Json.body(r);
    }

    private static void assertProblem(HttpResponse<String> r, int status, String slug) {
        assertEquals(status, r.code(), () -> r.getBody().orElse(""));
        JsonNode p = Json.body(r);
        assertEquals("urn:audit-search:problem:" + slug, p.path("type").asText(), p::toString);
        assertTrue(r.getHeaders().getContentType().orElse("").startsWith("application/problem+json"));
    }

    @Test
    void eachFilterSelectsItsEvents() {
        assertEquals(List.of("e3", "e2", "e1"), ids("action", "user.login"));
        assertEquals(Set.of("e1", "e2", "e3", "e6"), Set.copyOf(ids("action", "user.*")));
        assertEquals(Set.of("e1", "e2", "e3", "e5"), Set.copyOf(ids("action", "user.login", "action", "document.delete")));
        assertEquals(Set.of("e2", "e3"), Set.copyOf(ids("outcome", "failure")));
        assertEquals(List.of("e4"), ids("category", "iam"));
        assertEquals(List.of("e4"), ids("type", "admin"));
        assertEquals(Set.of("e1", "e2"), Set.copyOf(ids("user", "alice")));
        assertEquals(List.of("e6"), ids("user", "u-dave"));
        assertEquals(List.of("e4"), ids("target_user", "carol"));
        assertEquals(List.of("e4"), ids("target_user", "u-carol"));
        assertEquals(List.of("e5"), ids("resource_type", "document"));
        assertEquals(List.of("e5"), ids("resource_id", "doc-42"));
        assertEquals(Set.of("e1", "e2"), Set.copyOf(ids("source_ip", "10.1.2.0/24")));
        assertEquals(List.of("e3"), ids("source_ip", "192.168.7.9"));
        assertEquals(List.of("e6"), ids("source_ip", "2001:db8::/32"));
        assertEquals(8, ids("tenant", "globex-" + RUN).size());
        assertEquals(Set.of("e1", "e2", "e3", "e4"), Set.copyOf(ids("tenant", "acme-" + RUN)));
        JsonNode onlyA = ok(read.get("/v1/events", "service", SVC_A));
        assertEquals(3, onlyA.at("/total/value").asLong());
        assertEquals(List.of("e2"), ids("level", "warning"));
        assertEquals(List.of("e2"), ids("level", "warn"), "level aliases are normalised like at ingest");
        assertEquals(List.of("e4"), ids("tag", "admin"));
        assertEquals(List.of("e1"), ids("details.ticket", "GDPR-7781"));
        assertEquals(List.of("e2"), ids("user", "alice", "outcome", "failure"), "filters combine with AND");
    }

    @Test
    void fullTextFindsWordsThatOnlyAppearInDetails() {
        assertEquals(List.of("e1"), ids("q", "zebrafish"));
        assertEquals(List.of("e5"), ids("q", "payroll"), "resource names");
        assertEquals(List.of("e2"), ids("q", "bad password"), "error.message, AND by default");
        assertEquals(List.of(), ids("q", "bad zebrafish"), "AND: both words must match");
        assertEquals(Set.of("e1", "e2"), Set.copyOf(ids("q", "zebrafish | password")));
        assertEquals(List.of("e4"), ids("q", "carol -payroll"), "user names, with NOT");
        assertEquals(List.of("e1"), ids("q", "\"zebrafish protocol\""), "phrase");
        assertEquals(List.of("e1"), ids("q", "zebra*"), "prefix");
    }

    @Test
    void qCannotReachFieldsOutsideItsList() {
        // simple_query_string has no field syntax: this is text, and no event says it
        assertEquals(List.of(), ids("q", "organization.id:acme-" + RUN));
    }

    @Test
    void highlightMarksTheMatchedWordsInDetailsAndMessage() {
        JsonNode body = ok(search("q", "zebrafish", "highlight", "true"));
        JsonNode highlight = body.at("/events/0/_highlight");
        assertTrue(highlight.path("audit.details").get(0).asText().contains("<em>zebrafish</em>"), highlight::toString);
        JsonNode plain = ok(search("q", "zebrafish"));
        assertTrue(plain.at("/events/0/_highlight").isMissingNode(), "no _highlight unless asked");
        assertTrue(plain.at("/events/0/audit/details_text").isMissingNode(), "details_text stays out of _source");
        assertEquals("GDPR-7781", plain.at("/events/0/audit/details/ticket").asText());
    }

    @Test
    void timeRangeSelectsThePeriodInclusiveAndAcceptsDateMath() {
        String day2 = DAY.plus(1, ChronoUnit.DAYS).toString();
        String day3 = DAY.plus(2, ChronoUnit.DAYS).toString();
        assertEquals(Set.of("e4", "e5"), Set.copyOf(ids("from", day2, "to", DAY.plus(2, ChronoUnit.DAYS).minusMillis(1).toString())));
        assertEquals(Set.of("e4", "e5"), Set.copyOf(ids("from", day2.substring(0, 10), "to", day2.substring(0, 10))), "plain dates cover whole days");
        assertEquals(7, ids("from", day3).size());
        assertEquals(0, ids("from", "now-1h").size(), "date math relative to now");
        assertEquals(12, ids("from", "now-200d/d", "to", "now").size());
        assertProblem(search("from", "yesterday"), 400, "invalid_parameter");
        assertProblem(search("from", day3, "to", day2), 400, "invalid_parameter");
    }

    @Test
    void sortsNewestFirstByDefaultAndOldestFirstOnRequest() {
        assertEquals(List.of("e3", "e2", "e1"), ids("action", "user.login"));
        assertEquals(List.of("e1", "e2", "e3"), ids("action", "user.login", "sort", "asc"));
    }

    @Test
    void postSearchTakesTheSameParametersAsJson() {
        String body = """
                {"service":["%s","%s"],"user":"alice","outcome":["failure"],"details":{},"size":10}
                """.formatted(SVC_A, SVC_B);
        JsonNode r = ok(read.postSearch(body));
        assertEquals(1, r.at("/total/value").asLong());
        assertEquals(id("e2"), r.at("/events/0/event/id").asText());
        JsonNode d = ok(read.postSearch("""
                {"service":["%s","%s"],"details":{"ticket":"GDPR-7781"}}""".formatted(SVC_A, SVC_B)));
        assertEquals(id("e1"), d.at("/events/0/event/id").asText());
    }

    @Test
    void cursorsWalkEveryEventOnceAcrossIdenticalTimestamps() {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        JsonNode page = ok(search("size", "5"));
        assertEquals(12, page.at("/total/value").asLong());
        assertEquals("eq", page.at("/total/relation").asText());
        int pages = 1;
        while (true) {
            page.get("events").forEach(ev -> {
                assertTrue(seen.add(ev.at("/event/id").asText()), "duplicate " + ev);
                order.add(ev.path("@timestamp").asText());
            });
            if (page.path("next_cursor").isNull() || page.path("next_cursor").isMissingNode()) {
                break;
            }
            page = ok(read.get("/v1/events", "cursor", page.get("next_cursor").asText(), "size", "5"));
            pages++;
        }
        assertEquals(12, seen.size());
        assertEquals(3, pages);
        List<String> sorted = new ArrayList<>(order);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, order, "newest first across pages");
    }

    @Test
    void aCursorFollowedAgainGivesTheSamePage() {
        // the first follow uses the cursor as this instance remembered it, the second reads the token in full
        String cursor = ok(search("size", "4")).get("next_cursor").asText();

        JsonNode once = ok(read.get("/v1/events", "cursor", cursor, "size", "4"));
        JsonNode again = ok(read.get("/v1/events", "cursor", cursor, "size", "4"));

        assertEquals(4, once.get("events").size());
        assertEquals(once.get("events"), again.get("events"));
        assertEquals(once.get("total"), again.get("total"));
    }

    @Test
    void badCursorsAreRefusedWith400() {
        assertProblem(search("cursor", "not-a-cursor"), 400, "invalid_cursor");
        JsonNode first = ok(search("size", "2"));
        String cursor = first.get("next_cursor").asText();
        String tampered = tamper(cursor);
        assertProblem(search("cursor", tampered), 400, "invalid_cursor");
        assertProblem(read.get("/v1/events", "cursor", cursor, "user", "alice"), 400, "cursor_mismatch");

        // the second page opens the point-in-time; once it is gone (closed or expired) the cursor is refused
        JsonNode second = ok(read.get("/v1/events", "cursor", cursor, "size", "2"));
        String withPit = second.get("next_cursor").asText();
        JsonNode payload = Json.parse(inflate(Base64.getUrlDecoder().decode(withPit.substring(0, withPit.indexOf('.')))));
        String pit = payload.get("pit").asText();
        assertNotNull(pit);
        ElasticsearchHttp.send("DELETE", "/_pit", "{\"id\":\"" + pit + "\"}");
        assertProblem(read.get("/v1/events", "cursor", withPit, "size", "2"), 400, "cursor_expired");
    }

    private static String tamper(String cursor) {
        int dot = cursor.indexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(cursor.substring(0, dot));
        payload[payload.length / 2] ^= 1; // one flipped bit
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + cursor.substring(dot);
    }

    /** Cursors are deflated JSON (raw deflate); tests read them to reach the point-in-time id. */
    private static String inflate(byte[] bytes) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        inflater.setInput(bytes);
        byte[] out = new byte[1 << 16];
        try {
            int n = inflater.inflate(out);
            return new String(out, 0, n, StandardCharsets.UTF_8);
        } catch (java.util.zip.DataFormatException e) {
            throw new AssertionError(e);
        } finally {
            inflater.end();
        }
    }

    @Test
    void getByIdReturnsTheEventOr404() {
        HttpResponse<String> r = read.get("/v1/events/" + id("e5"));
        JsonNode event = ok(r);
        assertEquals("Q3 payroll", event.at("/audit/resource/name").asText());
        assertProblem(read.get("/v1/events/no-such-" + RUN), 404, "not_found");
    }

    @Test
    void malformedRequestsAre400NamingTheProblem() {
        assertProblem(search("q", "\"zebrafish protocol"), 400, "invalid_query");
        assertTrue(Json.body(search("q", "\"zebrafish protocol")).path("detail").asText().contains("closing quote"));
        assertProblem(search("q", "(alice | bob"), 400, "invalid_query");
        assertProblem(search("q", "alice |"), 400, "invalid_query");
        assertProblem(search("q", "alice)"), 400, "invalid_query");
        assertProblem(search("q", "*fish"), 400, "invalid_query");
        assertProblem(search("q", "z*"), 400, "invalid_query");
        assertProblem(search("q", "zebrafish~7"), 400, "invalid_query");
        assertProblem(search("action", "*.login"), 400, "invalid_parameter");
        assertProblem(search("size", "0"), 400, "invalid_parameter");
        assertProblem(search("size", "1001"), 400, "invalid_parameter");
        assertProblem(search("size", "ten"), 400, "invalid_parameter");
        assertProblem(search("source_ip", "10.1.2.300"), 400, "invalid_parameter");
        assertProblem(search("source_ip", "10.0.0.0/40"), 400, "invalid_parameter");
        assertProblem(search("outcome", "maybe"), 400, "invalid_parameter");
        assertProblem(search("sort", "sideways"), 400, "invalid_parameter");
        assertProblem(search("acton", "user.login"), 400, "unknown_parameter");
        assertProblem(read.postSearch("[1,2]"), 400, "invalid_body");
    }

    @Test
    void openApiDocumentIsServed() {
        HttpResponse<String> r = read.getAccepting("application/yaml", "/openapi");
        assertEquals(200, r.code());
        String yaml = r.getBody().orElseThrow();
        assertTrue(yaml.contains("/v1/events/_aggregate:"), yaml);
        assertTrue(yaml.contains("/v1/events/_export:"));
        assertTrue(yaml.contains("name: source_ip"));
    }
}
