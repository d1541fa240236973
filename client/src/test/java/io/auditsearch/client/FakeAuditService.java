package io.auditsearch.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A local stand-in for the service's {@code POST /v1/events/_bulk} on the JDK's HTTP server (port
 * 0, loopback): checks the API key, answers one item per line in order like the service (201
 * created/duplicate by event.id, 400 invalid for events whose action is {@code test.invalid}),
 * and can be scripted to answer whole requests with a status (429/503 with Retry-After) or to
 * answer some items 503. Records every request and every line it received.
 */
final class FakeAuditService implements AutoCloseable {

    static final String KEY = "fake-key-0123456789-do-not-log";
    static final String INVALID_ACTION = "test.invalid";

    record Answer(int status, String retryAfter) {
    }

    record Received(long nanos, List<String> ids) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Set<String> stored = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> storedInOrder = Collections.synchronizedList(new ArrayList<>());
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int itemsToRefuseWith503;

    FakeAuditService() {
        this(0);
    }

    FakeAuditService(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/events/_bulk", this::bulk);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The next requests are answered with these statuses as a whole (and nothing is stored). */
    void answerNext(int status, String retryAfter, int times) {
        for (int i = 0; i < times; i++) {
            script.add(new Answer(status, retryAfter));
        }
    }

    /** The next {@code n} items (across requests) are answered 503 spool_full, per item. */
    void refuseItemsWith503(int n) {
        itemsToRefuseWith503 = n;
    }

    List<String> storedInOrder() {
        synchronized (storedInOrder) {
            return List.copyOf(storedInOrder);
        }
    }

    List<Received> requests() {
        return List.copyOf(requests);
    }

    List<String> receivedIds() {
        List<String> all = new ArrayList<>();
        requests.forEach(r -> all.addAll(r.ids()));
        return all;
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void bulk(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            if (!("ApiKey " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, null, "{\"status\":401}");
                return;
            }
            String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
            List<String> ids = new ArrayList<>();
            ArrayNode items = Json.MAPPER.createArrayNode();
            Answer scripted = script.poll();
            boolean refused = false;
            for (String line : lines) {
                JsonNode event = Json.MAPPER.readTree(line);
                String id = event.path("event").path("id").asText();
                ids.add(id);
                if (scripted == null) {
                    ObjectNode item = item(event, id);
                    refused |= item.path("status").asInt() == 503;
                    items.add(item);
                }
            }
            requests.add(new Received(System.nanoTime(), ids));
            if (scripted != null) {
                respond(exchange, scripted.status(), scripted.retryAfter(), "{\"status\":" + scripted.status() + ",\"detail\":\"scripted\"}");
                return;
            }
            ObjectNode answer = Json.MAPPER.createObjectNode().put("took", 1).put("errors", false);
            answer.set("items", items);
            respond(exchange, 200, refused ? "1" : null, answer.toString());
        }
    }

    private ObjectNode item(JsonNode event, String id) {
        ObjectNode item = Json.MAPPER.createObjectNode();
        if (INVALID_ACTION.equals(event.path("event").path("action").asText())) {
            item.put("status", 400).put("result", "invalid").putObject("error").put("type", "validation_error")
                    .put("reason", "event.action: test refusal").put("field", "event.action");
            return item;
        }
        if (itemsToRefuseWith503 > 0) {
            itemsToRefuseWith503--;
            item.put("id", id).put("status", 503).put("result", "failed").putObject("error").put("type", "spool_full");
            return item;
        }
        boolean fresh = stored.add(id);
        if (fresh) {
            storedInOrder.add(id);
        }
        return item.put("id", id).put("index", "audit-events-test").put("status", 201).put("result", fresh ? "created" : "duplicate");
    }

    private static void respond(HttpExchange exchange, int status, String retryAfter, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Waits for a condition up to a deadline; false when it never held. */
    static boolean await(BooleanSupplier condition, long timeoutMillis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
