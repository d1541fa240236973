package io.auditsearch.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.auditsearch.integrity.IntegrityRecords;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces retention and legal holds. Where the cluster has no ILM it deletes dated audit indices
 * whose whole period is older than the retention period, never one with held events; under ILM it
 * only keeps the policy off held indices ({@link IlmHolds}). Several instances may sweep at once:
 * each expired index is deleted (and its deletion recorded) by the one instance that claims it
 * ({@link SweepClaims}); every other step is safe to repeat.
 */
@Singleton
class RetentionSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final ElasticsearchClient client;
    private final RetentionPolicy policy;
    private final IndexInventory inventory;
    private final HeldIndices held;
    private final LegalHoldStore holds;
    private final IlmHolds ilmHolds;
    private final IntegrityRecords records;
    private final SweepClaims claims;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<SweepReport> last = new AtomicReference<>();

    RetentionSweeper(ElasticsearchClient client, RetentionPolicy policy, IndexInventory inventory, HeldIndices held,
                     LegalHoldStore holds, IlmHolds ilmHolds, IntegrityRecords records, SweepClaims claims) {
        this.client = client;
        this.policy = policy;
        this.inventory = inventory;
        this.held = held;
        this.holds = holds;
        this.ilmHolds = ilmHolds;
        this.records = records;
        this.claims = claims;
    }

    /** One sweep now; the scheduler calls it, and so can tests. */
    synchronized SweepReport sweep() {
        Instant now = clock.instant();
        SweepReport report = policy.ilm() ? ilmHolds.apply(now) : deleteExpired(now);
        last.set(report);
        return report;
    }

    /** The last sweep's report, if one ran. */
    Optional<SweepReport> lastSweep() {
        return Optional.ofNullable(last.get());
    }

    private SweepReport deleteExpired(Instant now) {
        List<String> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (AuditIndex index : inventory.datedIndices()) {
            if (!policy.expired(index.periodDate(), now)) {
                continue;
            }
            try {
                // the holds are read again for each index, so a hold set during the sweep still counts
                List<String> keeping = held.holdsKeeping(index.name(), holds.active());
                if (!keeping.isEmpty()) {
                    LOG.info("Keeping expired index {} (period {}, due {}): legal holds {}", index.name(), index.periodDate(),
                            policy.dueAt(index.periodDate()), keeping);
                    kept.add(index.name());
                } else if (held.hasEventsSince(index.name(), policy.cutoff(now))) {
                    LOG.warn("Keeping index {} (period {}): it holds events younger than {} days (was the index granularity changed?)",
                            index.name(), index.periodDate(), policy.days());
                    skipped.add(index.name());
                } else if (claims.claim(index.name(), now)) {
                    delete(index);
                    deleted.add(index.name());
                } else {
                    LOG.info("Index {} is expired and claimed by another instance's sweep: left to it", index.name());
                }
            } catch (ElasticsearchException | UncheckedIOException e) {
                LOG.warn("Could not sweep index {}; kept for now: {}", index.name(), e.getMessage());
                skipped.add(index.name());
            }
        }
        return new SweepReport(policy.mode(), now.toString(), deleted, kept, List.of(), List.of(), skipped);
    }

    private void delete(AuditIndex index) {
        LOG.info("Deleting index {} (period {}, {} documents): its period ended more than {} days ago (due {}), no legal hold",
                index.name(), index.periodDate(), index.docs(), policy.days(), policy.dueAt(index.periodDate()));
        // what the index holds goes into the integrity log first: without the record, no deletion
        records.deleting(index.name(), "service sweep: " + policy.days() + " days after the period's end");
        try {
            // by its exact name, never a pattern: only the index that was checked can go
            client.indices().delete(d -> d.index(index.name()).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
