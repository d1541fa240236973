package io.auditsearch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback (the JDK's HttpServer): verifies every request's Standard Webhooks
 * signature with the kept implementation ({@code com.standardwebhooks}) against each secret it was
 * given, records the events it took in arrival order, and can be taken down, or refuse chosen event
 * ids with 422 {@code {"rejected":[{"id","reason"}]}}.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Webhook> verifiers;
    private final int port;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> refuse = ConcurrentHashMap.newKeySet();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile HttpServer server;
    private volatile long delayMillis;

    /** @param secrets each secret must verify every request (a rotation sends one signature per secret) */
    WebhookReceiver(String... secrets) throws IOException {
        verifiers = java.util.Arrays.stream(secrets).map(Webhook::new).toList();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        port = server.getAddress().getPort();
        start();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    synchronized void down() {
        server.stop(0);
    }

    synchronized void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        start();
    }

    /** Answers each request only after this long (a slow receiver). */
    void slow(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    void refuse(String id) {
        refuse.add(id);
    }

    void accept(String id) {
        refuse.remove(id);
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Ids in arrival order, each once. */
    List<String> distinctIds() {
        Set<String> ids = new LinkedHashSet<>();
        received().forEach(r -> ids.add(r.id()));
        return List.copyOf(ids);
    }

    int badSignatures() {
        return badSignatures.get();
    }

    int requests() {
        return requests.get();
    }

    private void start() {
        server.setExecutor(Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/hook", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        for (Webhook verifier : verifiers) {
            try {
                verifier.verify(body, headers);
            } catch (WebhookVerificationException e) {
                badSignatures.incrementAndGet();
                answer(exchange, 401, "{\"error\":\"bad signature\"}");
                return;
            }
        }
        JsonNode root = JSON.readTree(body);
        List<Map<String, String>> rejected = new ArrayList<>();
        List<Received> took = new ArrayList<>();
        for (JsonNode e : root.path("events")) {
            String id = e.path("id").asText();
            if (refuse.contains(id)) {
                rejected.add(Map.of("id", id, "reason", "the test refuses this event"));
            } else {
                took.add(new Received(e.path("sequence").asLong(), id, headers.get("webhook-id").getFirst(), e.path("event")));
            }
        }
        received.addAll(took);
        if (rejected.isEmpty()) {
            answer(exchange, 200, "{}");
        } else {
            answer(exchange, 422, JSON.writeValueAsString(Map.of("rejected", rejected)));
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public synchronized void close() {
        server.stop(0);
    }

    /** One event as the receiver took it. */
    record Received(long sequence, String id, String webhookId, JsonNode event) {
    }
}
