package io.auditsearch.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.elasticsearch.ElasticsearchBootstrap;
import io.auditsearch.integrity.JournalEntry.State;
import io.auditsearch.verify.json.CanonicalJson;
import io.auditsearch.verify.json.InvalidJsonException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Integrates journaled events into this instance's logs, one round every checkpoint interval while
 * the journal has pending entries: reads the events as stored, appends present ones to their
 * tenant's log (leaf entry: RFC 8785 canonical {@code _source}), signs a checkpoint per grown log and
 * marks the entries integrated. Events not (yet) in Elasticsearch wait while the spool holds them or
 * within the grace period; events that were not kept are dropped, never integrated.
 */
@Singleton
class Sequencer {

    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_CHUNK = 1_000;

    private final IntegrityConfiguration config;
    private final Attribution attribution;
    private final ElasticsearchBootstrap bootstrap;
    private final IntegrityStore store;
    private final LogStates logs;
    private final LogAppender appender;
    private final Counter leaves;
    private final Timer mergeDelay;
    private final AtomicLong pending = new AtomicLong();
    private volatile Duration lastMaxDelay = Duration.ZERO;
    private volatile String lastFailure;
    private volatile boolean running;
    private Thread thread;

    Sequencer(IntegrityConfiguration config, Attribution attribution, ElasticsearchBootstrap bootstrap, IntegrityStore store,
              LogStates logs, LogAppender appender, MeterRegistry metrics) {
        this.config = config;
        this.attribution = attribution;
        this.bootstrap = bootstrap;
        this.store = store;
        this.logs = logs;
        this.appender = appender;
        this.leaves = Counter.builder("audit.integrity.leaves").description("events integrated into this instance's logs")
                .register(metrics);
        this.mergeDelay = Timer.builder("audit.integrity.merge.delay").description("from stored in Elasticsearch to a signed checkpoint")
                .publishPercentileHistogram().register(metrics);
        metrics.gauge("audit.integrity.pending", pending);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (attribution.enabled()) {
            // the backlog a restart finds is visible before the first round ends
            pending.set(attribution.journal().pendingCount());
            running = true;
            thread = Thread.ofPlatform().name("audit-integrity-sequencer").daemon().start(this::run);
        }
    }

    private void run() {
        while (running) {
            boolean backlog = false;
            try {
                if (bootstrap.ready()) {
                    lastFailure = null;
                    // a round that made progress and left a full round behind: the next one starts at once
                    backlog = round() > 0 && pending.get() >= config.getRoundEntries();
                }
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                LOG.warn("Integrity sequencing failed, retried next interval: {}", e.toString());
            }
            synchronized (this) {
                try {
                    if (running && !backlog) {
                        wait(config.getCheckpointInterval().toMillis());
                    }
                } catch (InterruptedException e) {
                    running = false;
                }
            }
        }
    }

    /** One round; returns the number of events integrated. */
    int round() {
        Journal journal = attribution.journal();
        List<JournalEntry> entries = journal.pending(config.getRoundEntries());
        if (entries.isEmpty()) {
            pending.set(0);
            return 0;
        }
        Map<String, LeafEntry> found = leafEntries(entries);
        Map<String, List<JournalEntry>> byTenant = new LinkedHashMap<>();
        List<Long> dropped = new ArrayList<>();
        Instant now = Instant.now();
        for (JournalEntry e : entries) {
            if (found.containsKey(e.index() + "/" + e.id())) {
                byTenant.computeIfAbsent(Objects.requireNonNullElse(e.tenant(), ""), t -> new ArrayList<>()).add(e);
            } else if (e.state() == State.DROPPED
                    || (e.state() != State.SPOOLED && Duration.between(e.recordedAt(), now).compareTo(config.getAbsentGrace()) > 0)) {
                LOG.warn("Event {} ({}) is not in Elasticsearch and will not be integrated", e.id(), e.state());
                dropped.add(e.seq());
            }
        }
        int integrated = 0;
        String failed = null;
        for (Map.Entry<String, List<JournalEntry>> t : byTenant.entrySet()) {
            try {
                integrated += integrate(journal, t.getKey().isEmpty() ? null : t.getKey(), t.getValue(), found);
            } catch (RuntimeException e) {
                // one log that cannot continue (e.g. its stored checkpoint does not verify) does not stop the others
                failed = e.getMessage();
                LOG.warn("Integrity log of tenant {} not continued this round: {}", t.getKey().isEmpty() ? "(none)" : t.getKey(), e.toString());
            }
        }
        if (failed != null) {
            lastFailure = failed;
        }
        journal.dropped(dropped);
        pending.set(journal.pendingCount());
        return integrated;
    }

    /**
     * The leaf entry (RFC 8785 canonical {@code _source}) of each stored event, by {@code index/id}; read a
     * chunk at a time so a round holds the documents of one chunk as trees, not of the whole round.
     */
    private Map<String, LeafEntry> leafEntries(List<JournalEntry> entries) {
        Map<String, LeafEntry> out = new HashMap<>();
        for (int i = 0; i < entries.size(); i += READ_CHUNK) {
            store.events(entries.subList(i, Math.min(entries.size(), i + READ_CHUNK))).forEach((key, source) -> {
                try {
                    out.put(key, new LeafEntry(CanonicalJson.canonicalize(JSON.writeValueAsBytes(source)), null));
                } catch (InvalidJsonException | java.io.IOException ex) {
                    out.put(key, new LeafEntry(null, ex.getMessage()));
                }
            });
        }
        return out;
    }

    /** A stored event's leaf entry, or why it cannot be one (which stops its tenant's log, not the others). */
    private record LeafEntry(byte[] bytes, String problem) {
    }

    private int integrate(Journal journal, String tenant, List<JournalEntry> entries, Map<String, LeafEntry> found) {
        LogState log = logs.of(tenant, journal);
        Map<String, Long> known = journal.integratedLeaves(log.log, entries.stream().map(JournalEntry::id).distinct().toList());
        Map<String, Long> byId = new HashMap<>(known);
        Map<Long, Long> bySeq = new HashMap<>();
        List<String> ids = new ArrayList<>();
        List<byte[]> leafEntries = new ArrayList<>();
        List<JournalEntry> appended = new ArrayList<>();
        for (JournalEntry e : entries) {
            Long leaf = byId.get(e.id());
            if (leaf == null) {
                leaf = log.size + ids.size();
                LeafEntry entry = found.get(e.index() + "/" + e.id());
                if (entry.bytes() == null) {
                    throw new IllegalStateException("event " + e.id() + " cannot be canonicalized: " + entry.problem());
                }
                leafEntries.add(entry.bytes());
                ids.add(e.id());
                byId.put(e.id(), leaf);
                appended.add(e);
            }
            bySeq.put(e.seq(), leaf);
        }
        if (!ids.isEmpty()) {
            StoredCheckpoint checkpoint = appender.append(log, ids, leafEntries);
            long max = 0;
            for (JournalEntry e : appended) {
                Instant from = e.storedAt() != null ? e.storedAt() : e.recordedAt();
                Duration delay = Duration.between(from, checkpoint.signedAt());
                mergeDelay.record(delay);
                max = Math.max(max, delay.toMillis());
            }
            lastMaxDelay = Duration.ofMillis(max);
            if (lastMaxDelay.compareTo(config.getMaxMergeDelay()) > 0) {
                LOG.warn("Integrity log {}: merge delay {} ms is above the maximum {}", log.log, max, config.getMaxMergeDelay());
            }
            leaves.increment(ids.size());
        }
        journal.integrated(log.log, bySeq, Map.of());
        return ids.size();
    }

    Duration lastMaxDelay() {
        return lastMaxDelay;
    }

    String lastFailure() {
        return lastFailure;
    }

    long pending() {
        return pending.get();
    }

    @PreDestroy
    void close() {
        synchronized (this) {
            running = false;
            notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
