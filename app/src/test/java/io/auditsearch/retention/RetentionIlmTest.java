package io.auditsearch.retention;

import static io.auditsearch.retention.RetentionFixtures.exists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.elasticsearch.ClusterCapabilities;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Retention under ILM: the policy is attached by the lifecycle component, and legal holds take it off. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionIlmTest implements TestPropertyProvider {

    @Inject
    RetentionApi api;
    @Inject
    ClusterCapabilities capabilities;

    private RetentionFixtures fixtures;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(TestElasticsearch.properties());
        p.put("audit.retention.days", String.valueOf(RetentionApiTest.DAYS));
        return p;
    }

    @BeforeAll
    void fixtures() {
        fixtures = new RetentionFixtures(api);
    }

    @AfterAll
    void cleanUp() {
        fixtures.cleanUp();
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
}
