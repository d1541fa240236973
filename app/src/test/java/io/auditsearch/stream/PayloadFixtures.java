package io.auditsearch.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/** Golden files under src/test/resources/stream and events built from them. */
final class PayloadFixtures {

    private PayloadFixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = PayloadFixtures.class.getResourceAsStream("/stream/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource stream/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(resource(name), StandardCharsets.UTF_8);
    }

    /** The stored example event ecs-full.json (tenant acme) at sequence 41. */
    static StreamedEvent full() {
        return new StreamedEvent(41, "0195a3c4-7d2e-7b1a-9f00-3c5e8a1d2b4f", Optional.of("acme"),
                resource("ecs-full.json"), Optional.empty(), OptionalLong.empty());
    }

    /** The smallest stored event ecs-minimal.json (no tenant) at sequence 41. */
    static StreamedEvent minimal() {
        return new StreamedEvent(41, "evt-min", Optional.empty(), resource("ecs-minimal.json"), Optional.empty(),
                OptionalLong.empty());
    }

    /** An event whose stored document is {@code json}. */
    static StreamedEvent of(long sequence, String id, String tenant, String json) {
        return new StreamedEvent(sequence, id, Optional.ofNullable(tenant), json.getBytes(StandardCharsets.UTF_8),
                Optional.empty(), OptionalLong.empty());
    }
}
