package io.auditsearch.integrity;

import java.time.Instant;

/**
 * One event this instance was about to write, as the journal keeps it.
 *
 * @param seq        journal order
 * @param id         {@code event.id}
 * @param index      the dated index it was written to
 * @param tenant     {@code organization.id} as the service prepared it (null: none)
 * @param state      what became of it
 * @param recordedAt when it was journaled
 * @param storedAt   when Elasticsearch confirmed it (directly or from the spool), if known
 */
record JournalEntry(long seq, String id, String index, String tenant, State state, Instant recordedAt, Instant storedAt) {

    /** The states of a journal entry; the code is what the database keeps. */
    enum State {
        /** journaled, outcome not known (yet, or the instance stopped before it was) */
        PENDING(0),
        STORED(1),
        SPOOLED(2),
        /** not kept, or never found: never integrated */
        DROPPED(3),
        INTEGRATED(4);

        final int code;

        State(int code) {
            this.code = code;
        }

        static State of(int code) {
            for (State s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new IllegalArgumentException("journal state " + code);
        }
    }
}
