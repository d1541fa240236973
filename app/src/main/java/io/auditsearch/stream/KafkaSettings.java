package io.auditsearch.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Where a Kafka destination's producer sends.
 *
 * @param bootstrapServers the brokers to start from, {@code host:port,...}
 * @param topic            the topic every event goes to (key = tenant, value = payload)
 * @param extra            further producer settings (security.protocol, sasl.*, ssl.*, compression.type,
 *                         linger.ms, ...); those that would weaken the delivery guarantee are refused
 * @param timeout          how long one batch may take, every record's acknowledgement included
 */
public record KafkaSettings(String bootstrapServers, String topic, Map<String, String> extra, Duration timeout) {

    /** Settings the transport fixes itself, because the guarantees rest on them. */
    static final Set<String> FIXED = Set.of("acks", "enable.idempotence", "transactional.id", "key.serializer",
            "value.serializer", "bootstrap.servers");

    public KafkaSettings {
        extra = Map.copyOf(extra);
        for (String key : extra.keySet()) {
            if (FIXED.contains(key)) {
                throw new IllegalArgumentException("Kafka setting " + key + " is fixed by the stream and cannot be set");
            }
        }
        String inFlight = extra.get("max.in.flight.requests.per.connection");
        if (inFlight != null && Integer.parseInt(inFlight.trim()) > 5) {
            throw new IllegalArgumentException("max.in.flight.requests.per.connection above 5 breaks the idempotent producer's order");
        }
    }

    public static KafkaSettings of(String bootstrapServers, String topic) {
        return new KafkaSettings(bootstrapServers, topic, Map.of(), Duration.ofSeconds(60));
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", extra keys="
                + extra.keySet() + ", timeout=" + timeout + "]";
    }
}
