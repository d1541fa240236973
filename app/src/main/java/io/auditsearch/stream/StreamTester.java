package io.auditsearch.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** {@code _test}: one synthetic event through a transport of its own, answered with what the destination said. */
@Singleton
class StreamTester {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transports transports;

    StreamTester(Transports transports) {
        this.transports = transports;
    }

    StreamController.TestResult test(Destination d) {
        String id = "stream-test-" + UUID.randomUUID();
        ObjectNode source = JSON.createObjectNode();
        source.put("@timestamp", Instant.now().toString());
        source.putObject("event").put("id", id).put("action", "stream.test").put("kind", "event").put("outcome", "success");
        source.put("message", "Audit Search stream test for destination " + d.id());
        StreamedEvent event;
        try {
            event = new StreamedEvent(0, id, Optional.empty(), JSON.writeValueAsBytes(source), Optional.empty(), OptionalLong.empty());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Transport t = transports.open(d)) {
            Delivery delivery = t.send(List.of(event));
            return delivery.refused().isEmpty() ? new StreamController.TestResult(true, null)
                    : new StreamController.TestResult(false, "refused: " + delivery.refused().get(id));
        } catch (DeliveryException | IllegalArgumentException e) {
            return new StreamController.TestResult(false, e.getMessage());
        }
    }
}
