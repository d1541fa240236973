package io.auditsearch.spool;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.time.Instant;

/** Spool gauges at {@code /prometheus}: depth, bytes, age of the oldest entry, dead letters. */
@Context
class SpoolMetrics {

    SpoolMetrics(Spool spool, MeterRegistry registry) {
        Gauge.builder("audit.spool.depth", spool, Spool::depth).description("events waiting in the spool").register(registry);
        Gauge.builder("audit.spool.bytes", spool, Spool::bytes).description("bytes of events waiting in the spool")
                .baseUnit("bytes").register(registry);
        Gauge.builder("audit.spool.oldest.age", spool, s -> s.oldestEnqueuedAt()
                        .map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0).orElse(0.0))
                .description("age of the oldest spooled event").baseUnit("seconds").register(registry);
        Gauge.builder("audit.dead.letters", spool, Spool::deadLetterCount)
                .description("events Elasticsearch refused for good, kept for an admin").register(registry);
    }
}
