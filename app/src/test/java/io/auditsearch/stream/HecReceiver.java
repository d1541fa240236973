package io.auditsearch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver speaking Splunk HEC on loopback: {@code /services/collector/event} takes concatenated
 * JSON events with {@code Authorization: Splunk <token>}; with indexer acknowledgement a request
 * needs {@code X-Splunk-Request-Channel} and is answered with an {@code ackId}, which
 * {@code /services/collector/ack} reports true only once {@code ackDelay} has passed.
 */
final class HecReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final Duration ackDelay;
    private final HttpServer server;
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Long> ackDue = new ConcurrentHashMap<>();
    private final AtomicLong nextAck = new AtomicLong();
    private final AtomicInteger ackPolls = new AtomicInteger();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private volatile long firstReceivedNanos;

    HecReceiver(String token, Duration ackDelay) throws IOException {
        this.token = token;
        this.ackDelay = ackDelay;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/services/collector/event", this::event);
        server.createContext("/services/collector/ack", this::ack);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    long firstReceivedNanos() {
        return firstReceivedNanos;
    }

    int ackPolls() {
        return ackPolls.get();
    }

    int unauthorized() {
        return unauthorized.get();
    }

    private boolean authorized(HttpExchange x) throws IOException {
        if (!("Splunk " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            unauthorized.incrementAndGet();
            answer(x, 401, "{\"text\":\"Invalid authorization\",\"code\":3}");
            return false;
        }
        if (x.getRequestHeaders().getFirst("X-Splunk-Request-Channel") == null) {
            answer(x, 400, "{\"text\":\"Data channel is missing\",\"code\":10}");
            return false;
        }
        return true;
    }

    private void event(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        if (!authorized(x)) {
            return;
        }
        List<JsonNode> batch = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNext()) {
                batch.add(it.next());
            }
        }
        if (firstReceivedNanos == 0) {
            firstReceivedNanos = System.nanoTime();
        }
        events.addAll(batch);
        long id = nextAck.getAndIncrement();
        ackDue.put(id, System.nanoTime() + ackDelay.toNanos());
        answer(x, 200, "{\"text\":\"Success\",\"code\":0,\"ackId\":" + id + "}");
    }

    private void ack(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        if (!authorized(x)) {
            return;
        }
        ackPolls.incrementAndGet();
        Map<String, Boolean> acks = new java.util.LinkedHashMap<>();
        for (JsonNode id : JSON.readTree(body).path("acks")) {
            Long due = ackDue.get(id.asLong());
            acks.put(id.asText(), due != null && System.nanoTime() >= due);
        }
        answer(x, 200, JSON.writeValueAsString(Map.of("acks", acks)));
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("content-type", "application/json");
        x.sendResponseHeaders(status, out.length);
        x.getResponseBody().write(out);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
