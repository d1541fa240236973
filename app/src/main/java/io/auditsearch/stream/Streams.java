package io.auditsearch.stream;

import io.auditsearch.elasticsearch.ElasticsearchBootstrap;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's streams: one {@link StreamWorker} per destination stored in {@code audit-streams},
 * kept in step with the index (read every refresh interval, and at once after a change through the
 * API). Nothing here is on the ingest path: the workers read the journal and Elasticsearch on their
 * own threads.
 */
@Singleton
class Streams {

    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);

    private final StreamsConfiguration config;
    private final DestinationStore store;
    private final StreamSource source;
    private final StreamLedger ledger;
    private final Transports transports;
    private final ElasticsearchBootstrap bootstrap;
    private final MeterRegistry metrics;
    private final Map<String, StreamWorker> workers = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread refresher;

    Streams(StreamsConfiguration config, DestinationStore store, StreamSource source, StreamLedger ledger, Transports transports,
            ElasticsearchBootstrap bootstrap, MeterRegistry metrics) {
        this.config = config;
        this.store = store;
        this.source = source;
        this.ledger = ledger;
        this.transports = transports;
        this.bootstrap = bootstrap;
        this.metrics = metrics;
    }

    boolean enabled() {
        return config.isEnabled() && source.available();
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!enabled()) {
            LOG.info("Streams are off (audit.streams.enabled=false, or no journal)");
            return;
        }
        running = true;
        refresher = Thread.ofPlatform().name("audit-streams-refresher").daemon().start(() -> {
            while (running) {
                refresh();
                try {
                    Thread.sleep(config.getRefreshInterval());
                } catch (InterruptedException e) {
                    // woken to refresh now, or to stop
                }
            }
        });
    }

    /** Reads the destinations and starts, updates or stops workers to match. */
    synchronized void refresh() {
        if (!running || !bootstrap.ready()) {
            return;
        }
        List<Destination> all;
        try {
            all = store.list();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Streams: cannot read the destinations, retried: {}", e.toString());
            return;
        }
        Map<String, Destination> byId = new LinkedHashMap<>();
        all.forEach(d -> byId.put(d.id(), d));
        for (Destination d : all) {
            StreamWorker w = workers.get(d.id());
            if (w == null) {
                workers.put(d.id(), new StreamWorker(d, source, ledger, transports, config, metrics, () -> gone(d.id())));
            } else {
                w.update(d);
            }
        }
        for (String id : List.copyOf(workers.keySet())) {
            if (!byId.containsKey(id)) {
                workers.remove(id).stop();
            }
        }
    }

    Optional<StreamStatus> status(String id) {
        return Optional.ofNullable(workers.get(id)).map(StreamWorker::status);
    }

    Map<String, StreamStatus> statuses() {
        Map<String, StreamStatus> out = new LinkedHashMap<>();
        workers.forEach((id, w) -> out.put(id, w.status()));
        return out;
    }

    /** Resets the destination's cursor on this instance so everything after {@code seq} is sent again. */
    boolean replay(String id, long seq) {
        StreamWorker w = workers.get(id);
        if (w == null) {
            return false;
        }
        w.replay(seq);
        return true;
    }

    boolean replayDeadLetters(String id) {
        StreamWorker w = workers.get(id);
        if (w == null) {
            return false;
        }
        w.replayDeadLetters();
        return true;
    }

    long seqBefore(java.time.Instant from) {
        return source.seqBefore(from);
    }

    /** A deleted destination: its worker stops and its cursor and dead letters here are forgotten. */
    synchronized void forget(String id) {
        StreamWorker w = workers.remove(id);
        if (w != null) {
            w.stop();
        }
        ledger.forget(id);
    }

    private void gone(String id) {
        try {
            store.state(id, Destination.DISABLED);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Stream {}: could not record that it is disabled: {}", id, e.toString());
        }
    }

    @PreDestroy
    void close() {
        running = false;
        if (refresher != null) {
            refresher.interrupt();
        }
        workers.values().forEach(StreamWorker::stop);
        workers.clear();
    }
}
