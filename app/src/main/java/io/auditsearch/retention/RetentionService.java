package io.auditsearch.retention;

import io.auditsearch.integrity.IntegrityRecords;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The retention report and the legal hold life cycle: persist, record the audit event, apply under ILM. */
@Singleton
class RetentionService {

    private final RetentionPolicy policy;
    private final IndexInventory inventory;
    private final HeldIndices held;
    private final LegalHoldStore store;
    private final HoldEvents events;
    private final RetentionSweeper sweeper;
    private final IntegrityRecords records;
    private final Clock clock = Clock.systemUTC();

    RetentionService(RetentionPolicy policy, IndexInventory inventory, HeldIndices held, LegalHoldStore store,
                     HoldEvents events, RetentionSweeper sweeper, IntegrityRecords records) {
        this.policy = policy;
        this.inventory = inventory;
        this.held = held;
        this.store = store;
        this.events = events;
        this.sweeper = sweeper;
        this.records = records;
    }

    RetentionReport report() {
        Instant now = clock.instant();
        Map<String, List<String>> kept = held.keptIndices(store.active());
        List<RetentionReport.IndexRetention> indices = inventory.datedIndices().stream()
                .map(i -> new RetentionReport.IndexRetention(i.name(), i.periodDate().toString(), i.docs(), i.sizeBytes(),
                        policy.dueAt(i.periodDate()).toString(), policy.expired(i.periodDate(), now),
                        kept.getOrDefault(i.name(), List.of())))
                .toList();
        return new RetentionReport(policy.mode(), policy.days(), sweeper.lastSweep().orElse(null), indices);
    }

    List<LegalHold> holds() {
        return store.all();
    }

    LegalHold set(HoldRequest request, String by) {
        HoldRange range = HoldRange.of(request);
        Instant now = clock.instant();
        LegalHold hold = store.create(range, by, now);
        // the audit event first: should applying the hold fail, the trail still says it was set
        events.set(hold, now);
        records.holdSet(hold.document(), hold.tenant());
        applyUnderIlm();
        return hold;
    }

    LegalHold release(String id, String by) {
        Instant now = clock.instant();
        LegalHold released = store.release(id, by, now);
        events.release(released, now);
        records.holdReleased(released.document(), released.tenant());
        applyUnderIlm();
        return released;
    }

    /** Under ILM a hold acts at once (policy off the held indices, back on released ones); the service sweep needs nothing. */
    private void applyUnderIlm() {
        if (policy.ilm()) {
            sweeper.sweep();
        }
    }
}
