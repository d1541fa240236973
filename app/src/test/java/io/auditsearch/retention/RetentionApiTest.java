package io.auditsearch.retention;

import static io.auditsearch.retention.RetentionFixtures.exists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.elasticsearch.ClusterCapabilities;
import io.auditsearch.support.AuditApi;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.ReadApi;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.http.HttpResponse;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Retention and legal holds against the real cluster, with ten years of retention ({@link RetentionFixtures#DAYS}). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionApiTest implements TestPropertyProvider {

    @Inject
    RetentionApi api;
    @Inject
    AuditApi audit;
    @Inject
    ReadApi read;
    @Inject
    RetentionSweeper sweeper;
    @Inject
    ClusterCapabilities capabilities;

    private RetentionFixtures fixtures;

    @Override
    public Map<String, String> getProperties() {
        return RetentionFixtures.properties();
    }

    @BeforeAll
    void fixtures() {
        fixtures = new RetentionFixtures(api);
    }

    @AfterAll
    void cleanUp() {
        fixtures.cleanUp();
    }

    private void assumeServiceMode() {
        assumeFalse(capabilities.hasIlm(), "service-side retention runs only where the cluster has no ILM; "
                + TestElasticsearch.source() + " has ILM (see underIlmAHeldIndexLosesThePolicyUntilTheHoldIsReleased)");
    }

    @Test
    void serviceSweepDeletesExpiredIndicesAndKeepsRecentHeldAndForeignOnes() {
        assumeServiceMode();
        fixtures.eventIn("audit-events-2001.03.01", "2001-03-01T10:00:00Z", "acme");
        fixtures.eventIn("audit-events-2001.03.02", "2001-03-02T10:00:00Z", "held-tenant");
        fixtures.eventIn("audit-events-2001.03.03", "2001-03-03T10:00:00Z", "other-tenant");
        fixtures.eventIn("audit-events-2019.06.15", "2019-06-15T10:00:00Z", "acme");
        fixtures.eventIn("audit-events-2001.03.04-restored", "2001-03-04T10:00:00Z", "acme");
        // the hold spans 03.02 and 03.03, but only 03.02 has events of its tenant
        fixtures.hold("2001-03-02", "2001-03-03", "held-tenant", "case 2001-17: litigation hold");

        SweepReport report = sweeper.sweep();

        assertFalse(exists("audit-events-2001.03.01"), "expired, no hold");
        assertTrue(exists("audit-events-2001.03.02"), "expired but holds the held tenant's events");
        assertFalse(exists("audit-events-2001.03.03"), "expired; the hold is for another tenant");
        assertTrue(exists("audit-events-2019.06.15"), "its period ended less than " + RetentionFixtures.DAYS + " days ago");
        assertTrue(exists("audit-events-2001.03.04-restored"), "not a dated audit index name: never the sweep's");
        assertTrue(report.keptByHolds().contains("audit-events-2001.03.02"), report.toString());

        JsonNode retention = Json.body(audit.health()).at("/details/retention/details");
        assertEquals("service", retention.path("mode").asText(), retention.toString());
        assertEquals(report.at(), retention.path("last_sweep_at").asText());
        assertEquals(report.deleted().size(), retention.path("last_sweep_deleted").asInt());
    }

    @Test
    void releasingTheHoldLetsTheNextSweepDeleteTheIndex() {
        assumeServiceMode();
        fixtures.eventIn("audit-events-2001.04.01", "2001-04-01T23:59:59.999Z", "acme");
        String id = fixtures.hold("2001-04-01T23:00:00Z", "2001-04-02T00:00:00Z", null, "regulator request R-4");

        sweeper.sweep();
        assertTrue(exists("audit-events-2001.04.01"), "held");

        JsonNode released = fixtures.release(id);
        assertEquals("test-admin", released.path("released_by").asText());
        assertFalse(released.path("released_at").asText().isEmpty(), released.toString());
        assertFalse(released.path("active").asBoolean());
        sweeper.sweep();
        assertFalse(exists("audit-events-2001.04.01"), "no hold any more, and expired");

        JsonNode listed = holdListed(id);
        assertEquals("regulator request R-4", listed.path("reason").asText(), "a released hold stays listed");
        assertEquals("test-admin", listed.path("set_by").asText());
        assertFalse(listed.path("active").asBoolean());
    }

    @Test
    void settingAndReleasingAHoldAreAuditEvents() {
        String id = fixtures.hold("2001-05-01", "2001-05-02T12:00:00Z", "acme", "internal investigation INV-9");
        fixtures.release(id);
        ElasticsearchHttp.refresh();

        JsonNode set = onlyEvent(HoldEvents.SET, id);
        assertEquals("test-admin", set.at("/user/name").asText());
        assertEquals("configuration", set.at("/event/category/0").asText());
        assertEquals("creation", set.at("/event/type/0").asText());
        assertEquals("2001-05-01T00:00:00Z", set.at("/audit/details/from").asText());
        assertEquals("2001-05-02T12:00:00Z", set.at("/audit/details/to").asText());
        assertEquals("acme", set.at("/audit/details/tenant").asText());
        assertEquals("internal investigation INV-9", set.at("/audit/details/reason").asText());
        JsonNode release = onlyEvent(HoldEvents.RELEASE, id);
        assertEquals("deletion", release.at("/event/type/0").asText());
        assertEquals("test-admin", release.at("/user/name").asText());
    }

    @Test
    void retentionReportListsIndicesWithTheirDueDatesAndHolds() {
        fixtures.eventIn("audit-events-2001.06.01", "2001-06-01T08:00:00Z", "acme");
        fixtures.eventIn("audit-events-2001.06.01", "2001-06-01T09:00:00Z", "acme");
        String id = fixtures.hold("2001-06-01", "2001-06-01", null, "case 2001-23");

        JsonNode report = Json.body(AuditApi.call(api::report));

        assertEquals(capabilities.hasIlm() ? "ilm" : "service", report.path("mode").asText());
        assertEquals(RetentionFixtures.DAYS, report.path("period_days").asInt());
        JsonNode index = indexEntry(report, "audit-events-2001.06.01");
        assertEquals("2001-06-01", index.path("period_date").asText());
        assertEquals(2, index.path("docs_count").asLong());
        assertTrue(index.path("size_bytes").asLong() > 0, index.toString());
        // ILM counts from the period date in the name; the service from the end of the period (a day here)
        LocalDate from = capabilities.hasIlm() ? LocalDate.of(2001, 6, 1) : LocalDate.of(2001, 6, 2);
        assertEquals(from.plusDays(RetentionFixtures.DAYS).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), index.path("delete_due").asText());
        assertTrue(index.path("due").asBoolean());
        assertEquals(id, index.at("/held_by/0").asText(), index.toString());
        assertEquals(1, index.path("held_by").size());
    }

    @Test
    void badHoldInputIsA400NamingTheFieldAndTheRule() {
        assertProblem(400, "{\"from\":\"2001-01-01\",\"to\":\"2001-01-02\"}", "reason: required");
        assertProblem(400, "{\"from\":\"2001-01-03\",\"to\":\"2001-01-02\",\"reason\":\"r\"}", "to: order");
        assertProblem(400, "{\"from\":\"yesterday\",\"to\":\"2001-01-02\",\"reason\":\"r\"}", "from: format");
        assertProblem(400, "{\"to\":\"2001-01-02\",\"reason\":\"r\"}", "from: required");
        assertProblem(400, "{\"from\":\"2001-01-01\",\"to\":\"2001-01-02\",\"reason\":\"r\",\"tenant\":\" \"}", "tenant: length");
    }

    @Test
    void releasingAnUnknownOrReleasedHoldIsRefused() {
        HttpResponse<String> unknown = AuditApi.call(() -> api.release("no-such-hold"));
        assertEquals(404, unknown.code());
        assertEquals("application/problem+json", unknown.getContentType().orElseThrow().toString());

        String id = fixtures.hold("2001-07-01", "2001-07-02", null, "closed case");
        fixtures.release(id);
        HttpResponse<String> again = AuditApi.call(() -> api.release(id));
        assertEquals(409, again.code(), () -> again.getBody().orElse(""));
        assertTrue(Json.body(again).path("detail").asText().contains("released at"), again.getBody().orElse(""));
    }

    @Test
    void underIlmAHeldIndexLosesThePolicyUntilTheHoldIsReleased() {
        assumeTrue(capabilities.hasIlm(), "needs ILM (index lifecycle management, ClusterCapabilities.hasIlm()): the cluster at "
                + TestElasticsearch.url() + " (" + TestElasticsearch.source() + ") has none; run with Docker or ELASTICSEARCH_URL of a full cluster");
        // not yet due (2019 + ten years), so ILM itself leaves it alone during the test
        String index = "audit-events-2019.06.20";
        fixtures.eventIn(index, "2019-06-20T10:00:00Z", "acme");
        assertEquals("audit-events", lifecycle(index).path("name").asText(), "attached by the lifecycle component template");
        assertEquals("true", lifecycle(index).path("parse_origination_date").asText());
        assertEquals(Instant.parse("2019-06-20T00:00:00Z").toEpochMilli(), ElasticsearchHttp.get("/" + index + "/_ilm/explain")
                .at("/indices/" + index + "/lifecycle_date_millis").asLong(), "origination date taken from the index name");

        String id = fixtures.hold("2019-06-20", "2019-06-20", "acme", "case 2019-5");
        assertTrue(lifecycle(index).path("name").isMissingNode(), "a held index has no policy: " + lifecycle(index));

        fixtures.release(id);
        assertEquals("audit-events", lifecycle(index).path("name").asText(), "restored on release");
        assertTrue(exists(index));
    }

    private static JsonNode lifecycle(String index) {
        return ElasticsearchHttp.get("/" + index + "/_settings").at("/" + index + "/settings/index/lifecycle");
    }

    private void assertProblem(int status, String body, String expected) {
        HttpResponse<String> r = AuditApi.call(() -> api.setHold(body));
        assertEquals(status, r.code(), () -> body + " -> " + r.getBody().orElse(""));
        assertEquals("application/problem+json", r.getContentType().orElseThrow().toString());
        JsonNode problem = Json.body(r);
        assertEquals("urn:audit-search:problem:invalid_hold", problem.path("type").asText());
        assertTrue(problem.path("detail").asText().contains(expected), body + " -> " + problem);
    }

    private JsonNode onlyEvent(String action, String holdId) {
        HttpResponse<String> r = read.get("/v1/events", "action", action, "resource_type", "legal_hold", "resource_id", holdId);
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        JsonNode events = Json.body(r).path("events");
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }

    private JsonNode holdListed(String id) {
        for (JsonNode hold : Json.body(AuditApi.call(api::holds)).path("holds")) {
            if (hold.path("id").asText().equals(id)) {
                return hold;
            }
        }
        throw new AssertionError("hold " + id + " is not listed");
    }

    private static JsonNode indexEntry(JsonNode report, String name) {
        for (JsonNode index : report.path("indices")) {
            if (index.path("index").asText().equals(name)) {
                return index;
            }
        }
        throw new AssertionError(name + " is not in the report: " + report);
    }
}
