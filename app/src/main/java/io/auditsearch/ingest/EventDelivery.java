package io.auditsearch.ingest;

import io.auditsearch.elasticsearch.ElasticsearchBootstrap;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.integrity.Attribution;
import io.auditsearch.spool.DeadLetter;
import io.auditsearch.spool.Spool;
import io.auditsearch.spool.SpoolFullException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery guarantee: an event is acknowledged only once it is in Elasticsearch or committed
 * to the durable spool. Events go to Elasticsearch first; whatever it has not confirmed within
 * the wait (slow, down, 429) is written to the spool and answered 202, and the shipper delivers
 * it later. Events Elasticsearch refuses for good are kept in the dead letters (202 with the
 * reason). When the spool is full, the events not yet kept are answered 503 and nothing is lost.
 */
@Singleton
class EventDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    /** Not confirmed in time: kept in the spool, and the shipper delivers it (create semantics make a late direct write harmless). */
    private static final IndexOutcome TIMED_OUT = IndexOutcome.failed(503, "timeout", "Elasticsearch did not confirm the event in time");
    private static final IndexOutcome NOT_SENT = IndexOutcome.failed(503, "elasticsearch_unavailable", "Elasticsearch is not reachable");

    private final Spool spool;
    private final SpoolShipper shipper;
    private final ElasticsearchBootstrap bootstrap;
    private final MeterRegistry metrics;
    private final Attribution attribution;

    EventDelivery(Spool spool, SpoolShipper shipper, ElasticsearchBootstrap bootstrap, MeterRegistry metrics,
                  Attribution attribution) {
        this.spool = spool;
        this.shipper = shipper;
        this.bootstrap = bootstrap;
        this.metrics = metrics;
        this.attribution = attribution;
    }

    /**
     * Delivers the events and says, per event in order, what the caller may be told; blocks until
     * then (for the {@code _bulk} path, which runs on the blocking pool).
     *
     * @param send writes events to Elasticsearch, one future per event
     * @param wait how long to wait for Elasticsearch before keeping the rest in the spool
     */
    List<Delivered> deliver(List<PreparedEvent> events, Function<List<PreparedEvent>, List<CompletableFuture<IndexOutcome>>> send,
                            Duration wait) {
        return deliverAsync(events, send, wait).join();
    }

    /**
     * Delivers the events without blocking the calling thread: the future completes, with one
     * answer per event in order, once each is in Elasticsearch, in the spool or in the dead letters
     * (or could not be kept). Nothing here waits on a lock or on disk, so it may run on the event loop.
     */
    CompletableFuture<List<Delivered>> deliverAsync(List<PreparedEvent> events,
                                                    Function<List<PreparedEvent>, List<CompletableFuture<IndexOutcome>>> send,
                                                    Duration wait) {
        // the integrity journal attributes the batch to this instance before anything is written
        return attribution.beforeWrite(events).handle((journaled, error) -> error).thenCompose(error -> {
            if (error != null) {
                LOG.error("The integrity journal could not record {} events: {}", events.size(), cause(error).getMessage());
                Delivered failed = Delivered.failed("integrity_journal_error", "the event could not be journaled for the integrity log");
                return CompletableFuture.completedFuture(Collections.nCopies(events.size(), failed));
            }
            return deliverJournaled(events, send, wait);
        });
    }

    private CompletableFuture<List<Delivered>> deliverJournaled(List<PreparedEvent> events,
                                                                Function<List<PreparedEvent>, List<CompletableFuture<IndexOutcome>>> send,
                                                                Duration wait) {
        if (!bootstrap.ready() || shipper.elasticsearchFailing()) {
            // Elasticsearch failed the shipper's last round, or was never reached: do not make the caller wait on it
            List<IndexOutcome> none = Collections.nCopies(events.size(), NOT_SENT);
            return settle(events, none);
        }
        List<CompletableFuture<IndexOutcome>> outcomes = send.apply(events);
        CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new));
        CompletableFuture<Void> deadline = new CompletableFuture<Void>().completeOnTimeout(null, wait.toNanos(), TimeUnit.NANOSECONDS);
        all.whenComplete((done, error) -> deadline.complete(null)); // stops the timer
        return CompletableFuture.anyOf(all, deadline).thenCompose(any -> {
            List<IndexOutcome> known = new ArrayList<>(outcomes.size());
            for (CompletableFuture<IndexOutcome> outcome : outcomes) {
                known.add(outcome.handle((o, e) -> e == null ? o
                        : IndexOutcome.failed(503, "elasticsearch_unavailable", String.valueOf(cause(e)))).getNow(TIMED_OUT));
            }
            return settle(events, known);
        });
    }

    /** Stored events are answered as they are; the rest go to the spool or, refused for good, to the dead letters. */
    private CompletableFuture<List<Delivered>> settle(List<PreparedEvent> events, List<IndexOutcome> outcomes) {
        Delivered[] answers = new Delivered[events.size()];
        List<Integer> toSpool = new ArrayList<>();
        List<Integer> toDeadLetter = new ArrayList<>();
        List<IndexOutcome> refusals = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            IndexOutcome outcome = outcomes.get(i);
            if (outcome.stored()) {
                answers[i] = Delivered.stored(outcome);
            } else if (outcome.refusedForGood()) {
                toDeadLetter.add(i);
                refusals.add(outcome);
            } else {
                toSpool.add(i);
            }
        }
        return CompletableFuture.allOf(keepInSpool(events, toSpool, answers), keepAsDeadLetters(events, toDeadLetter, refusals, answers))
                .thenApply(kept -> {
                    List<String> stored = new ArrayList<>();
                    List<String> spooled = new ArrayList<>();
                    List<String> notStored = new ArrayList<>();
                    for (int i = 0; i < answers.length; i++) {
                        Delivered d = answers[i];
                        metrics.counter("audit.events.accepted", "result", d.result()).increment();
                        (d.status() == 201 ? stored : d == Delivered.SPOOLED ? spooled : notStored).add(events.get(i).id());
                    }
                    attribution.stored(stored);
                    attribution.spooled(spooled);
                    attribution.notStored(notStored);
                    return List.of(answers);
                });
    }

    private CompletableFuture<Void> keepInSpool(List<PreparedEvent> events, List<Integer> positions, Delivered[] answers) {
        if (positions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<PreparedEvent> batch = new ArrayList<>(positions.size());
        positions.forEach(i -> batch.add(events.get(i)));
        CompletableFuture<Void> committed;
        try {
            committed = spool.append(batch);
        } catch (SpoolFullException e) {
            committed = CompletableFuture.failedFuture(e);
        } catch (IllegalStateException e) {
            committed = CompletableFuture.failedFuture(new CompletionException(e));
        }
        return committed.handle((done, error) -> {
            Delivered answer;
            Throwable cause = error == null ? null : cause(error);
            if (cause == null) {
                answer = Delivered.SPOOLED;
            } else if (cause instanceof SpoolFullException full) {
                answer = Delivered.full(full);
            } else {
                LOG.error("The spool could not keep {} events: {}", batch.size(), cause.getMessage());
                answer = Delivered.failed("spool_error", "neither Elasticsearch nor the spool could keep the event");
            }
            for (int i : positions) {
                answers[i] = answer;
            }
            return null;
        });
    }

    private CompletableFuture<Void> keepAsDeadLetters(List<PreparedEvent> events, List<Integer> positions, List<IndexOutcome> refusals,
                                                      Delivered[] answers) {
        if (positions.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<DeadLetter> letters = new ArrayList<>(positions.size());
        Instant now = Instant.now();
        for (int k = 0; k < positions.size(); k++) {
            PreparedEvent e = events.get(positions.get(k));
            IndexOutcome o = refusals.get(k);
            letters.add(new DeadLetter(e.id(), e.index(), o.status(), o.errorType(), o.reason(), now,
                    new String(e.source(), StandardCharsets.UTF_8)));
        }
        CompletableFuture<Void> committed;
        try {
            committed = spool.deadLetter(letters);
        } catch (IllegalStateException e) {
            committed = CompletableFuture.failedFuture(e);
        }
        return committed.handle((done, error) -> {
            if (error != null) {
                LOG.error("The dead-letter store could not keep {} events: {}", letters.size(), cause(error).getMessage());
            }
            for (int k = 0; k < positions.size(); k++) {
                IndexOutcome o = refusals.get(k);
                answers[positions.get(k)] = error == null ? Delivered.deadLetter(o) : Delivered.failed(o.errorType(), o.reason());
            }
            return null;
        });
    }

    /** What went wrong inside a future's CompletionException. */
    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /**
     * What the caller of one event is told.
     *
     * @param status     201 stored, 202 kept (spool or dead letters), 503 not kept
     * @param result     created, duplicate, accepted (spooled), dead_letter, or failed
     * @param errorType  why it is not (yet) searchable, for dead letters and failures
     * @param reason     the sentence for errorType
     * @param retryAfter for a full spool, when to try again
     */
    record Delivered(int status, String result, String errorType, String reason, Duration retryAfter) {

        static final Delivered SPOOLED = new Delivered(202, "accepted", null, null, null);

        static Delivered stored(IndexOutcome outcome) {
            return new Delivered(201, outcome.result() == IndexOutcome.Result.DUPLICATE ? "duplicate" : "created",
                    null, null, null);
        }

        static Delivered deadLetter(IndexOutcome outcome) {
            return new Delivered(202, "dead_letter", outcome.errorType(), outcome.reason(), null);
        }

        static Delivered full(SpoolFullException e) {
            return new Delivered(503, "failed", "spool_full", e.getMessage(), e.retryAfter());
        }

        static Delivered failed(String type, String reason) {
            return new Delivered(503, "failed", type, reason, null);
        }

        boolean kept() {
            return status < 300;
        }
    }
}
