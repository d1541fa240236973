package io.auditsearch.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka with the idempotent producer and {@code acks=all}: key = tenant, so one tenant's events land in one
 * partition in order; value = the payload; header {@code event.id}. A batch returns only once every record's
 * send completed. A record Kafka refuses for itself (too large, invalid) is refused; any other failure throws, and
 * the producer is replaced so the retry starts from a clean sequence.
 */
public final class KafkaTransport implements Transport {

    static final String EVENT_ID_HEADER = "event.id";

    private final KafkaSettings settings;
    private final PayloadFormat format;
    private KafkaProducer<String, byte[]> producer;

    public KafkaTransport(KafkaSettings settings, PayloadFormat format) {
        this.settings = settings;
        this.format = format;
    }

    static Map<String, Object> producerConfig(KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.extra());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        long timeoutMs = settings.timeout().toMillis();
        config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeoutMs / 2)));
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.min(10_000, timeoutMs)));
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    @Override
    public Delivery send(List<StreamedEvent> batch) throws DeliveryException {
        if (batch.isEmpty()) {
            return Delivery.all();
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Map<String, String> refused = new LinkedHashMap<>();
        try {
            KafkaProducer<String, byte[]> p = producer();
            List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
            for (StreamedEvent event : batch) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topic(), event.tenant().orElse(""),
                        format.format(event));
                record.headers().add(EVENT_ID_HEADER, event.id().getBytes(StandardCharsets.UTF_8));
                sent.add(p.send(record));
            }
            p.flush();
            for (int i = 0; i < sent.size(); i++) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    sent.get(i).get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (refusedForItself(e.getCause())) {
                        refused.put(batch.get(i).id(), e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
                    } else {
                        throw e;
                    }
                }
            }
            return new Delivery(refused);
        } catch (ExecutionException e) {
            throw failed("a record was not acknowledged: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw failed("no acknowledgement within " + settings.timeout(), e);
        } catch (KafkaException e) {
            throw failed(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted", e);
        }
    }

    private static boolean refusedForItself(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof InvalidRecordException;
    }

    /** Drops the producer (whose idempotent sequence may be broken) so the retried batch starts afresh. */
    private DeliveryException failed(String reason, Throwable cause) {
        closeProducer();
        return DeliveryException.retry("Kafka " + settings.bootstrapServers() + " topic " + settings.topic() + ": " + reason, cause);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(settings));
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
