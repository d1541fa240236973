package io.auditsearch.retention;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sweep every {@code audit.retention.sweep-interval}, unless {@code audit.retention.sweep-enabled} is false. */
@Singleton
@Requires(property = "audit.retention.sweep-enabled", notEquals = "false")
class RetentionScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionScheduler.class);

    private final RetentionSweeper sweeper;

    RetentionScheduler(RetentionSweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Scheduled(fixedDelay = "${audit.retention.sweep-interval:1h}", initialDelay = "${audit.retention.sweep-initial-delay:1m}")
    void sweep() {
        try {
            SweepReport report = sweeper.sweep();
            LOG.debug("Retention sweep: {}", report);
        } catch (RuntimeException e) {
            // the next run tries again; nothing is deleted by a sweep that failed before deciding
            LOG.warn("Retention sweep failed: {}", e.toString());
        }
    }
}
