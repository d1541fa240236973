package io.auditsearch.search;

import static io.auditsearch.support.TestEvents.event;
import static io.auditsearch.support.TestEvents.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Compliance controls against a real Elasticsearch: an event with a catalog action is stored with
 * its controls in {@code audit.compliance}; {@code control=} selects by control in search, export
 * and aggregations, and {@code audit.compliance} is a facet.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComplianceFilterTest implements TestPropertyProvider {

    private static final String SVC = "controls-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant AT = Instant.now().minus(40, ChronoUnit.DAYS);

    @Inject
    AuditApi api;
    @Inject
    ReadApi read;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void load() {
        List<ObjectNode> events = new ArrayList<>();
        events.add(outcome(event(SVC + "-grant", AT, "role.grant"), "success"));
        events.add(outcome(event(SVC + "-login-ok", AT.plusSeconds(1), "user.login"), "success"));
        events.add(outcome(event(SVC + "-login-failed", AT.plusSeconds(2), "user.login"), "failure"));
        events.add(outcome(event(SVC + "-other", AT.plusSeconds(3), "invoice.approve"), "success"));
        // a control the client gives itself, on an action outside the catalog
        events.add(set(event(SVC + "-own", AT.plusSeconds(4), "invoice.approve"), "audit.compliance", List.of("PCI-DSS-10.2.1.2")));
        events.forEach(e -> set(e, "service.name", SVC));
        TestEvents.load(api, events);
    }

    private static ObjectNode outcome(ObjectNode event, String outcome) {
        ((ObjectNode) event.get("event")).put("outcome", outcome);
        return event;
    }

    @Test
    void aCatalogEventIsStoredWithTheControlsOfItsActionAndOutcome() {
        JsonNode hit = ElasticsearchHttp.send("POST", "/audit-events-*/_search",
                "{\"query\":{\"term\":{\"event.id\":\"" + SVC + "-login-failed\"}}}").body().at("/hits/hits/0/_source");
        assertEquals(Json.parse("[\"PCI-DSS-10.2.1.4\",\"SOC2-CC6.1\",\"SOC2-CC7.2\"]"), hit.at("/audit/compliance"), hit::toString);
    }

    @Test
    void controlFiltersSearch() {
        assertEquals(Set.of("grant", "login-ok", "own"), search("control", "PCI-DSS-10.2.1.2", "from", "now-90d"));
        assertEquals(Set.of("login-failed"), search("control", "PCI-DSS-10.2.1.4"));
        assertEquals(Set.of("grant", "login-ok", "login-failed", "own"), search("control", "PCI-DSS-*"));
        assertEquals(Set.of("grant", "login-failed"), search("control", "SOC2-CC6.3", "control", "PCI-DSS-10.2.1.4"), "values are OR-ed");
        assertEquals(Set.of(), search("control", "PCI-DSS-10.2.1.2", "from", "now-30d"), "and AND-ed with the period");
    }

    @Test
    void controlFiltersExport() {
        HttpResponse<String> r = read.getAccepting("application/x-ndjson", "/v1/events/_export", "service", SVC,
                "control", "PCI-DSS-10.2.1.2", "format", "ndjson");
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        Set<String> ids = new TreeSet<>();
        for (String line : r.getBody().orElseThrow().split("\n")) {
            ids.add(Json.parse(line).at("/event/id").asText().substring(SVC.length() + 1));
        }
        assertEquals(Set.of("grant", "login-ok", "own"), ids);
    }

    @Test
    void controlIsAFacetAndAnAggregationFilter() {
        HttpResponse<String> r = read.get("/v1/events/_aggregate", "service", SVC, "facet", "control", "facet_size", "20");
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        JsonNode values = Json.body(r).at("/facets/control/values");
        Map<String, Long> counts = new java.util.HashMap<>();
        values.forEach(v -> counts.put(v.path("value").asText(), v.path("count").asLong()));
        assertEquals(3L, counts.get("PCI-DSS-10.2.1.2"), values::toString);
        assertEquals(2L, counts.get("SOC2-CC6.1"), values::toString);
        HttpResponse<String> filtered = read.get("/v1/events/_aggregate", "service", SVC, "control", "SOC2-CC7.2", "facet", "action");
        assertEquals(2L, Json.body(filtered).at("/facets/action/values/0/count").asLong(), filtered::body);
    }

    private Set<String> search(String... params) {
        List<String> all = new ArrayList<>(List.of("service", SVC));
        all.addAll(List.of(params));
        HttpResponse<String> r = read.get("/v1/events", all.toArray(String[]::new));
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        Set<String> ids = new TreeSet<>();
        Json.body(r).path("events").forEach(e -> ids.add(e.at("/event/id").asText().substring(SVC.length() + 1)));
        return ids;
    }
}
