package io.auditsearch.stream;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka destinations. Options: {@code bootstrap_servers} and {@code topic} (required); any option named
 * {@code kafka.<setting>} is passed to the producer as {@code <setting>} (security.protocol, ssl.*, ...). The
 * destination's secret, when given, is the producer's {@code sasl.jaas.config} (write-only).
 */
@Singleton
class KafkaTransportFactory implements TransportFactory {

    private static final String PREFIX = "kafka.";

    private final StreamsConfiguration config;

    KafkaTransportFactory(StreamsConfiguration config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Transport open(Destination destination, PayloadFormat format) {
        return new KafkaTransport(settings(destination, config.getRequestTimeout().multipliedBy(6)), format);
    }

    /** The destination's producer settings, or an IllegalArgumentException naming the option that is wrong. */
    static KafkaSettings settings(Destination d, Duration timeout) {
        String servers = d.option("bootstrap_servers").orElseThrow(() -> new IllegalArgumentException(
                "options.bootstrap_servers is required for kafka"));
        String topic = d.option("topic").orElseThrow(() -> new IllegalArgumentException("options.topic is required for kafka"));
        Map<String, String> extra = new LinkedHashMap<>();
        d.options().forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                extra.put(k.substring(PREFIX.length()), v);
            }
        });
        if (!d.secrets().isEmpty()) {
            extra.put("sasl.jaas.config", d.secrets().get(0));
        }
        return new KafkaSettings(servers, topic, extra, timeout);
    }
}
