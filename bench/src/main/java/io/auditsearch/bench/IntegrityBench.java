package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/bench-integrity}: one tenant's integrity log grown through the service's
 * {@code POST /v1/events/_bulk} (the sequencer builds it, as in production) to each of the given
 * sizes; at each size {@code GET /v1/events/{id}/proof} for random events, one client thread, in
 * rounds (p50 and p99 per round, the median of the rounds) and the proof's size; at the largest size
 * an export with proofs ({@code proof=true}) verified by {@code audit-verify export} and the whole
 * log walked by {@code audit-verify walk}, each as its own process, their rates printed.
 * <strong>Every audit-events-* index of the cluster is deleted first.</strong>
 */
public final class IntegrityBench {

    private static final long SEED = 20_260_606L;
    private static final String TENANT = "bench-integrity";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IntegrityBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs o = BenchArgs.parse(args, Map.of("sizes", "10000,100000", "batch", "1000", "concurrency", "2",
                "proofs", "1000", "rounds", "3", "es-heap", "2g"));
        if (o.help()) {
            System.out.println("bin/bench-integrity " + o.describe());
            return;
        }
        long started = System.nanoTime();
        System.out.println("bench-integrity " + o.describe());
        try (Http http = new Http(); Cluster cluster = Cluster.start("bench-integrity", o.text("es-heap"))) {
            System.out.println("Elasticsearch: " + cluster.describe());
            new AuditIndices(cluster, http).deleteAll();
            ServiceProcess service = ServiceProcess.start(cluster, "bench-integrity", http);
            try {
                run(o, http, cluster, service);
            } finally {
                System.out.println(service.stop().describe());
            }
        }
        System.out.printf(Locale.ROOT, "bench-integrity took %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    private static void run(BenchArgs o, Http http, Cluster cluster, ServiceProcess service) throws Exception {
        Optional<String> ingest = Optional.of(service.createKey("ingest"));
        Optional<String> read = Optional.of(service.createKey("read"));
        List<Integer> sizes = new ArrayList<>();
        for (String s : o.text("sizes").split(",")) {
            sizes.add(Integer.parseInt(s.strip()));
        }
        List<String> ids = new ArrayList<>();
        String log = null;
        long size = 0;
        for (int target : sizes) {
            List<byte[]> events = tenantEvents(new AuditEventGenerator(SEED + target).generate(target - ids.size(), Instant.now(),
                    Duration.ofDays(20)), ids);
            long t0 = System.nanoTime();
            BulkLoad.run(BulkLoad.ndjson(events, o.integer("batch")), o.integer("concurrency"), b -> acknowledged(
                    http.send("POST", service.url().resolve("/v1/events/_bulk"), ingest, "application/x-ndjson", b.body()), b.events()));
            double acked = (System.nanoTime() - t0) / 1e9;
            JsonNode logged = awaitLog(http, service, read, target);
            log = logged.path("log").asText();
            size = logged.path("size").asLong();
            System.out.printf(Locale.ROOT, "log %s: %,d events acknowledged in %.0f s, all integrated after %.0f s (tree size %,d)%n",
                    log, events.size(), acked, (System.nanoTime() - t0) / 1e9, size);
            proofs(o, http, service, read, ids, size);
        }
        verifyExport(http, cluster, service, read, log, size);
    }

    /** Every item acknowledged: 201, or 202 (spooled: integrated once it reaches Elasticsearch, which this bench waits for). */
    private static void acknowledged(Http.Answer answer, int events) throws IOException {
        JsonNode items = JSON.readTree(answer.ok("POST /v1/events/_bulk").body()).path("items");
        if (items.size() != events) {
            throw new IllegalStateException("sent " + events + " events, " + items.size() + " items answered");
        }
        for (JsonNode item : items) {
            int status = item.path("status").asInt();
            if (status != 201 && status != 202) {
                throw new IllegalStateException("an event was not acknowledged: " + item);
            }
        }
    }

    /** The generated events, all of the bench's tenant; their ids appended to {@code ids}. */
    private static List<byte[]> tenantEvents(List<byte[]> generated, List<String> ids) throws IOException {
        List<byte[]> out = new ArrayList<>(generated.size());
        for (byte[] e : generated) {
            ObjectNode event = (ObjectNode) JSON.readTree(e);
            event.putObject("organization").put("id", TENANT);
            ids.add(event.path("event").path("id").asText());
            out.add(JSON.writeValueAsBytes(event));
        }
        return out;
    }

    /** Waits until the tenant's log has at least {@code size} leaves; answers its entry of {@code /v1/integrity/logs}. */
    private static JsonNode awaitLog(Http http, ServiceProcess service, Optional<String> key, long size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode logs = JSON.readTree(http.send("GET", service.url().resolve("/v1/integrity/logs"), key, null, null)
                    .ok("GET /v1/integrity/logs").body());
            for (JsonNode l : logs.path("logs")) {
                if (l.path("log").asText().endsWith("/" + TENANT) && l.path("size").asLong() >= size) {
                    return l;
                }
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the log did not reach " + size + " leaves within an hour");
    }

    private static void proofs(BenchArgs o, Http http, ServiceProcess service, Optional<String> key, List<String> ids, long size)
            throws Exception {
        Random random = new Random(SEED);
        int n = o.integer("proofs");
        for (int i = 0; i < Math.min(200, n); i++) {
            proof(http, service, key, ids.get(random.nextInt(ids.size())));
        }
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        int bytes = 0;
        int hashes = 0;
        int checkpoint = 0;
        for (int round = 1; round <= o.integer("rounds"); round++) {
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                Http.Answer a = proof(http, service, key, ids.get(random.nextInt(ids.size())));
                ms[i] = a.nanos() / 1e6;
                JsonNode body = JSON.readTree(a.body());
                bytes = Math.max(bytes, body.path("tlog_proof").asText().getBytes(StandardCharsets.UTF_8).length);
                hashes = Math.max(hashes, body.path("inclusion").size());
                checkpoint = body.path("checkpoint").asText().getBytes(StandardCharsets.UTF_8).length;
            }
            double p50 = Stats.percentile(ms, 50);
            double p99 = Stats.percentile(ms, 99);
            p50s.add(p50);
            p99s.add(p99);
            System.out.printf(Locale.ROOT, "  size %,d round %d: %d proofs, p50 %.2f ms, p99 %.2f ms%n", size, round, n, p50, p99);
        }
        int expected = (int) Math.ceil(Math.log(size) / Math.log(2));
        System.out.printf(Locale.ROOT, "proof at tree size %,d: p50 %.2f ms, p99 %.2f ms (medians of %d rounds); up to %d hashes"
                        + " (ceil(log2 n) = %d), %d bytes of hashes + %d bytes of checkpoint; the tlog-proof text is %d bytes%n",
                size, Stats.median(p50s), Stats.median(p99s), p50s.size(), hashes, expected, 32 * hashes, checkpoint, bytes);
    }

    private static Http.Answer proof(Http http, ServiceProcess service, Optional<String> key, String id) throws Exception {
        return http.send("GET", service.url().resolve("/v1/events/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/proof"), key,
                null, null).ok("GET /v1/events/{id}/proof");
    }

    /** Exports the log with proofs, then times {@code audit-verify export} over the file and {@code audit-verify walk} of the log. */
    private static void verifyExport(Http http, Cluster cluster, ServiceProcess service, Optional<String> key, String log, long size)
            throws Exception {
        Path dir = Cluster.benchTarget().resolve("bench-integrity");
        Path file = dir.resolve("export.ndjson");
        Path keyFile = dir.resolve("log.vkey");
        String verifierKey = JSON.readTree(http.send("GET", service.url().resolve("/v1/integrity/public-key"), key, null, null)
                .ok("GET /v1/integrity/public-key").body()).path("verifier_key").asText();
        Files.writeString(keyFile, verifierKey + "\n");
        URI export = service.url().resolve("/v1/events/_export?proof=true&log=" + URLEncoder.encode(log, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        Http.Answer a = http.stream(export, key, in -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                in.transferTo(out);
            }
        });
        if (a.status() != 200) {
            throw new IllegalStateException("export with proofs answered " + a.status() + ": " + new String(a.body(), StandardCharsets.UTF_8));
        }
        System.out.printf(Locale.ROOT, "export with proofs of %s: %,d MB in %.1f s%n", log, Files.size(file) >> 20,
                (System.nanoTime() - t0) / 1e9);
        Path root = Cluster.benchTarget().getParent().getParent();
        timed("audit-verify export", size, root, cluster, List.of("export", "--key", keyFile.toString(), "--full", file.toString()));
        timed("audit-verify walk", size, root, cluster, List.of("walk", "--elasticsearch", cluster.urlForService(), "--key",
                keyFile.toString(), "--log", log));
        Files.deleteIfExists(file);
    }

    private static void timed(String what, long leaves, Path root, Cluster cluster, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/audit-verify").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish in 30 minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String last = out.strip().lines().reduce((x, y) -> y).orElse("");
        System.out.printf(Locale.ROOT, "%s (own process, JVM start included): exit %d, %,d leaves in %.1f s = %,.0f leaves/s; %s%n",
                what, p.exitValue(), leaves, seconds, leaves / seconds, last);
        if (p.exitValue() != 0) {
            System.out.println(Http.preview(out));
        }
    }
}
