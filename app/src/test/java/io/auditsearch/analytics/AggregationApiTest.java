package io.auditsearch.analytics;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Aggregations against a real Elasticsearch over a known data set: 60 events of 3 users (30, 20, 10),
 * each user doing login (failing every third time) and, for the first user, document.read; over 3 days.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationApiTest implements TestPropertyProvider {

    private static final String SVC = "agg-test-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant DAY = Instant.now().minus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);

    @Inject
    AuditApi api;
    @Inject
    ReadApi read;

    private final Map<String, Integer> expectedFailures = new HashMap<>();

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void load() {
        List<ObjectNode> events = new ArrayList<>();
        String[] users = {"ann", "ben", "cid"};
        int[] counts = {30, 20, 10};
        int n = 0;
        for (int u = 0; u < users.length; u++) {
            for (int i = 0; i < counts[u]; i++) {
                boolean read = u == 0 && i % 2 == 1;
                ObjectNode e = event(SVC + "-" + n, DAY.plus(n % 3, ChronoUnit.DAYS).plusSeconds(60L * n), read ? "document.read" : "user.login");
                boolean failed = !read && i % 3 == 0;
                set(e, "event.outcome", failed ? "failure" : "success");
                set(e, "user.name", users[u]);
                set(e, "source.ip", "10.0." + u + "." + (i % 4));
                set(e, "service.name", SVC);
                set(e, "log.level", failed ? "warning" : "info");
                if (failed) {
                    expectedFailures.merge(users[u], 1, Integer::sum);
                }
                events.add(e);
                n++;
            }
        }
        TestEvents.load(api, events);
    }

    private JsonNode aggregate(String... params) {
        HttpResponse<String> r = read.get("/v1/events/_aggregate", with(params));
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        return Json.body(r);
    }

    private static String[] with(String... params) {
        List<String> all = new ArrayList<>(List.of("service", SVC, "from", DAY.toString(), "to", DAY.plus(3, ChronoUnit.DAYS).toString()));
        all.addAll(List.of(params));
        return all.toArray(String[]::new);
    }

    @Test
    void facetsCountTopValuesAndTheRest() {
        JsonNode r = aggregate("facet", "user", "facet", "action", "facet", "outcome", "facet_size", "2");
        assertEquals(60, r.at("/total/value").asLong());
        JsonNode user = r.at("/facets/user");
        assertEquals("user.name", user.path("field").asText());
        assertEquals("ann", user.at("/values/0/value").asText());
        assertEquals(30, user.at("/values/0/count").asLong());
        assertEquals("ben", user.at("/values/1/value").asText());
        assertEquals(20, user.at("/values/1/count").asLong());
        assertEquals(10, user.path("other").asLong(), "cid is outside the top 2");
        assertEquals(45, r.at("/facets/action/values/0/count").asLong(), "user.login: 15 + 20 + 10");
        long failures = expectedFailures.values().stream().mapToLong(Integer::longValue).sum();
        JsonNode outcome = r.at("/facets/outcome/values");
        long failureCount = 0;
        for (JsonNode v : outcome) {
            if (v.path("value").asText().equals("failure")) {
                failureCount = v.path("count").asLong();
            }
        }
        assertEquals(failures, failureCount);
    }

    @Test
    void timelineCoversThePeriodAndSplitsByOutcome() {
        JsonNode r = aggregate();
        JsonNode buckets = r.at("/timeline/buckets");
        assertEquals("3h", r.at("/timeline/interval").asText(), "3 days in at most 60 buckets: 1h gives 73, 3h 25");
        long sum = 0;
        long failures = 0;
        for (JsonNode b : buckets) {
            sum += b.path("count").asLong();
            failures += b.at("/outcomes/failure").asLong(0);
            long split = 0;
            for (JsonNode c : b.path("outcomes")) {
                split += c.asLong();
            }
            assertEquals(b.path("count").asLong(), split, b::toString);
        }
        assertEquals(60, sum);
        assertEquals(expectedFailures.values().stream().mapToInt(Integer::intValue).sum(), failures);
        assertTrue(buckets.size() >= 24 && buckets.size() <= 26, "empty buckets included: " + buckets.size());
        assertEquals("1d", aggregate("interval", "1d").at("/timeline/interval").asText());
    }

    @Test
    void distinctCountsUsersAndSourceIpsWhenAsked() {
        JsonNode r = aggregate("distinct", "user,source_ip");
        assertEquals(3, r.at("/distinct/user").asLong());
        assertEquals(12, r.at("/distinct/source_ip").asLong());
        assertEquals(2, r.path("distinct").size(), r::toString);

        JsonNode repeated = aggregate("distinct", "user", "distinct", "action");
        assertEquals(3, repeated.at("/distinct/user").asLong());
        assertEquals(2, repeated.at("/distinct/action").asLong());
    }

    @Test
    void nothingButTheTotalAndTimelineIsComputedUnlessAsked() {
        JsonNode r = aggregate();
        assertEquals(60, r.at("/total/value").asLong());
        assertEquals(0, r.path("distinct").size(), r::toString);
        assertEquals(0, r.path("facets").size(), r::toString);
    }

    @Test
    void anUnknownDistinctFieldIsA400NamingIt() {
        HttpResponse<String> r = read.get("/v1/events/_aggregate", with("distinct", "user,password"));
        assertEquals(400, r.code(), () -> r.getBody().orElse(""));
        String body = r.getBody().orElse("");
        assertTrue(body.contains("distinct") && body.contains("password"), body);
    }

    @Test
    void groupByBuildsAWhoDidWhatTable() {
        JsonNode r = aggregate("group_by", "user", "group_by", "action");
        assertEquals("[\"user\",\"action\"]", r.at("/groups/fields").toString());
        Map<String, Long> rows = new HashMap<>();
        r.at("/groups/rows").forEach(row -> rows.put(row.at("/keys/user").asText() + "/" + row.at("/keys/action").asText(), row.path("count").asLong()));
        assertEquals(Map.of("ann/user.login", 15L, "ann/document.read", 15L, "ben/user.login", 20L, "cid/user.login", 10L), rows);
        JsonNode small = aggregate("group_by", "user", "group_by", "action", "group_size", "1");
        assertEquals(1, small.at("/groups/rows").size());
        assertEquals(15, small.at("/groups/other").asLong(), "ann's other action");
    }

    @Test
    void postTakesTheSameParameters() {
        HttpResponse<String> r = read.postAggregate("""
                {"service":"%s","from":"%s","to":"%s","user":["ann","ben"],"facet":["user"]}"""
                .formatted(SVC, DAY, DAY.plus(3, ChronoUnit.DAYS)));
        assertEquals(200, r.code(), () -> r.getBody().orElse(""));
        assertEquals(50, Json.body(r).at("/total/value").asLong());
    }

    @Test
    void tooManyBucketsOrUnknownFieldsAre400() {
        assertProblem(read.get("/v1/events/_aggregate", with("facet", "message")), "invalid_parameter");
        assertProblem(read.get("/v1/events/_aggregate", with("facet", "user", "facet_size", "101")), "too_many_buckets");
        assertProblem(read.get("/v1/events/_aggregate", with("group_by", "user", "group_by", "action", "group_size", "60")), "too_many_buckets");
        assertProblem(read.get("/v1/events/_aggregate", with("interval", "1s")), "too_many_buckets");
        assertProblem(read.get("/v1/events/_aggregate", with("group_by", "user")), "invalid_parameter");
        assertProblem(read.get("/v1/events/_aggregate", with("size", "5")), "unknown_parameter");
    }

    private static void assertProblem(HttpResponse<String> r, String slug) {
        assertEquals(400, r.code(), () -> r.getBody().orElse(""));
        assertEquals("urn:audit-search:problem:" + slug, Json.body(r).path("type").asText());
    }
}
