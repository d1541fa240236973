package io.auditsearch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The search benchmark's data set: N events over 30 days (deterministic ids, users, tenants and
 * words, so queries find the same counts every run), prepared by the service's own EventPreparer and
 * loaded with direct {@code _bulk} requests; a cluster that already holds them is left as it is.
 */
final class SearchBenchData {

    /** service.name prefix of every benchmark event (five services). */
    static final String SERVICE_PREFIX = "bench-svc-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String[] ACTIONS = {"user.login", "user.logout", "user.password_change", "role.assign", "role.revoke",
            "api_key.create", "document.read", "document.update", "document.delete", "model.create", "model.update",
            "dataset.read", "dataset.export", "billing.update", "org.settings_change"};
    private static final String[] WORDS = {"quarterly", "review", "payroll", "invoice", "migration", "incident", "audit",
            "export", "customer", "contract", "escalation", "rollback", "deploy", "approval", "ticket", "vendor",
            "onboarding", "offboarding", "privacy", "retention", "backup", "restore", "credential", "rotation"};

    private SearchBenchData() {
    }

    private static long count(String es) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/audit-events/_count?ignore_unavailable=true"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"prefix\":{\"service.name\":\"" + SERVICE_PREFIX + "\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()).path("count").asLong() : 0;
    }

    /** Loads the events with the service's own EventPreparer and direct _bulk requests (2 in flight), spread over 30 days. */
    static void load(EventPreparer preparer, String es, int events, Instant end) throws Exception {
        long have = count(es);
        if (have >= events) {
            System.out.printf(Locale.ROOT, "Data: %,d benchmark events already loaded, skipping the load%n", have);
            return;
        }
        System.out.printf(Locale.ROOT, "Loading %,d events...%n", events);
        long started = System.nanoTime();
        Random random = new Random(42);
        Duration span = Duration.ofDays(30);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> inFlight = new ArrayList<>();
        StringBuilder bulk = new StringBuilder();
        int inBulk = 0;
        for (int i = 0; i < events; i++) {
            Instant at = end.minus(span).plusMillis((long) (span.toMillis() * (i / (double) events)));
            byte[] json = JSON.writeValueAsBytes(generate(random, i, at));
            PreparedEvent e = preparer.prepare(json, 0, json.length);
            // index, not create: ids are deterministic, so a partly loaded data set is completed, not duplicated
            bulk.append("{\"index\":{\"_index\":\"").append(e.index()).append("\",\"_id\":\"").append(e.id()).append("\"}}\n")
                    .append(new String(e.source(), StandardCharsets.UTF_8)).append('\n');
            if (++inBulk == 5000 || i == events - 1) {
                String body = bulk.toString();
                bulk.setLength(0);
                inBulk = 0;
                if (inFlight.size() >= 2) {
                    inFlight.removeFirst().get();
                }
                inFlight.add(pool.submit(() -> {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(es + "/_bulk?filter_path=errors"))
                            .header("content-type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || r.body().contains("\"errors\":true")) {
                        throw new IllegalStateException("bulk failed: " + r.statusCode() + " " + r.body());
                    }
                    return null;
                }));
            }
            if (i > 0 && i % 100_000 == 0) {
                System.out.printf(Locale.ROOT, "  %,d events, %.0f/s%n", i, i / ((System.nanoTime() - started) / 1e9));
            }
        }
        for (Future<?> f : inFlight) {
            f.get();
        }
        pool.shutdown();
        HTTP.send(HttpRequest.newBuilder(URI.create(es + "/audit-events-*/_refresh")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.printf(Locale.ROOT, "Loaded %,d events in %.0f s%n", events, (System.nanoTime() - started) / 1e9);
    }

    private static ObjectNode generate(Random r, int i, Instant at) {
        ObjectNode e = JSON.createObjectNode();
        e.put("@timestamp", at.toString());
        String action = ACTIONS[r.nextInt(ACTIONS.length)];
        boolean failed = r.nextInt(10) == 0;
        ObjectNode ev = e.putObject("event");
        ev.put("id", "bench-" + i).put("action", action).put("outcome", failed ? "failure" : "success");
        ev.putArray("category").add(action.startsWith("user.") ? "authentication" : action.startsWith("role.") ? "iam" : "configuration");
        int user = (int) Math.abs(r.nextGaussian() * 150) % 1000;
        e.putObject("user").put("id", "u-" + user).put("name", "user" + user);
        e.putObject("source").put("ip", "10." + (user % 8) + "." + r.nextInt(256) + "." + r.nextInt(256));
        e.putObject("organization").put("id", "tenant-" + (user % 20));
        e.putObject("service").put("name", SERVICE_PREFIX + (i % 5));
        e.putObject("log").put("level", failed ? "warning" : "info");
        String w1 = WORDS[r.nextInt(WORDS.length)];
        String w2 = WORDS[r.nextInt(WORDS.length)];
        e.put("message", "user" + user + " " + action.replace('.', ' ') + " " + w1);
        ObjectNode audit = e.putObject("audit");
        audit.putObject("resource").put("type", action.substring(0, action.indexOf('.'))).put("id", "r-" + r.nextInt(50_000))
                .put("name", w2 + " " + r.nextInt(1000));
        audit.putObject("details").put("ticket", "T-" + r.nextInt(100_000)).put("reason", w1 + " " + w2)
                .put("request_id", Long.toHexString(r.nextLong()));
        if (failed) {
            e.putObject("error").put("message", "permission denied for " + w2);
        }
        return e;
    }
}
