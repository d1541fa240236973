package io.auditsearch.stream;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /health} part {@code streams}: per destination its state, lag (events and seconds), last
 * success and last error on this instance. UP even when a destination fails: ingestion does not
 * depend on it; the details say which one lags.
 */
@Singleton
class StreamsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final Streams streams;

    StreamsHealthIndicator(Streams streams) {
        this.streams = streams;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        healthStatus = HealthStatus.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("enabled", streams.enabled());
        Map<String, Object> each = new LinkedHashMap<>();
        streams.statuses().forEach((id, s) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("state", s.state());
            d.put("lag_events", s.lagEvents());
            d.put("lag_seconds", s.lagSeconds());
            if (s.lastSuccess() != null) {
                d.put("last_success", s.lastSuccess().toString());
            }
            if (s.lastError() != null) {
                d.put("last_error", s.lastError());
            }
            each.put(id, d);
        });
        details.put("destinations", each);
        return details;
    }

    @Override
    protected String getName() {
        return "streams";
    }
}
