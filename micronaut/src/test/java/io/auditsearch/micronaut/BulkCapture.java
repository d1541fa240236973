package io.auditsearch.micronaut;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local HTTP server in the service's place: answers every {@code _bulk} line 201 and keeps the events and the Authorization headers. */
final class BulkCapture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    BulkCapture() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/events/_bulk", this::bulk);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void bulk(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            ArrayNode items = JSON.createArrayNode();
            for (String line : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode event = JSON.readTree(line);
                events.add(event);
                items.add(JSON.createObjectNode().put("id", event.at("/event/id").asText()).put("status", 201).put("result", "created"));
            }
            ObjectNode answer = JSON.createObjectNode().put("errors", false);
            answer.set("items", items);
            byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
