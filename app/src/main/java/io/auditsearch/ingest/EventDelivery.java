package io.auditsearch.ingest;

import io.auditsearch.elasticsearch.ElasticsearchBootstrap;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.spool.DeadLetter;
import io.auditsearch.spool.Spool;
import io.auditsearch.spool.SpoolFullException;
import io.auditsearch.spool.SpoolShipper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    private final Spool spool;
    private final SpoolShipper shipper;
    private final ElasticsearchBootstrap bootstrap;
    private final MeterRegistry metrics;

    EventDelivery(Spool spool, SpoolShipper shipper, ElasticsearchBootstrap bootstrap, MeterRegistry metrics) {
        this.spool = spool;
        this.shipper = shipper;
        this.bootstrap = bootstrap;
        this.metrics = metrics;
    }

    /**
     * Delivers the events and says, per event in order, what the caller may be told.
     *
     * @param send writes events to Elasticsearch, one future per event
     * @param wait how long to wait for Elasticsearch before keeping the rest in the spool
     */
    List<Delivered> deliver(List<PreparedEvent> events, Function<List<PreparedEvent>, List<CompletableFuture<IndexOutcome>>> send,
                            Duration wait) {
        Delivered[] answers = new Delivered[events.size()];
        List<Integer> toSpool = new ArrayList<>();
        List<Integer> toDeadLetter = new ArrayList<>();
        List<IndexOutcome> refusals = new ArrayList<>();
        if (!bootstrap.ready() || shipper.elasticsearchFailing()) {
            // Elasticsearch failed the shipper's last round, or was never reached: do not make the caller wait on it
            for (int i = 0; i < events.size(); i++) {
                toSpool.add(i);
            }
        } else {
            List<CompletableFuture<IndexOutcome>> outcomes = send.apply(events);
            long deadline = System.nanoTime() + wait.toNanos();
            for (int i = 0; i < events.size(); i++) {
                IndexOutcome outcome = IndexOutcome.await(outcomes.get(i), deadline);
                if (outcome.stored()) {
                    answers[i] = Delivered.stored(outcome);
                } else if (outcome.refusedForGood()) {
                    toDeadLetter.add(i);
                    refusals.add(outcome);
                } else {
                    toSpool.add(i);
                }
            }
        }
        keepInSpool(events, toSpool, answers);
        keepAsDeadLetters(events, toDeadLetter, refusals, answers);
        for (Delivered d : answers) {
            metrics.counter("audit.events.accepted", "result", d.result()).increment();
        }
        return List.of(answers);
    }

    private void keepInSpool(List<PreparedEvent> events, List<Integer> positions, Delivered[] answers) {
        if (positions.isEmpty()) {
            return;
        }
        List<PreparedEvent> batch = new ArrayList<>(positions.size());
        positions.forEach(i -> batch.add(events.get(i)));
        Delivered answer;
        try {
            spool.append(batch).join();
            answer = Delivered.SPOOLED;
        } catch (SpoolFullException e) {
            answer = Delivered.full(e);
        } catch (CompletionException | IllegalStateException e) {
            LOG.error("The spool could not keep {} events: {}", batch.size(), e.getMessage());
            answer = Delivered.failed("spool_error", "neither Elasticsearch nor the spool could keep the event");
        }
        for (int i : positions) {
            answers[i] = answer;
        }
    }

    private void keepAsDeadLetters(List<PreparedEvent> events, List<Integer> positions, List<IndexOutcome> refusals,
                                   Delivered[] answers) {
        if (positions.isEmpty()) {
            return;
        }
        List<DeadLetter> letters = new ArrayList<>(positions.size());
        Instant now = Instant.now();
        for (int k = 0; k < positions.size(); k++) {
            PreparedEvent e = events.get(positions.get(k));
            IndexOutcome o = refusals.get(k);
            letters.add(new DeadLetter(e.id(), e.index(), o.status(), o.errorType(), o.reason(), now,
                    new String(e.source(), StandardCharsets.UTF_8)));
        }
        try {
            spool.deadLetter(letters).join();
            for (int k = 0; k < positions.size(); k++) {
                answers[positions.get(k)] = Delivered.deadLetter(refusals.get(k));
            }
        } catch (CompletionException | IllegalStateException e) {
            LOG.error("The dead-letter store could not keep {} events: {}", letters.size(), e.getMessage());
            for (int k = 0; k < positions.size(); k++) {
                IndexOutcome o = refusals.get(k);
                answers[positions.get(k)] = Delivered.failed(o.errorType(), o.reason());
            }
        }
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
