package io.auditsearch.integrity;

import io.auditsearch.integrity.JournalEntry.State;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * This instance's acceptance order as the streams read it: the attribution journal's entries after
 * a position, with what became of each. Absent (every call empty) when the journal is off.
 */
@Singleton
public class JournalFeed {

    private final Attribution attribution;

    JournalFeed(Attribution attribution) {
        this.attribution = attribution;
    }

    public boolean available() {
        return attribution.journal() != null;
    }

    /** Up to {@code limit} entries after {@code seq}, in acceptance order. */
    public List<Entry> after(long seq, int limit) {
        return available() ? attribution.journal().after(seq, limit) : List.of();
    }

    /** The position of the last accepted event (0: none yet). */
    public long lastSeq() {
        return available() ? attribution.journal().lastSeq() : 0;
    }

    /** The position just before the first event accepted at or after {@code from}. */
    public long seqBefore(Instant from) {
        return available() ? attribution.journal().seqBefore(from) : 0;
    }

    /** What became of an accepted event, as far as this instance knows. */
    public enum Outcome {
        /** not known yet (or the instance stopped before it was) */
        PENDING,
        /** in the spool, to be written */
        SPOOLED,
        /** in Elasticsearch (and, for INTEGRATED, a leaf of its tenant's log) */
        STORED,
        INTEGRATED,
        /** not kept in Elasticsearch: never streamed */
        DROPPED;

        static Outcome of(State state) {
            return switch (state) {
                case PENDING -> PENDING;
                case SPOOLED -> SPOOLED;
                case STORED -> STORED;
                case INTEGRATED -> INTEGRATED;
                case DROPPED -> DROPPED;
            };
        }

        /** Still waiting for its outcome: a stream stops here so acceptance order holds. */
        public boolean unresolved() {
            return this == PENDING || this == SPOOLED;
        }
    }

    /**
     * One accepted event.
     *
     * @param seq        acceptance order on this instance
     * @param id         {@code event.id}
     * @param index      the dated index it was written to
     * @param tenant     {@code organization.id} (null: none)
     * @param outcome    what became of it
     * @param recordedAt when it was accepted
     * @param log        its integrity log's origin once integrated (else null)
     * @param leaf       its leaf index in that log once integrated (else null)
     */
    public record Entry(long seq, String id, String index, String tenant, Outcome outcome, Instant recordedAt, String log, Long leaf) {

        public Optional<String> integratedLog() {
            return Optional.ofNullable(log);
        }
    }
}
