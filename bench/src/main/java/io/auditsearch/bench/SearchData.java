package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The search benchmark's stored events: generated in passes of a million (each pass spread evenly
 * over the same 30 days, in parts of 100,000 with their own seed, so the store looks alike at every
 * size and a load can resume) and loaded through the service's {@code POST /v1/events/_bulk}, so what
 * is stored is what the service stores. The period's end and the pass size are kept in the cluster
 * (index {@code bench-search-meta}): a later run asks about the same period and only loads what is
 * missing. The load prints the ingest rate of every million as the store grows.
 */
final class SearchData {

    static final Duration SPAN = Duration.ofDays(30);
    private static final String META = "/bench-search-meta/_doc/data";
    private static final long SEED = 20_260_303L;
    private static final int PART = 100_000;
    private static final int BATCH = 1_000;
    private static final int THREADS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is stored: the period's end and how many events a pass spreads over it. */
    record Meta(Instant end, int pass) {
    }

    private SearchData() {
    }

    /** Loads until the store holds {@code events}; answers the period and how many events it holds. */
    static Meta ensure(Cluster cluster, Http http, ServiceProcess service, int events) throws Exception {
        Meta meta = meta(cluster, http, events);
        AuditIndices indices = new AuditIndices(cluster, http);
        indices.refresh();
        long have = indices.count();
        if (have >= events) {
            System.out.printf(Locale.ROOT, "Data: %,d events stored (period ending %s), nothing to load%n", have, meta.end());
            return meta;
        }
        int part = Math.min(PART, meta.pass());
        int parts = meta.pass() / part;
        Optional<String> key = Optional.of(service.createKey("ingest"));
        // the period's daily indices exist before the load, as they do after its first day in production
        List<Instant> days = new java.util.ArrayList<>();
        for (Instant d = meta.end().minus(SPAN); !d.isAfter(meta.end()); d = d.plus(Duration.ofDays(1))) {
            days.add(d);
        }
        days.add(meta.end());
        indices.create(AuditIndices.dailyIndices(days));
        System.out.printf(Locale.ROOT, "Loading %,d events through the service's _bulk (%d per request, %d client threads),"
                + " resuming at %,d...%n", events - have, BATCH, THREADS, have - have % part);
        long started = System.nanoTime();
        long passStarted = started;
        long passFrom = have - have % part;
        for (int k = (int) (have / part); (long) k * part < events; k++) {
            int p = k % parts;
            Instant partEnd = meta.end().minus(SPAN).plus(SPAN.dividedBy(parts).multipliedBy(p + 1));
            List<byte[]> batch = new AuditEventGenerator(SEED + k).generate(part, partEnd, SPAN.dividedBy(parts));
            BulkLoad.run(BulkLoad.ndjson(batch, BATCH), THREADS, b -> check(http.send("POST",
                    service.url().resolve("/v1/events/_bulk"), key, "application/x-ndjson", b.body()), b.events()));
            long stored = (long) (k + 1) * part;
            if (stored % meta.pass() == 0 || stored >= events) {
                double s = (System.nanoTime() - passStarted) / 1e9;
                System.out.printf(Locale.ROOT, "  %,11d -> %,11d events: %6.0f s = %,7.0f ev/s (load average now %.1f)%n", passFrom, stored, s,
                        (stored - passFrom) / s, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                passStarted = System.nanoTime();
                passFrom = stored;
            }
        }
        indices.refresh();
        long now = indices.count();
        if (now != events) {
            throw new IllegalStateException("loaded up to " + events + " events but the audit indices hold " + now);
        }
        System.out.printf(Locale.ROOT, "Loaded in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return meta;
    }

    /** Every item created, or a duplicate when a load resumes inside a part it had begun. */
    private static void check(Http.Answer answer, int events) throws IOException {
        JsonNode body = JSON.readTree(answer.ok("POST /v1/events/_bulk").body());
        JsonNode items = body.path("items");
        if (items.size() != events) {
            throw new IllegalStateException("the service answered " + items.size() + " items for " + events + " events");
        }
        for (JsonNode item : items) {
            String result = item.path("result").asText();
            if (item.path("status").asInt() != 201 || !(result.equals("created") || result.equals("duplicate"))) {
                throw new IllegalStateException("the service did not store an event: " + item);
            }
        }
    }

    private static Meta meta(Cluster cluster, Http http, int events) throws IOException, InterruptedException {
        Http.Answer got = cluster.call(http, "GET", META, (String) null);
        if (got.status() == 200) {
            JsonNode source = JSON.readTree(got.body()).path("_source");
            return new Meta(Instant.parse(source.path("end").asText()), source.path("pass").asInt());
        }
        Meta meta = new Meta(Instant.now().truncatedTo(ChronoUnit.HOURS), Math.min(events, 1_000_000));
        cluster.call(http, "PUT", META + "?refresh=true", JSON.writeValueAsString(Map.of("end", meta.end().toString(),
                "pass", meta.pass()))).ok("PUT " + META);
        return meta;
    }
}
