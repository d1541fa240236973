package io.auditsearch.ingest;

import io.auditsearch.spool.Spool;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} (and readiness) part for the spool: DOWN when it is full, because ingestion then
 * answers 503 and a load balancer should send events to another instance; it says why.
 */
@Singleton
@Readiness
class SpoolHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Spool spool;
    private final SpoolShipper shipper;

    SpoolHealthIndicator(Spool spool, SpoolShipper shipper) {
        this.spool = spool;
        this.shipper = shipper;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("depth", spool.depth());
        details.put("bytes", spool.bytes());
        details.put("max_bytes", spool.maxBytes());
        spool.oldestEnqueuedAt().ifPresent(t -> details.put("oldest_age_seconds",
                Duration.between(t, Instant.now()).toSeconds()));
        details.put("dead_letters", spool.deadLetterCount());
        details.put("shipping", shipper.elasticsearchFailing() ? "retrying" : "ok");
        shipper.lastFailure().ifPresent(t -> details.put("last_failure", t.toString()));
        if (spool.full()) {
            details.put("reason", "the spool is full: Elasticsearch has not taken events for a while;"
                    + " ingestion answers 503 with Retry-After until the shipper drains it");
            healthStatus = HealthStatus.DOWN;
        } else {
            healthStatus = HealthStatus.UP;
        }
        return details;
    }

    @Override
    protected String getName() {
        return "spool";
    }
}
