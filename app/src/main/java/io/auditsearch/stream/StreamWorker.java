package io.auditsearch.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's delivery loop, on a thread of its own: read the next batch after the cursor,
 * send it (the batch after it is read meanwhile on a reader thread), move the cursor only once the
 * destination acknowledged it (refused events go to the dead letters in the same transaction), and
 * on failure send the same batch again after an exponential backoff with full jitter (or what
 * Retry-After says). Failing longer than failing-after marks the stream failing; it keeps its place
 * and never drops an event.
 */
final class StreamWorker {

    private static final Logger LOG = LoggerFactory.getLogger(StreamWorker.class);
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);

    private final StreamSource source;
    private final StreamLedger ledger;
    private final Transports transports;
    private final StreamsConfiguration config;
    private final Runnable onGone;
    private final Thread thread;
    private final ExecutorService reader;
    private final Counter delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final List<Meter> meters = new ArrayList<>();
    private final MeterRegistry metrics;
    private final AtomicLong lagEvents = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();

    private volatile Destination destination;
    private volatile boolean running = true;
    private volatile long cursor;
    private volatile Long replayTo;
    private volatile boolean replayDeadLetters;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile Instant failingSince;
    private volatile boolean unavailable;
    private Transport transport;
    private ReadAhead ahead;
    private long lagCheckedAt;

    StreamWorker(Destination destination, StreamSource source, StreamLedger ledger, Transports transports, StreamsConfiguration config,
                 MeterRegistry metrics, Runnable onGone) {
        this.destination = destination;
        this.source = source;
        this.ledger = ledger;
        this.transports = transports;
        this.config = config;
        this.metrics = metrics;
        this.onGone = onGone;
        String id = destination.id();
        this.cursor = ledger.cursor(id).orElseGet(() -> {
            // first seen here: from the first event this instance accepted since the destination was created
            long start = source.seqBefore(destination.createdAt());
            ledger.moveCursor(id, start);
            return start;
        });
        delivered = Counter.builder("audit.stream.delivered").description("events the destination acknowledged")
                .tag("destination", id).register(metrics);
        retried = Counter.builder("audit.stream.retried").description("batches sent again after a failure")
                .tag("destination", id).register(metrics);
        deadLettered = Counter.builder("audit.stream.dead.lettered").description("events the destination refused for good")
                .tag("destination", id).register(metrics);
        meters.add(delivered);
        meters.add(retried);
        meters.add(deadLettered);
        meters.add(Gauge.builder("audit.stream.lag.events", lagEvents, AtomicLong::get).description("accepted events not yet acknowledged")
                .tag("destination", id).register(metrics));
        meters.add(Gauge.builder("audit.stream.lag.seconds", lagSeconds, AtomicLong::get).description("age of the oldest event not yet acknowledged")
                .tag("destination", id).register(metrics));
        reader = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("audit-stream-" + id + "-reader").daemon().factory());
        thread = Thread.ofPlatform().name("audit-stream-" + id).daemon().start(this::run);
    }

    /** The destination as stored now; a change of state (pause, resume) is applied at once. */
    void update(Destination changed) {
        Destination before = destination;
        this.destination = changed;
        if (!before.state().equals(changed.state())) {
            if (Destination.ACTIVE.equals(changed.state())) {
                failingSince = null;
            }
            wake();
        }
    }

    String id() {
        return destination.id();
    }

    /** Sends everything after {@code seq} again (a replay); applied between batches. */
    void replay(long seq) {
        replayTo = seq;
        wake();
    }

    void replayDeadLetters() {
        replayDeadLetters = true;
        wake();
    }

    StreamStatus status() {
        Destination d = destination;
        String state = !Destination.ACTIVE.equals(d.state()) ? d.state()
                : unavailable ? "unavailable" : failing() ? "failing" : Destination.ACTIVE;
        return new StreamStatus(state, cursor, lagEvents.get(), lagSeconds.get(), lastSuccess, lastError,
                (long) delivered.count(), (long) retried.count(), (long) deadLettered.count());
    }

    private boolean failing() {
        Instant since = failingSince;
        return since != null && Duration.between(since, Instant.now()).compareTo(config.getFailingAfter()) >= 0;
    }

    void stop() {
        running = false;
        wake();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.shutdownNow();
        meters.forEach(metrics::remove);
    }

    private void wake() {
        thread.interrupt();
    }

    private void run() {
        boolean lingered = false;
        while (running) {
            try {
                applyReplay();
                measureLag();
                if (!Destination.ACTIVE.equals(destination.state())) {
                    closeTransport();
                    pause(config.getRefreshInterval());
                    continue;
                }
                if (replayDeadLetters) {
                    replayDeadLetters = false;
                    sendDeadLetters();
                }
                StreamSource.Batch batch = read();
                if (batch.through() == cursor) {
                    lingered = false;
                    pause(config.getLinger());
                    continue;
                }
                if (batch.events().size() < config.getBatchSize() && !lingered && batch.events().size() > 0) {
                    // not full: give it the linger to fill up, once
                    lingered = true;
                    pause(config.getLinger());
                    continue;
                }
                lingered = false;
                deliver(batch);
            } catch (RuntimeException e) {
                failed(e.toString());
                LOG.warn("Stream {}: {}", destination.id(), e.toString());
                pause(config.getBackoffInitial());
            }
        }
        closeTransport();
    }

    /** The batch after the cursor: the one read while the previous batch was sent if it starts there, else read now. */
    private StreamSource.Batch read() {
        ReadAhead a = ahead;
        ahead = null;
        if (a != null && a.from() == cursor && a.filter().equals(destination.filter())) {
            try {
                return a.batch().get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                // woken while waiting for it: read it here instead
            }
        }
        if (a != null) {
            a.batch().cancel(false);
        }
        return source.next(cursor, config.getBatchSize(), destination.filter(), config.getPendingGrace());
    }

    /** Starts reading the batch after {@code from} on the reader thread, so it is ready once this one is acknowledged. */
    private void readAhead(long from) {
        StreamFilter filter = destination.filter();
        ahead = new ReadAhead(from, filter, reader.submit(() -> source.next(from, config.getBatchSize(), filter, config.getPendingGrace())));
    }

    private record ReadAhead(long from, StreamFilter filter, Future<StreamSource.Batch> batch) {
    }

    /** Sends the batch until the destination takes it (or the stream is stopped, paused or replayed). */
    private void deliver(StreamSource.Batch batch) {
        if (batch.events().isEmpty()) {
            moveCursor(batch.through());
            return;
        }
        readAhead(batch.through());
        int attempt = 0;
        while (running && replayTo == null && Destination.ACTIVE.equals(destination.state())) {
            try {
                Delivery d = transport().send(batch.events());
                accept(batch, d);
                return;
            } catch (DeliveryException e) {
                if (e.destinationGone()) {
                    LOG.warn("Stream {}: the destination says it is gone; disabled, its place kept", destination.id());
                    failed(e.getMessage());
                    destination = destination.withState(Destination.DISABLED);
                    onGone.run();
                    return;
                }
                failed(e.getMessage());
                retried.increment();
                Duration wait = e.retryAfter().orElse(backoff(attempt));
                pause(wait);
                attempt = Math.min(attempt + 1, 20);
            } catch (IllegalArgumentException e) {
                unavailable = true;
                failed(e.getMessage());
                pause(config.getRefreshInterval());
                return;
            }
        }
    }

    private void accept(StreamSource.Batch batch, Delivery d) {
        List<StreamedEvent> refused = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (StreamedEvent e : batch.events()) {
            String reason = d.refused().get(e.id());
            if (reason != null) {
                refused.add(e);
                reasons.add(reason);
            }
        }
        if (refused.isEmpty()) {
            ledger.moveCursor(destination.id(), batch.through());
        } else {
            ledger.deadLetterAndMove(destination.id(), refused, reasons, batch.through());
            deadLettered.increment(refused.size());
        }
        cursor = batch.through();
        delivered.increment(batch.events().size() - refused.size());
        lastSuccess = Instant.now();
        lastError = null;
        failingSince = null;
        unavailable = false;
    }

    private void sendDeadLetters() {
        List<StreamDeadLetter> letters = ledger.deadLetters(destination.id(), config.getBatchSize());
        if (letters.isEmpty()) {
            return;
        }
        List<StreamedEvent> events = letters.stream().map(StreamDeadLetter::event).toList();
        try {
            Delivery d = transport().send(events);
            List<Long> done = events.stream().filter(e -> !d.refused().containsKey(e.id())).map(StreamedEvent::sequence).toList();
            ledger.removeDeadLetters(destination.id(), done);
            delivered.increment(done.size());
            lastSuccess = Instant.now();
        } catch (DeliveryException e) {
            failed("replaying dead letters: " + e.getMessage());
        }
    }

    private void applyReplay() {
        Long to = replayTo;
        if (to != null) {
            replayTo = null;
            moveCursor(to);
            LOG.info("Stream {}: replaying from after seq {}", destination.id(), to);
        }
    }

    private void moveCursor(long seq) {
        ledger.moveCursor(destination.id(), seq);
        cursor = seq;
    }

    private void measureLag() {
        long now = System.currentTimeMillis();
        if (now - lagCheckedAt < LAG_EVERY.toMillis()) {
            return;
        }
        lagCheckedAt = now;
        long c = cursor;
        try {
            lagEvents.set(Math.max(0, source.lastSeq() - c));
            lagSeconds.set(source.oldestAfter(c).map(t -> Math.max(0, Duration.between(t, Instant.now()).toSeconds())).orElse(0L));
        } catch (RuntimeException e) {
            // the journal closing under a stopping service: the lag keeps its last value
            LOG.debug("Stream {}: lag not measured: {}", destination.id(), e.toString());
        }
    }

    private void failed(String message) {
        lastError = message;
        if (failingSince == null) {
            failingSince = Instant.now();
        }
    }

    /** Full jitter: a random wait up to min(max, initial * 2^attempt). */
    private Duration backoff(int attempt) {
        long cap = Math.min(config.getBackoffMax().toMillis(), config.getBackoffInitial().toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, cap) + 1));
    }

    private Transport transport() {
        if (transport == null) {
            transport = transports.open(destination);
        }
        return transport;
    }

    private void closeTransport() {
        if (transport != null) {
            try {
                transport.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the transport of stream {}: {}", destination.id(), e.toString());
            }
            transport = null;
        }
    }

    /** Waits (woken early by a change, a replay or stop), keeping the lag measured meanwhile: a retrying stream's lag grows. */
    private void pause(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        try {
            for (long left = d.toNanos(); running && left > 0; left = end - System.nanoTime()) {
                Thread.sleep(Duration.ofNanos(Math.min(left, LAG_EVERY.toNanos())));
                measureLag();
            }
        } catch (InterruptedException e) {
            // woken: a change, a replay, or stop
        }
    }
}
