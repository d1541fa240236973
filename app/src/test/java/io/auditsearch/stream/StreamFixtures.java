package io.auditsearch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.Json;
import io.auditsearch.support.ServiceHttp;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/** Events, destinations and waits with deadlines for the stream tests. */
final class StreamFixtures {

    /** Fast loops for tests: short linger, refresh and backoff. */
    static final java.util.Map<String, Object> FAST = java.util.Map.of(
            "audit.streams.linger", "50ms",
            "audit.streams.refresh-interval", "1s",
            "audit.streams.backoff-initial", "100ms",
            "audit.streams.backoff-max", "2s",
            "audit.streams.failing-after", "3s");

    private StreamFixtures() {
    }

    static String secret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    static ObjectNode event(String id, String action) {
        ObjectNode e = Json.MAPPER.createObjectNode();
        e.put("@timestamp", Instant.now().toString());
        e.putObject("event").put("id", id).put("action", action).put("outcome", "success");
        e.putObject("log").put("level", "info");
        return e;
    }

    /** Posts the events through {@code _bulk} in chunks and checks each line was kept. */
    static void ingest(ServiceHttp api, List<ObjectNode> events) {
        for (int i = 0; i < events.size(); i += 1000) {
            StringBuilder body = new StringBuilder();
            events.subList(i, Math.min(events.size(), i + 1000)).forEach(e -> body.append(e).append('\n'));
            ServiceHttp.Answer a = api.postBulk(body.toString());
            if (a.status() != 200 || a.body().path("errors").asBoolean()) {
                throw new AssertionError("bulk failed: " + a.status() + " " + a.body().toString().substring(0, Math.min(1000, a.body().toString().length())));
            }
        }
    }

    static List<ObjectNode> events(String prefix, int n) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(prefix + "-" + i, prefix + ".action"));
        }
        return out;
    }

    static ServiceHttp.Answer createWebhook(ServiceHttp api, String url, List<String> secrets, String actionPrefix) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("name", "test " + actionPrefix);
        body.put("type", "webhook");
        body.put("url", url);
        var s = body.putArray("secrets");
        secrets.forEach(s::add);
        body.putObject("filter").put("action_prefix", actionPrefix);
        return api.send("POST", "/v1/admin/streams", "application/json", body.toString());
    }

    static JsonNode status(ServiceHttp api, String id) {
        return api.get("/v1/admin/streams/" + id).body().path("status");
    }

    /** Polls until the supplier gives non-null, or fails naming what was awaited. */
    static <T> T await(Duration timeout, String what, Supplier<T> check) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = check.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
