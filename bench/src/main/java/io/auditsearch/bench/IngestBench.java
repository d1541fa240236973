package io.auditsearch.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bin/bench-ingest}: the same generated events through the service's {@code POST /v1/events/_bulk}
 * and straight to Elasticsearch's {@code _bulk} (the documents the service stored, as {@code create}
 * actions into the same dated indices), in rounds alternating which side goes first, each load into
 * empty dated indices created beforehand, checked item by item and by count. The figure is the median of the rounds'
 * service/direct rate ratios. <strong>Every audit-events-* index of the cluster is deleted.</strong>
 */
public final class IngestBench {

    private static final long SEED = 20_260_101L;
    private static final Duration SPAN = Duration.ofDays(25);
    private static final double TARGET = 0.85;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, Map.of("events", "200000", "batch", "1000", "concurrency", "2",
                "rounds", "5", "es-heap", "2g"));
        if (o.help()) {
            System.out.println("bin/bench-ingest " + o.describe());
            return;
        }
        long started = System.nanoTime();
        System.out.println("bench-ingest " + o.describe());
        try (Http http = new Http(); Cluster cluster = Cluster.start("bench-ingest", o.text("es-heap"))) {
            System.out.println("Elasticsearch: " + cluster.describe());
            ServiceProcess service = ServiceProcess.start(cluster, "bench-ingest", http);
            GcReport gc;
            try {
                run(o, http, cluster, service);
            } finally {
                gc = service.stop();
            }
            System.out.println(gc.describe());
        }
        System.out.printf(Locale.ROOT, "bench-ingest took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void run(BenchArgs o, Http http, Cluster cluster, ServiceProcess service) throws Exception {
        Optional<String> key = Optional.of(service.createKey("ingest"));
        AuditIndices indices = new AuditIndices(cluster, http);
        List<byte[]> events = new AuditEventGenerator(SEED).generate(o.integer("events"), Instant.now(), SPAN);
        List<BulkLoad.Batch> toService = BulkLoad.ndjson(events, o.integer("batch"));
        BulkLoad.Sender viaService = b -> BulkAnswers.checkService(http.send("POST", service.url().resolve("/v1/events/_bulk"),
                key, "application/x-ndjson", b.body()), b.events());
        BulkLoad.Sender direct = b -> BulkAnswers.checkDirect(cluster.call(http, "POST", "/_bulk", b.body()), b.events());
        int threads = o.integer("concurrency");
        Set<String> dated = AuditIndices.dailyIndices(events.stream().map(IngestBench::timestamp).toList());

        // warm-up of both sides, and what the direct side sends: the documents the service stored
        System.out.printf(Locale.ROOT, "Warm-up: %,d events through the service, read back, then straight to Elasticsearch%n", events.size());
        load(indices, dated, toService, threads, viaService, events.size());
        List<BulkLoad.Batch> toElasticsearch = BulkLoad.ndjson(
                StoredDocuments.createActions(events, StoredDocuments.read(cluster, http)), o.integer("batch"));
        load(indices, dated, toElasticsearch, threads, direct, events.size());
        long serviceBytes = toService.stream().mapToLong(b -> b.body().length).sum();
        long directBytes = toElasticsearch.stream().mapToLong(b -> b.body().length).sum();
        System.out.printf(Locale.ROOT, "Bodies: %d bytes per event to the service, %d to Elasticsearch (action line and stored document)%n",
                serviceBytes / events.size(), directBytes / events.size());

        List<Double> ratios = new ArrayList<>();
        List<List<Double>> cpuPerEvent = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= o.integer("rounds"); round++) {
            boolean serviceFirst = round % 2 == 1;
            double[] rate = new double[2];
            for (int k = 0; k < 2; k++) {
                boolean isService = (k == 0) == serviceFirst;
                Cpu before = Cpu.now(service, cluster);
                double seconds = load(indices, dated, isService ? toService : toElasticsearch, threads, isService ? viaService : direct, events.size());
                rate[isService ? 0 : 1] = events.size() / seconds;
                Cpu.now(service, cluster).totalSince(before).ifPresent(cpu -> cpuPerEvent.get(isService ? 0 : 1).add(cpu * 1e6 / events.size()));
                System.out.printf(Locale.ROOT, "  round %d %-7s %,d events in %5.1f s = %,7.0f ev/s  (%s)%n", round,
                        isService ? "service" : "direct", events.size(), seconds, events.size() / seconds, Cpu.now(service, cluster).since(before));
            }
            ratios.add(rate[0] / rate[1]);
            System.out.printf(Locale.ROOT, "  round %d ratio service/direct = %.3f (%s first)%n", round, rate[0] / rate[1],
                    serviceFirst ? "service" : "direct");
        }
        indices.deleteAll();
        double median = Stats.median(ratios);
        System.out.printf(Locale.ROOT, "ingest ratio service/direct: median %.3f of %d rounds (min %.3f, max %.3f); target >= %.2f: %s%n",
                median, ratios.size(), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                ratios.stream().mapToDouble(d -> d).max().orElse(0), TARGET, median >= TARGET ? "met" : "NOT met");
        if (!cpuPerEvent.get(0).isEmpty()) {
            // on a shared machine the rates move with other load; the CPU an event costs hardly does
            double serviceSide = Stats.median(cpuPerEvent.get(0));
            double straight = Stats.median(cpuPerEvent.get(1));
            System.out.printf(Locale.ROOT, "cpu per event (service process + Elasticsearch, median of rounds): service side %.0f µs,"
                    + " direct %.0f µs; direct/service %.3f%n", serviceSide, straight, straight / serviceSide);
        }
        System.out.printf(Locale.ROOT, "(events %,d, batch %d, %d client threads)%n", events.size(), o.integer("batch"), threads);
    }

    static Instant timestamp(byte[] event) {
        try {
            return Instant.parse(JSON.readTree(event).path("@timestamp").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Loads into empty dated indices (created before the clock starts) and checks the count; answers the seconds it took. */
    private static double load(AuditIndices indices, Set<String> dated, List<BulkLoad.Batch> batches, int threads,
                               BulkLoad.Sender sender, int events) throws Exception {
        indices.recreate(dated);
        double seconds = BulkLoad.run(batches, threads, sender);
        indices.refresh();
        long stored = indices.count();
        if (stored != events) {
            throw new IllegalStateException("sent " + events + " events but the audit indices hold " + stored);
        }
        return seconds;
    }
}
