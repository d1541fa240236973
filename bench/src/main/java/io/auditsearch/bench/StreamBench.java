package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/bench-stream}: does a webhook stream keep up with bulk ingest? Generated events go
 * through the service's {@code POST /v1/events/_bulk} while a webhook destination streams them to a
 * receiver in this process (loopback; it counts events and answers 200, without checking signatures).
 * The figure is the stream's rate over the ingest rate: events / (first request to last event
 * received) over events / (first request to last bulk answer). Target >= 0.90.
 */
public final class StreamBench {

    private static final double TARGET = 0.90;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, Map.of("events", "100000", "batch", "1000", "concurrency", "2", "es-heap", "2g"));
        if (o.help()) {
            System.out.println("bin/bench-stream " + o.describe());
            return;
        }
        System.out.println("bench-stream " + o.describe());
        AtomicLong received = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.setExecutor(Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().unstarted(r)));
        receiver.createContext("/hook", x -> {
            int n = JSON.readTree(x.getRequestBody()).path("events").size();
            received.addAndGet(n);
            lastAt.set(System.nanoTime());
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try (Http http = new Http(); Cluster cluster = Cluster.start("bench-stream", o.text("es-heap"))) {
            System.out.println("Elasticsearch: " + cluster.describe());
            ServiceProcess service = ServiceProcess.start(cluster, "bench-stream", http);
            try {
                run(o, http, cluster, service, receiver, received, lastAt);
            } finally {
                System.out.println(service.stop().describe());
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static void run(BenchArgs o, Http http, Cluster cluster, ServiceProcess service, HttpServer receiver, AtomicLong received,
                            AtomicLong lastAt) throws Exception {
        Optional<String> admin = Optional.of(service.createKey("admin"));
        int total = o.integer("events");
        List<byte[]> events = new AuditEventGenerator(20_260_202L).generate(total, Instant.now(), Duration.ofDays(2));
        // a run starts clean: no destination of an earlier run, empty dated indices (the events' ids repeat)
        for (JsonNode d : JSON.readTree(http.send("GET", service.url().resolve("/v1/admin/streams"), admin, null, null)
                .ok("GET /v1/admin/streams").body()).path("streams")) {
            http.send("DELETE", service.url().resolve("/v1/admin/streams/" + d.path("id").asText()), admin, null, null)
                    .ok("DELETE a stream of an earlier run");
        }
        new AuditIndices(cluster, http).recreate(AuditIndices.dailyIndices(events.stream().map(IngestBench::timestamp).toList()));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] destination = JSON.writeValueAsBytes(Map.of("name", "bench", "type", "webhook",
                "url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "secret", "whsec_" + Base64.getEncoder().encodeToString(key)));
        Http.Answer created = http.send("POST", service.url().resolve("/v1/admin/streams"), admin, "application/json", destination);
        if (created.status() != 201) {
            throw new IllegalStateException("POST /v1/admin/streams answered " + created.status() + ": " + new String(created.body()));
        }
        List<BulkLoad.Batch> batches = BulkLoad.ndjson(events, o.integer("batch"));
        long start = System.nanoTime();
        double ingestSeconds = BulkLoad.run(batches, o.integer("concurrency"), b -> BulkAnswers.checkService(
                http.send("POST", service.url().resolve("/v1/events/_bulk"), admin, "application/x-ndjson", b.body()), b.events()));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (received.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (received.get() < total) {
            throw new IllegalStateException("the receiver got " + received.get() + " of " + total + " events within 10 minutes");
        }
        double streamSeconds = (lastAt.get() - start) / 1e9;
        double ingestRate = total / ingestSeconds;
        double streamRate = total / streamSeconds;
        System.out.printf(Locale.ROOT, "ingest %,d events in %.1f s = %,.0f ev/s; streamed to the webhook by %.1f s = %,.0f ev/s;"
                        + " last event %.1f s after the last bulk answer%n", total, ingestSeconds, ingestRate, streamSeconds, streamRate,
                streamSeconds - ingestSeconds);
        double ratio = streamRate / ingestRate;
        System.out.printf(Locale.ROOT, "stream/ingest rate: %.3f; target >= %.2f: %s (events %,d, batch %d, %d client threads)%n",
                ratio, TARGET, ratio >= TARGET ? "met" : "NOT met", total, o.integer("batch"), o.integer("concurrency"));
    }
}
