package io.auditsearch.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestCredentials;
import io.auditsearch.support.TestElasticsearch;
import io.auditsearch.support.TestEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an operator watches: the spool and delivery figures at /prometheus and in /health. */
class DeliveryMetricsTest {

    @Test
    void prometheusShowsDeliverySpoolAndElasticsearchFigures() throws Exception {
        try (RunningService running = RunningService.start(TestElasticsearch.url(), Map.of())) {
            ServiceHttp api = running.http();
            String id = "metrics-" + UUID.randomUUID();
            assertEquals(201, api.postEvent(TestEvents.event(id, Instant.now(), "user.login").toString()).status());

            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    api.base() + "/prometheus")).header("Authorization", TestCredentials.authorization()).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String metric : List.of("audit_events_accepted_total{result=\"created\"", "audit_spool_depth",
                    "audit_spool_bytes", "audit_spool_oldest_age_seconds", "audit_dead_letters",
                    "audit_elasticsearch_bulk_seconds_count")) {
                assertTrue(text.contains(metric), metric + " is exported");
            }
            var spool = api.get("/health").body().path("details").path("spool");
            assertEquals("UP", spool.path("status").asText(), spool.toString());
            assertEquals(0, spool.path("details").path("depth").asInt());
        }
    }
}
