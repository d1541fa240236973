package io.auditsearch.retention;

import io.auditsearch.RetentionConfiguration;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health} part for retention: the mode, the period, and what the last sweep did. */
@Singleton
class RetentionHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final RetentionPolicy policy;
    private final RetentionSweeper sweeper;
    private final RetentionConfiguration config;

    RetentionHealthIndicator(RetentionPolicy policy, RetentionSweeper sweeper, RetentionConfiguration config) {
        this.policy = policy;
        this.sweeper = sweeper;
        this.config = config;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Map<String, Object> details = new LinkedHashMap<>();
        healthStatus = HealthStatus.UP;
        try {
            details.put("mode", policy.mode());
        } catch (RuntimeException e) {
            // the mode needs the cluster; the Elasticsearch indicator reports why it is unreachable
            details.put("mode", "unknown");
        }
        details.put("period_days", policy.days());
        details.put("sweep_enabled", config.isSweepEnabled());
        details.put("sweep_interval", config.getSweepInterval().toString());
        sweeper.lastSweep().ifPresent(last -> {
            details.put("last_sweep_at", last.at());
            details.put("last_sweep_deleted", last.deleted().size());
            details.put("last_sweep_kept_by_holds", last.keptByHolds().size());
        });
        return details;
    }

    @Override
    protected String getName() {
        return "retention";
    }
}
