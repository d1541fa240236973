package io.auditsearch.retention;

import io.auditsearch.RetentionConfiguration;
import io.auditsearch.elasticsearch.ClusterCapabilities;
import io.auditsearch.event.EventIndexNaming;
import io.auditsearch.event.EventRules;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When a dated index is due for deletion, and who deletes it. Under ILM the policy counts from the
 * period date in the index name (its origination date); the service's own sweep counts from the
 * end of the period, so no event is deleted before it is {@code days} old.
 */
@Singleton
class RetentionPolicy {

    private final RetentionConfiguration config;
    private final EventIndexNaming naming;
    private final ClusterCapabilities capabilities;

    RetentionPolicy(RetentionConfiguration config, EventRules rules, ClusterCapabilities capabilities) {
        this.config = config;
        this.naming = new EventIndexNaming(rules.getIndexGranularity());
        this.capabilities = capabilities;
    }

    boolean ilm() {
        return capabilities.hasIlm();
    }

    /** {@code ilm} where the cluster's ILM deletes indices, {@code service} where the sweep does. */
    String mode() {
        return ilm() ? "ilm" : "service";
    }

    int days() {
        return config.getDays();
    }

    /** Events before this instant are older than the retention period. */
    Instant cutoff(Instant now) {
        return now.minus(Duration.ofDays(config.getDays()));
    }

    Instant dueAt(LocalDate periodDate) {
        LocalDate from = ilm() ? periodDate : naming.periodEnd(periodDate);
        return from.plusDays(config.getDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    boolean expired(LocalDate periodDate, Instant now) {
        return !dueAt(periodDate).isAfter(now);
    }
}
