package io.auditsearch.integrity;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} part {@code integrity}: this instance's logs (size, age of the last checkpoint),
 * the journal's pending backlog and the last round's merge delay. UP even when sequencing lags:
 * events are stored and acknowledged regardless; the details say how far behind the log is.
 */
@Singleton
class IntegrityHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Attribution attribution;
    private final Sequencer sequencer;
    private final LogStates logs;
    private final IntegrityConfiguration config;

    IntegrityHealthIndicator(Attribution attribution, Sequencer sequencer, LogStates logs, IntegrityConfiguration config) {
        this.attribution = attribution;
        this.sequencer = sequencer;
        this.logs = logs;
        this.config = config;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enabled", attribution.enabled());
        if (!attribution.enabled()) {
            return details;
        }
        details.put("pending", sequencer.pending());
        details.put("last_merge_delay_ms", sequencer.lastMaxDelay().toMillis());
        details.put("max_merge_delay_ms", config.getMaxMergeDelay().toMillis());
        if (sequencer.lastFailure() != null) {
            details.put("last_failure", sequencer.lastFailure());
        }
        Map<String, Object> perLog = new LinkedHashMap<>();
        for (LogState log : logs.loaded()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("size", log.size);
            if (log.checkpointAt != null) {
                l.put("checkpoint_age_seconds", Duration.between(log.checkpointAt, Instant.now()).toSeconds());
            }
            perLog.put(log.log, l);
        }
        details.put("logs", perLog);
        return details;
    }

    @Override
    protected String getName() {
        return "integrity";
    }
}
