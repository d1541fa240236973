package io.auditsearch.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook: each batch is one POST of {@code {"events":[{"sequence","id","log","leaf","event"}...]}},
 * signed per Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}, one signature per secret,
 * space-separated, during rotation). The id is the batch's (destination and sequence range), the
 * same on every resend, so a receiver can drop repeats. 2xx: delivered; 410: the destination is
 * gone; 429/503: wait as Retry-After says; 422 with {@code {"rejected":[{"id","reason"}]}}: those
 * events are refused for good, the others delivered; anything else: retried.
 */
final class WebhookTransport implements Transport {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Destination destination;
    private final PayloadFormat format;
    private final HttpClient http;
    private final Duration timeout;
    private final List<Webhook> signers;
    private final URI uri;

    WebhookTransport(Destination destination, PayloadFormat format, HttpClient http, Duration timeout) {
        this.destination = destination;
        this.format = format;
        this.http = http;
        this.timeout = timeout;
        this.signers = destination.secrets().stream().map(Webhook::new).toList();
        this.uri = URI.create(destination.url());
    }

    @Override
    public Delivery send(List<StreamedEvent> batch) throws DeliveryException {
        String body = body(batch);
        String id = "msg_" + destination.id() + "_" + batch.getFirst().sequence() + "_" + batch.getLast().sequence();
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw DeliveryException.retry("webhook " + uri.getHost() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retry("interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Delivery.all();
        }
        if (status == 410) {
            throw new DeliveryException("webhook answered 410 Gone", Optional.empty(), true, null);
        }
        if (status == 422) {
            Map<String, String> refused = rejected(response.body(), batch);
            if (!refused.isEmpty()) {
                return new Delivery(refused);
            }
        }
        Optional<Duration> wait = status == 429 || status == 503 ? RetryAfter.of(response) : Optional.empty();
        throw new DeliveryException("webhook answered " + status, wait, false, null);
    }

    private String body(List<StreamedEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            for (StreamedEvent e : batch) {
                g.writeStartObject();
                g.writeNumberField("sequence", e.sequence());
                g.writeStringField("id", e.id());
                if (e.log().isPresent()) {
                    g.writeStringField("log", e.log().get());
                }
                if (e.leaf().isPresent()) {
                    g.writeNumberField("leaf", e.leaf().getAsLong());
                }
                g.writeFieldName("event");
                g.writeRawValue(new String(format.format(e), StandardCharsets.UTF_8));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String signature(String id, long timestamp, String body) {
        StringBuilder out = new StringBuilder();
        for (Webhook signer : signers) {
            try {
                out.append(out.isEmpty() ? "" : " ").append(signer.sign(id, timestamp, body));
            } catch (WebhookSigningException e) {
                throw new IllegalStateException("the webhook secret cannot sign", e);
            }
        }
        return out.toString();
    }

    /** The receiver's {@code rejected} list, kept to ids of this batch. */
    private static Map<String, String> rejected(String body, List<StreamedEvent> batch) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode root = MAPPER.readTree(body);
            for (JsonNode r : root.path("rejected")) {
                String id = r.path("id").asText(null);
                if (id != null && batch.stream().anyMatch(e -> e.id().equals(id))) {
                    out.put(id, r.path("reason").asText("refused by the receiver"));
                }
            }
        } catch (IOException e) {
            // not the documented body: the whole batch is retried
        }
        return out;
    }

    @Override
    public void close() {
        // the HTTP client is shared by the factory
    }
}
