package io.auditsearch.integrity;

import io.auditsearch.event.PreparedEvent;
import io.auditsearch.integrity.JournalEntry.State;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery path's hook into tamper evidence: events are journaled before they are written
 * (to Elasticsearch or the spool), and their outcome is recorded when known. Only journaled events
 * are ever integrated into a log, so write access to the cluster alone cannot get an event logged.
 * With {@code audit.integrity.enabled=false} and streams off every call is a no-op; with integrity
 * off and streams on the journal is kept (the streams read it) but nothing is integrated.
 */
@Singleton
public class Attribution {

    private final Journal journal;
    private final boolean integrity;

    /**
     * The journal is kept while integrity is on, and also while streams are on
     * ({@code audit.streams.enabled}, default true): the streams read their acceptance order from it.
     */
    Attribution(IntegrityConfiguration config, LogIdentity identity,
                @Value("${audit.streams.enabled:true}") boolean streams) {
        this.integrity = config.isEnabled();
        this.journal = integrity || streams ? new Journal(identity.dir().resolve("journal.db")) : null;
    }

    /** Completes once the batch is durably journaled (one transaction, shared with concurrent batches). */
    public CompletableFuture<Void> beforeWrite(List<PreparedEvent> events) {
        return journal == null || events.isEmpty() ? CompletableFuture.completedFuture(null) : journal.record(events);
    }

    /** Elasticsearch confirmed these events (directly, or the spool shipper did). */
    public void stored(Collection<String> ids) {
        if (journal != null) {
            journal.outcome(ids, State.STORED);
        }
    }

    /** These events wait in the spool. */
    public void spooled(Collection<String> ids) {
        if (journal != null) {
            journal.outcome(ids, State.SPOOLED);
        }
    }

    /** These events were not kept in Elasticsearch (dead letters, or refused): never integrated. */
    public void notStored(Collection<String> ids) {
        if (journal != null) {
            journal.outcome(ids, State.DROPPED);
        }
    }

    /** Integrity on: the journal's events are integrated into logs. */
    boolean enabled() {
        return integrity;
    }

    Journal journal() {
        return journal;
    }

    @PreDestroy
    void close() {
        if (journal != null) {
            journal.close();
        }
    }
}
