package io.auditsearch.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Splunk HEC: each batch is one POST to {@code /services/collector/event} with
 * {@code Authorization: Splunk <token>}, the events as concatenated JSON objects
 * ({@code time}, {@code source}, {@code sourcetype}, {@code index}, {@code event}). With option
 * {@code ack=true} (the token has indexer acknowledgement on) every request carries this
 * transport's {@code X-Splunk-Request-Channel}; the answer's {@code ackId} is polled at
 * {@code /services/collector/ack} and the batch counts as delivered only once Splunk says it is
 * indexed; past the ack deadline the batch is sent again. An event HEC refuses as invalid
 * ({@code invalid-event-number}) is refused for good and the rest of the batch sent again.
 */
final class SplunkHecTransport implements Transport {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Destination destination;
    private final PayloadFormat format;
    private final HttpClient http;
    private final Duration timeout;
    private final boolean ack;
    private final Duration ackTimeout;
    private final Duration ackPoll;
    private final String channel = UUID.randomUUID().toString();
    private final URI events;
    private final URI acks;

    SplunkHecTransport(Destination destination, PayloadFormat format, HttpClient http, StreamsConfiguration config) {
        this.destination = destination;
        this.format = format;
        this.http = http;
        this.timeout = config.getRequestTimeout();
        this.ack = destination.option("ack").map(Boolean::parseBoolean).orElse(false);
        this.ackTimeout = destination.option("ack_timeout").map(Duration::parse).orElse(Duration.ofMinutes(1));
        this.ackPoll = destination.option("ack_poll").map(Duration::parse).orElse(Duration.ofMillis(500));
        String base = destination.url().endsWith("/") ? destination.url().substring(0, destination.url().length() - 1) : destination.url();
        this.events = URI.create(base + "/services/collector/event");
        this.acks = URI.create(base + "/services/collector/ack?channel=" + channel);
    }

    @Override
    public Delivery send(List<StreamedEvent> batch) throws DeliveryException {
        Map<String, String> refused = new LinkedHashMap<>();
        List<StreamedEvent> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            HttpResponse<String> response = post(events, body(left));
            JsonNode answer = json(response.body());
            int status = response.statusCode();
            if (status == 200) {
                if (ack) {
                    awaitAck(answer.path("ackId").asLong(-1));
                }
                return new Delivery(refused);
            }
            int invalid = answer.path("invalid-event-number").asInt(-1);
            if (status == 400 && invalid >= 0 && invalid < left.size()) {
                StreamedEvent bad = left.remove(invalid);
                refused.put(bad.id(), "HEC: " + answer.path("text").asText("invalid event"));
                continue;
            }
            Optional<Duration> wait = status == 429 || status == 503 ? RetryAfter.of(response) : Optional.empty();
            throw new DeliveryException("Splunk HEC answered " + status + " (code " + answer.path("code").asText("?") + ")", wait,
                    false, null);
        }
        return new Delivery(refused);
    }

    /** Polls {@code /services/collector/ack} until the ack id is true, or the deadline (then the batch is sent again). */
    private void awaitAck(long ackId) throws DeliveryException {
        if (ackId < 0) {
            throw DeliveryException.retry("Splunk HEC gave no ackId: is indexer acknowledgement on for this token?", null);
        }
        long end = System.nanoTime() + ackTimeout.toNanos();
        String query = "{\"acks\":[" + ackId + "]}";
        while (System.nanoTime() < end) {
            HttpResponse<String> response = post(acks, query);
            if (response.statusCode() == 200 && json(response.body()).path("acks").path(Long.toString(ackId)).asBoolean(false)) {
                return;
            }
            try {
                Thread.sleep(ackPoll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DeliveryException.retry("interrupted", e);
            }
        }
        throw DeliveryException.retry("Splunk HEC did not acknowledge ackId " + ackId + " within " + ackTimeout, null);
    }

    private HttpResponse<String> post(URI uri, String body) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Splunk " + destination.secrets().getFirst())
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (ack) {
            request.header("X-Splunk-Request-Channel", channel);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw DeliveryException.retry("Splunk HEC " + uri.getHost() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retry("interrupted", e);
        }
    }

    private String body(List<StreamedEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 1024);
        for (StreamedEvent e : batch) {
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                time(e).ifPresent(t -> {
                    try {
                        g.writeNumberField("time", t);
                    } catch (IOException io) {
                        throw new IllegalStateException(io);
                    }
                });
                g.writeStringField("source", destination.option("source").orElse("audit-search"));
                g.writeStringField("sourcetype", destination.option("sourcetype").orElse("audit-search:" + destination.format()));
                if (destination.option("index").isPresent()) {
                    g.writeStringField("index", destination.option("index").get());
                }
                g.writeObjectFieldStart("fields");
                g.writeStringField("event_id", e.id());
                g.writeNumberField("sequence", e.sequence());
                if (e.log().isPresent()) {
                    g.writeStringField("log", e.log().get());
                }
                if (e.leaf().isPresent()) {
                    g.writeNumberField("leaf", e.leaf().getAsLong());
                }
                g.writeEndObject();
                g.writeFieldName("event");
                g.writeRawValue(new String(format.format(e), StandardCharsets.UTF_8));
                g.writeEndObject();
            } catch (IOException io) {
                throw new IllegalStateException(io);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The event's {@code @timestamp} as HEC's epoch seconds (with milliseconds). */
    private static Optional<java.math.BigDecimal> time(StreamedEvent e) {
        try {
            String ts = MAPPER.readTree(e.source()).path("@timestamp").asText(null);
            if (ts == null) {
                return Optional.empty();
            }
            return Optional.of(java.math.BigDecimal.valueOf(Instant.parse(ts).toEpochMilli(), 3));
        } catch (IOException | DateTimeParseException ex) {
            return Optional.empty();
        }
    }

    private static JsonNode json(String body) {
        try {
            return body == null || body.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.nullNode();
        }
    }

    @Override
    public void close() {
        // the HTTP client is shared by the factory
    }
}
