package io.auditsearch.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Publishes {@link ClientMetrics} to Micrometer: {@code audit.client.events{state=queued|sent|
 * retried|buffered|dropped|rejected}} counters and the {@code audit.client.queue.depth} and
 * {@code audit.client.buffer.bytes} gauges, tagged with the client's name. Loaded only after
 * {@code AuditClient} found Micrometer on the class path.
 */
final class MicrometerMetrics {

    private MicrometerMetrics() {
    }

    /**
     * @param registry a {@code MeterRegistry}, or null for Micrometer's global registry
     * @return removes the meters again (when the client closes)
     */
    static Runnable bind(Object registry, ClientMetrics metrics, String name) {
        MeterRegistry target = registry == null ? Metrics.globalRegistry : (MeterRegistry) registry;
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(target, metrics, name, "queued", ClientMetrics::queued));
        meters.add(counter(target, metrics, name, "sent", ClientMetrics::sent));
        meters.add(counter(target, metrics, name, "retried", ClientMetrics::retried));
        meters.add(counter(target, metrics, name, "buffered", ClientMetrics::buffered));
        meters.add(counter(target, metrics, name, "dropped", ClientMetrics::dropped));
        meters.add(counter(target, metrics, name, "rejected", ClientMetrics::rejected));
        meters.add(Gauge.builder("audit.client.queue.depth", metrics, ClientMetrics::queueDepth)
                .description("audit events waiting in memory").tag("client", name).strongReference(true).register(target));
        meters.add(Gauge.builder("audit.client.buffer.bytes", metrics, ClientMetrics::bufferedBytes)
                .description("bytes in the local disk buffer").baseUnit("bytes").tag("client", name).strongReference(true).register(target));
        return () -> meters.forEach(target::remove);
    }

    private static Meter counter(MeterRegistry registry, ClientMetrics metrics, String name, String state,
                                ToDoubleFunction<ClientMetrics> value) {
        return FunctionCounter.builder("audit.client.events", metrics, value)
                .description("audit events by what the client did with them").tag("client", name).tag("state", state)
                .register(registry);
    }
}
