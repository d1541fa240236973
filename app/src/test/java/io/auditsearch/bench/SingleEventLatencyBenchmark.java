package io.auditsearch.bench;

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
 * ten minutes, as live single events are; back-dated batches belong to {@code _bulk}.
 *
 * <pre>bin/bench-latency [--rate=500] [--clients=16] [--seconds=30] [--warmup-seconds=5]</pre>
 */
public final class SingleEventLatencyBenchmark {

    private static final long SEED = 20_260_202L;

    private SingleEventLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = BenchOptions.parse(args, Map.of("rate", 500, "clients", 16, "seconds", 30, "warmup-seconds", 5));
        try (BenchCluster cluster = BenchCluster.start("bench-latency", "1g")) {
            Map<String, Object> properties = new HashMap<>(TestCredentials.properties()); // the suite's key, no rate limit
            properties.putAll(Map.of("elasticsearch.url", cluster.url().toString(), "micronaut.server.port", -1,
                    "audit.data-dir", BenchCluster.targetDirectory().resolve("bench-latency").resolve("service").toString()));
            try (EmbeddedServer service = ApplicationContext.run(EmbeddedServer.class, properties);
                 HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                URI endpoint = service.getURI().resolve("/v1/events");
                System.out.printf("Elasticsearch %s, service %s%n", cluster.url(), service.getURI());
                int rate = o.get("rate");
                run(http, endpoint, rate, o.get("clients"), o.get("warmup-seconds"), false);
                run(http, endpoint, rate, o.get("clients"), o.get("seconds"), true);
            }
        }
    }

    private static void run(HttpClient http, URI endpoint, int rate, int clients, int seconds, boolean report) throws Exception {
        int total = rate * seconds;
        // live traffic: single events are posted as they happen, so their @timestamp is about now (one daily index)
        List<byte[]> events = new AuditEventGenerator(SEED + (report ? 1 : 0)).generate(total, Instant.now(), Duration.ofMinutes(10));
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
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint).header("content-type", "application/json")
                            .header("Authorization", TestCredentials.authorization())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(events.get(i))).build(), HttpResponse.BodyHandlers.discarding());
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
            System.out.printf("Warm-up: %d requests%n", total);
            return;
        }
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "single-event latency at %d req/s (achieved %.0f), %d clients, %d requests: "
                        + "p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms; answers 201=%d 202=%d other=%d%n",
                rate, total / elapsed, clients, total, ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99),
                latencies[total - 1] / 1e6, statuses.get(201), statuses.get(202), total - statuses.get(201) - statuses.get(202));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
