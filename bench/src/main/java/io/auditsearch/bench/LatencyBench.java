package io.auditsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code bin/bench-latency}: single-event latency, open loop at a fixed rate, of {@code POST /v1/events}
 * against one {@code PUT /<index>/_create/<id>} per event straight to Elasticsearch with the document
 * the service stores (read back once). Both sides send the same events, each round under fresh ids;
 * rounds alternate which side goes first. The figures are the medians of the per-round p50 and p99
 * ratios service/direct.
 */
public final class LatencyBench {

    private static final long SEED = 20_260_202L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, Map.of("rate", "200", "clients", "16", "seconds", "20", "rounds", "6",
                "warmup-seconds", "60", "es-heap", "1g", "idle-seconds", "30"));
        if (o.help()) {
            System.out.println("bin/bench-latency " + o.describe());
            return;
        }
        long started = System.nanoTime();
        System.out.println("bench-latency " + o.describe());
        try (Http http = new Http(); Cluster cluster = Cluster.start("bench-latency", o.text("es-heap"))) {
            System.out.println("Elasticsearch: " + cluster.describe());
            ServiceProcess service = ServiceProcess.start(cluster, "bench-latency", http);
            GcReport gc;
            try {
                run(o, http, cluster, service);
            } finally {
                gc = service.stop();
            }
            System.out.println(gc.describe());
        }
        System.out.printf(Locale.ROOT, "bench-latency took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void run(BenchArgs o, Http http, Cluster cluster, ServiceProcess service) throws Exception {
        Optional<String> key = Optional.of(service.createKey("ingest"));
        int rate = o.integer("rate");
        int clients = o.integer("clients");
        int perRun = rate * o.integer("seconds");
        // live traffic: single events are posted as they happen, stamped within the last minutes
        List<byte[]> events = new AuditEventGenerator(SEED).generate(perRun, Instant.now(), Duration.ofMinutes(10));
        AuditIndices indices = new AuditIndices(cluster, http);
        indices.recreate(AuditIndices.dailyIndices(List.of(Instant.now().minus(Duration.ofMinutes(10)), Instant.now())));
        BulkLoad.run(BulkLoad.ndjson(events, 1_000), 1, b -> BulkAnswers.checkService(http.send("POST",
                service.url().resolve("/v1/events/_bulk"), key, "application/x-ndjson", b.body()), b.events()));
        List<StoredDocuments.Stored> documents = StoredDocuments.inOrder(events, StoredDocuments.read(cluster, http));

        Side viaService = (i, id) -> {
            byte[] body = withId(events.get(i), id);
            return () -> http.send("POST", service.url().resolve("/v1/events"), key, "application/json", body).status();
        };
        Side direct = (i, id) -> {
            StoredDocuments.Stored doc = documents.get(i);
            byte[] body = withId(doc.source(), id);
            return () -> cluster.call(http, "PUT", "/" + doc.index() + "/_create/" + id, body).status();
        };
        int warmup = rate * o.integer("warmup-seconds");
        System.out.printf(Locale.ROOT, "Warm-up: %d s of each side at %d req/s%n", o.integer("warmup-seconds"), rate);
        run(viaService, warmup, perRun, rate, clients);
        run(direct, warmup, perRun, rate, clients);

        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int round = 1; round <= o.integer("rounds"); round++) {
            boolean serviceFirst = round % 2 == 1;
            OpenLoop.Run[] runs = new OpenLoop.Run[2];
            for (int k = 0; k < 2; k++) {
                boolean isService = (k == 0) == serviceFirst;
                runs[isService ? 0 : 1] = run(isService ? viaService : direct, perRun, perRun, rate, clients);
                System.out.printf(Locale.ROOT, "  round %d %-7s %s%n", round, isService ? "service" : "direct", runs[isService ? 0 : 1].describe());
            }
            p50.add(runs[0].p(50) / runs[1].p(50));
            p99.add(runs[0].p(99) / runs[1].p(99));
            System.out.printf(Locale.ROOT, "  round %d ratio service/direct: p50 %.2f, p99 %.2f%n", round, p50.getLast(), p99.getLast());
        }
        System.out.printf(Locale.ROOT, "single-event latency ratio service/direct at %d req/s, %d clients: p50 median %.2f (%.2f-%.2f),"
                        + " p99 median %.2f (%.2f-%.2f) of %d rounds%n", rate, clients, Stats.median(p50), min(p50), max(p50),
                Stats.median(p99), min(p99), max(p99), p50.size());
        // what the service costs while nobody calls it, once the integrity log has caught up with the rounds
        service.awaitIntegrated(Duration.ofMinutes(10));
        int idle = o.integer("idle-seconds");
        Duration before = service.cpu();
        Thread.sleep(Duration.ofSeconds(idle));
        System.out.printf(Locale.ROOT, "service idle for %d s: %.1f ms of CPU per second%n", idle,
                service.cpu().minus(before).toNanos() / 1e6 / idle);
    }

    /** The request for event {@code i} of a run under a fresh id, built before it is due. */
    @FunctionalInterface
    private interface Side {
        OpenLoop.Request.Prepared prepare(int i, String id) throws Exception;
    }

    private static OpenLoop.Run run(Side side, int count, int distinct, int rate, int clients) throws Exception {
        List<OpenLoop.Request.Prepared> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(side.prepare(i % distinct, UUID.randomUUID().toString()));
        }
        return OpenLoop.run(count, rate, clients, i -> requests.get(i).send());
    }

    private static byte[] withId(byte[] json, String id) throws java.io.IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(json);
        ((ObjectNode) event.get("event")).put("id", id);
        return JSON.writeValueAsBytes(event);
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(d -> d).min().orElse(0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(d -> d).max().orElse(0);
    }
}
