package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka transport against a real KRaft broker started in the test's JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaTransportTest {

    private static final Duration READ_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private KafkaBroker broker;

    @BeforeAll
    void startBroker() throws Exception {
        broker = new KafkaBroker(dir);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static StreamedEvent event(long sequence, String tenant, String payload) {
        String id = "evt-%06d".formatted(sequence);
        return PayloadFixtures.of(sequence, id, tenant, "{\"@timestamp\":\"2026-03-14T09:26:53.589Z\",\"event\":{\"id\":\"" + id
                + "\",\"action\":\"user.login\"},\"organization\":{\"id\":\"" + tenant + "\"},\"message\":\"" + payload + "\"}");
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            // anything more than expected would be a duplicate: read a little longer to see it
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    @Test
    void tenThousandEventsOfThreeTenantsArriveOnceEachInTenantOrderFromAnIdempotentProducer() throws Exception {
        String topic = "audit-events-order";
        broker.createTopic(topic, 6);
        List<StreamedEvent> events = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            events.add(event(i, "tenant-" + (i % 3), "login " + i));
        }
        long start = System.nanoTime();
        try (KafkaTransport transport = new KafkaTransport(KafkaSettings.of(broker.bootstrapServers(), topic), StreamedEvent::source)) {
            for (int i = 0; i < events.size(); i += 500) {
                assertEquals(Delivery.all(), transport.send(events.subList(i, i + 500)));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("kafka: %d events in batches of 500 acknowledged (acks=all) in %.2f s, %.0f events/s%n",
                events.size(), seconds, events.size() / seconds);
        List<ConsumerRecord<String, byte[]>> records = readAll(topic, events.size());
        assertEquals(events.size(), records.size(), "every event once, no loss, no duplicate");
        Map<String, Integer> partitionOfTenant = new HashMap<>();
        Map<String, Long> lastSequenceOfTenant = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String id = new String(r.headers().lastHeader("event.id").value(), StandardCharsets.UTF_8);
            assertTrue(new String(r.value(), StandardCharsets.UTF_8).contains("\"id\":\"" + id + "\""), "value is the payload of " + id);
            assertTrue(ids.add(id), "duplicate " + id);
            assertEquals(partitionOfTenant.computeIfAbsent(r.key(), k -> r.partition()), r.partition(), "one partition per tenant");
            long sequence = Long.parseLong(id.substring(4));
            Long previous = lastSequenceOfTenant.put(r.key(), sequence);
            assertTrue(previous == null || previous < sequence, r.key() + ": " + id + " after evt-" + previous);
            assertEquals("tenant-" + (sequence % 3), r.key(), "key is the tenant");
        }
        assertEquals(Set.of("tenant-0", "tenant-1", "tenant-2"), partitionOfTenant.keySet());
        try (Admin admin = broker.admin()) {
            TopicPartition partition = new TopicPartition(topic, partitionOfTenant.get("tenant-1"));
            List<ProducerState> producers = admin.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(30, TimeUnit.SECONDS).activeProducers();
            assertFalse(producers.isEmpty(), "the broker keeps idempotent producer state for the partition");
            assertTrue(producers.getFirst().producerId() >= 0, producers.toString());
        }
    }

    @Test
    void aRecordTooLargeIsRefusedAndTheRestOfTheBatchDelivered() throws Exception {
        String topic = "audit-events-large";
        broker.createTopic(topic, 1);
        StreamedEvent small1 = event(1, "acme", "small");
        StreamedEvent huge = event(2, "acme", "x".repeat(2 * 1024 * 1024));
        StreamedEvent small2 = event(3, "acme", "small");
        Delivery delivery;
        try (KafkaTransport transport = new KafkaTransport(KafkaSettings.of(broker.bootstrapServers(), topic), StreamedEvent::source)) {
            delivery = transport.send(List.of(small1, huge, small2));
        }
        assertEquals(Set.of(huge.id()), delivery.refused().keySet());
        assertTrue(delivery.refused().get(huge.id()).startsWith("RecordTooLargeException"), delivery.refused().toString());
        List<String> ids = readAll(topic, 2).stream()
                .map(r -> new String(r.headers().lastHeader("event.id").value(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of(small1.id(), small2.id()), ids);
    }

    @Test
    void anUnreachableBrokerMakesTheBatchFailWithinItsDeadline() {
        KafkaSettings settings = new KafkaSettings("127.0.0.1:1", "nowhere", Map.of(), Duration.ofSeconds(3));
        try (KafkaTransport transport = new KafkaTransport(settings, StreamedEvent::source)) {
            long start = System.nanoTime();
            DeliveryException e = assertThrows(DeliveryException.class, () -> transport.send(List.of(event(1, "acme", "m"))));
            assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "failed within its deadline");
        }
    }

    @Test
    void settingsThatWouldWeakenTheGuaranteeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KafkaSettings("b:9092", "t", Map.of("acks", "1"), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new KafkaSettings("b:9092", "t", Map.of("enable.idempotence", "false"), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new KafkaSettings("b:9092", "t", Map.of("max.in.flight.requests.per.connection", "6"), Duration.ofSeconds(5)));
        Map<String, Object> config = KafkaTransport.producerConfig(
                new KafkaSettings("b:9092", "t", Map.of("compression.type", "zstd"), Duration.ofSeconds(30)));
        assertEquals("all", config.get("acks"));
        assertEquals(true, config.get("enable.idempotence"));
        assertEquals("5", config.get("max.in.flight.requests.per.connection"));
        assertEquals("zstd", config.get("compression.type"));
    }
}
