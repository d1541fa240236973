package io.auditsearch.ingest;

import io.auditsearch.spool.SpoolConfiguration;
import io.auditsearch.spool.Spool;
import io.auditsearch.spool.SpooledEvent;
import io.auditsearch.spool.DeadLetter;
import io.auditsearch.elasticsearch.ElasticsearchBootstrap;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.integrity.Attribution;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool into Elasticsearch in arrival order, one bulk round at a time, on a thread
 * of its own that starts once the service is up (templates installed). An event leaves the spool
 * only after Elasticsearch confirmed it (created, or a 409 saying it is already there: replays
 * never make a second copy). Failed rounds back off exponentially, faster when Elasticsearch
 * answers 429; events refused for good move to the dead letters.
 */
@Singleton
public class SpoolShipper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolShipper.class);
    private static final long IDLE_POLL_MILLIS = 50;

    private final Spool spool;
    private final ElasticsearchBootstrap bootstrap;
    private final RawBulkWriter writer;
    private final SpoolConfiguration config;
    private final MeterRegistry metrics;
    private final Attribution attribution;
    private volatile boolean running;
    private volatile boolean failing;
    private volatile Instant lastFailure;
    private Thread thread;
    private Duration backoff = Duration.ZERO;

    SpoolShipper(Spool spool, ElasticsearchBootstrap bootstrap, RawBulkWriter writer, SpoolConfiguration config,
                 MeterRegistry metrics, Attribution attribution) {
        this.spool = spool;
        this.bootstrap = bootstrap;
        this.writer = writer;
        this.config = config;
        this.metrics = metrics;
        this.attribution = attribution;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name("audit-spool-shipper").daemon().start(this::run);
        }
    }

    /**
     * True while the last round failed: Elasticsearch is down or refusing, so new events should
     * go to the spool straight away instead of waiting on a write that will fail.
     */
    public boolean elasticsearchFailing() {
        return failing;
    }

    /** When a round last failed, if one has. */
    public java.util.Optional<Instant> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    @PreDestroy
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                if (spool.depth() == 0 || !bootstrap.ready()) { // no writes before the templates are in place
                    Thread.sleep(IDLE_POLL_MILLIS);
                    continue;
                }
                Round round = shipOnce();
                if (round.retry() == 0) {
                    backoff = Duration.ZERO;
                    failing = false;
                } else {
                    failing = true;
                    lastFailure = Instant.now();
                    backoff = next(backoff, round.throttled());
                    LOG.warn("Spool: {} events not taken by Elasticsearch ({}), next try in {} ms; {} waiting",
                            round.retry(), round.why(), backoff.toMillis(), spool.depth());
                    Thread.sleep(backoff.toMillis());
                }
            } catch (InterruptedException e) {
                // closing: running is false now, or a spurious interrupt: look again
            } catch (RuntimeException e) {
                failing = true;
                lastFailure = Instant.now();
                backoff = next(backoff, false);
                LOG.warn("Spool shipping failed: {}; next try in {} ms", e.toString(), backoff.toMillis());
                sleepQuietly(backoff);
            }
        }
    }

    /** Ships the oldest batch once; the answer says how many must be tried again. */
    Round shipOnce() {
        List<SpooledEvent> batch = spool.oldest(config.getShipBatchEvents(), config.getShipBatchBytes());
        if (batch.isEmpty()) {
            return new Round(0, 0, false, "");
        }
        List<PreparedEvent> events = new ArrayList<>(batch.size());
        batch.forEach(s -> events.add(s.event()));
        List<CompletableFuture<IndexOutcome>> outcomes = writer.write(events, "spool");
        long deadline = System.nanoTime() + config.getShipTimeout().toNanos();

        List<SpooledEvent> confirmed = new ArrayList<>();
        List<SpooledEvent> refused = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        int retry = 0;
        boolean throttled = false;
        String why = "";
        for (int i = 0; i < batch.size(); i++) {
            IndexOutcome outcome = IndexOutcome.await(outcomes.get(i), deadline);
            SpooledEvent spooled = batch.get(i);
            if (outcome.stored()) {
                confirmed.add(spooled);
                metrics.counter("audit.spool.shipped", "result", outcome.result().name().toLowerCase()).increment();
            } else if (outcome.refusedForGood()) {
                refused.add(spooled);
                letters.add(new DeadLetter(spooled.event().id(), spooled.event().index(), outcome.status(), outcome.errorType(),
                        outcome.reason(), Instant.now(), new String(spooled.event().source(), StandardCharsets.UTF_8)));
                LOG.warn("Spool: event {} refused by Elasticsearch for good ({}), moved to the dead letters",
                        spooled.event().id(), outcome.errorType());
            } else {
                retry++;
                throttled |= outcome.throttled();
                why = outcome.errorType();
            }
        }
        spool.remove(confirmed);
        attribution.stored(confirmed.stream().map(c -> c.event().id()).toList());
        if (!refused.isEmpty()) {
            spool.deadLetter(refused, letters);
            attribution.notStored(refused.stream().map(r -> r.event().id()).toList());
            metrics.counter("audit.events.dead_lettered").increment(refused.size());
        }
        return new Round(confirmed.size(), retry, throttled, why);
    }

    /** Doubles the wait up to the limit; a 429 doubles it twice, Elasticsearch asked us to slow down. */
    private Duration next(Duration current, boolean throttled) {
        Duration next = current.isZero() ? config.getBackoffInitial() : current.multipliedBy(throttled ? 4 : 2);
        return next.compareTo(config.getBackoffMax()) > 0 ? config.getBackoffMax() : next;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * What one round did.
     *
     * @param stored    events confirmed and removed
     * @param retry     events left for a later round
     * @param throttled whether Elasticsearch answered 429
     * @param why       the last error type of the events left
     */
    record Round(int stored, int retry, boolean throttled, String why) {
    }
}
