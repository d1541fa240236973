package io.auditsearch.bench;

import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.support.TestCredentials;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Single-event latency of {@code POST /v1/events}, open loop: requests are due at a fixed rate
 * (default 500/s) and sent by a fixed pool of clients (default 16); each latency is measured from
 * the moment the request was due, so a stall shows up in the percentiles instead of quietly
 * lowering the rate (no coordinated omission). Prints p50/p90/p99/max, the achieved rate, and how
 * many answers were 201 (in Elasticsearch) or 202 (spooled). The events are stamped within the last
 * ten minutes, as live single events are; back-dated batches belong to {@code _bulk}. Each path first
 * runs the same load unmeasured for {@code --warmup-seconds} (30): a service is measured running, not
 * while the JIT is still compiling it, which on two cores takes a good part of one for the first minute.
 *
 * <p>For comparison, the same rate and clients then write other events of the same kind straight to
 * Elasticsearch, one {@code PUT /<index>/_create/<id>} per event with the very document the service
 * would store (prepared by its own {@link EventPreparer}): what Elasticsearch itself answers on this
 * machine for one event per request, the floor under the service's figure.
 *
 * <pre>bin/bench-latency [--rate=500] [--clients=16] [--seconds=30] [--warmup-seconds=30]</pre>
 */
public final class SingleEventLatencyBenchmark {

    private static final long SEED = 20_260_202L;

    private SingleEventLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = BenchOptions.parse(args, Map.of("rate", 500, "clients", 16, "seconds", 30, "warmup-seconds", 30));
        try (BenchCluster cluster = BenchCluster.start("bench-latency", "1g")) {
            Map<String, Object> properties = new HashMap<>(TestCredentials.properties()); // the suite's key, no rate limit
            properties.putAll(Map.of("elasticsearch.url", cluster.url().toString(), "micronaut.server.port", -1,
                    "audit.data-dir", BenchCluster.targetDirectory().resolve("bench-latency").resolve("service").toString()));
            try (EmbeddedServer service = ApplicationContext.run(EmbeddedServer.class, properties);
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                URI endpoint = service.getURI().resolve("/v1/events");
                System.out.printf("Elasticsearch %s, service %s%n", cluster.url(), service.getURI());
                EventPreparer preparer = service.getApplicationContext().getBean(EventPreparer.class);
                int rate = o.get("rate");
                int clients = o.get("clients");
                Target viaService = (event, i) -> HttpRequest.newBuilder(endpoint).header("content-type", "application/json")
                        .header("Authorization", TestCredentials.authorization()).POST(HttpRequest.BodyPublishers.ofByteArray(event)).build();
                Target direct = (event, i) -> {
                    // the stored document, created under its event.id in its dated index: one event, one request
                    PreparedEvent p = preparer.prepare(event, 0, event.length);
                    HttpRequest.Builder b = HttpRequest.newBuilder(cluster.url().resolve("/" + p.index() + "/_create/" + p.id()))
                            .header("content-type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(p.source()));
                    cluster.authorization().ifPresent(a -> b.header("Authorization", a));
                    return b.build();
                };
                run("service", http, viaService, rate, clients, o.get("warmup-seconds"), 0);
                run("direct", http, direct, rate, clients, o.get("warmup-seconds"), 1);
                run("service", http, viaService, rate, clients, o.get("seconds"), 2);
                run("direct", http, direct, rate, clients, o.get("seconds"), 3);
            }
        }
    }

    /** The HTTP request that writes one event. */
    private interface Target {
        HttpRequest request(byte[] event, int i);
    }

    private static void run(String name, HttpClient http, Target target, int rate, int clients, int seconds, int round) throws Exception {
        boolean report = round >= 2;
        int total = rate * seconds;
        // live traffic: single events are posted as they happen, so their @timestamp is about now (one daily index);
        // a new seed each run, so no event.id repeats one a previous run left in the node
        List<byte[]> events = new AuditEventGenerator(SEED + round + System.nanoTime()).generate(total, Instant.now(), Duration.ofMinutes(10));
        long[] latencies = new long[total];
        AtomicLongArray statuses = new AtomicLongArray(600);
        AtomicInteger next = new AtomicInteger();
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    HttpResponse<Void> r = http.send(target.request(events.get(i), i), HttpResponse.BodyHandlers.discarding());
                    latencies[i] = System.nanoTime() - due;
                    statuses.incrementAndGet(Math.min(599, r.statusCode()));
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 300L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!report) {
            System.out.printf("Warm-up %s: %d requests%n", name, total);
            return;
        }
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%-7s single-event latency at %d req/s (achieved %.0f), %d clients, %d requests: "
                        + "p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms; answers 201=%d 202=%d other=%d%n",
                name, rate, total / elapsed, clients, total, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99),
                latencies[total - 1] / 1e6, statuses.get(201), statuses.get(202), total - statuses.get(201) - statuses.get(202));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
