package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.Json;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.ServiceHttp;
import io.auditsearch.support.TestElasticsearch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog-over-TLS and Kafka destinations created through {@code /v1/admin/streams} on the real service:
 * events ingested through the API reach a real rsyslogd and a real KRaft broker, in acceptance order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SyslogAndKafkaStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern EVENT_ID = Pattern.compile("\\[audit@32473 id=\"([^\"]*)\" seq=\"(\\d+)\"");

    private RunningService service;
    private ServiceHttp api;

    @BeforeAll
    void start() {
        service = RunningService.start(TestElasticsearch.url(), StreamFixtures.FAST);
        api = service.http();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static String run() {
        return "k" + UUID.randomUUID().toString().substring(0, 8);
    }

    private ServiceHttp.Answer create(String type, String format, String actionPrefix, Map<String, String> options, String secret) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", type).put("format", format);
        body.putPOJO("options", options);
        if (secret != null) {
            body.put("secret", secret);
        }
        body.putObject("filter").put("action_prefix", actionPrefix);
        return api.send("POST", "/v1/admin/streams", "application/json", body.toString());
    }

    private static List<String> ids(List<ObjectNode> events) {
        return events.stream().map(e -> e.path("event").path("id").asText()).toList();
    }

    @Test
    void aSyslogDestinationMissingItsCaIsRefusedNamingTheOption() {
        ServiceHttp.Answer refused = create("syslog", "ecs", "x", Map.of("host", "127.0.0.1"), null);
        assertEquals(400, refused.status(), refused.body()::toString);
        assertTrue(refused.body().toString().contains("options.ca_pem"), refused.body()::toString);

        ServiceHttp.Answer kafka = create("kafka", "ecs", "x", Map.of("bootstrap_servers", "127.0.0.1:1", "topic", "t",
                "kafka.acks", "1"), null);
        assertEquals(400, kafka.status(), kafka.body()::toString);
        assertTrue(kafka.body().toString().contains("acks"), kafka.body()::toString);
    }

    @Test
    void aSyslogDestinationReceivesEveryEventInOrderAsCefOverTls(@TempDir Path dir) throws Exception {
        TlsTestCertificates ca = new TlsTestCertificates("stream test CA");
        String run = run();
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, ca, ca.issue("receiver", "127.0.0.1"), "anon")) {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("host", "127.0.0.1");
            options.put("port", Integer.toString(receiver.port()));
            options.put("ca_pem", ca.caPem());
            options.put("hostname", "audit-test");
            ServiceHttp.Answer created = create("syslog", "cef", run, options, null);
            assertEquals(201, created.status(), created.body()::toString);

            List<ObjectNode> events = StreamFixtures.events(run, 400);
            StreamFixtures.ingest(api, events);
            List<String> wanted = ids(events);
            List<String> got = StreamFixtures.await(WAIT, "400 events at rsyslogd", () -> {
                List<String> seen = new ArrayList<>();
                for (String line : receiver.lines()) {
                    Matcher m = EVENT_ID.matcher(line);
                    if (m.find()) {
                        assertTrue(line.contains("CEF:0|Audit Search|Audit Search|"), "CEF payload: " + line);
                        seen.add(m.group(1));
                    }
                }
                return seen.stream().distinct().count() >= wanted.size() ? seen : null;
            });
            assertEquals(wanted, got.stream().distinct().toList(), "every event, in acceptance order");
            assertTrue(receiver.lines().stream().anyMatch(l -> l.contains("[audit-heartbeat@32473 last_seq=")), "heartbeats sent");
            String id = created.body().path("id").asText();
            StreamFixtures.await(WAIT, "no lag once delivered", () -> StreamFixtures.status(api, id).path("lag_events").asLong(-1) == 0 ? true : null);
            assertFalse(receiver.log().contains("GnuTLS error"), "TLS handshakes succeeded");
        }
    }

    @Test
    void aKafkaDestinationKeepsEachTenantsOrderAndSendsOcsf(@TempDir Path dir) throws Exception {
        String run = run();
        String topic = "audit-" + run;
        try (KafkaBroker broker = new KafkaBroker(dir)) {
            ServiceHttp.Answer created = create("kafka", "ocsf", run,
                    Map.of("bootstrap_servers", broker.bootstrapServers(), "topic", topic), null);
            assertEquals(201, created.status(), created.body()::toString);

            List<ObjectNode> events = StreamFixtures.events(run, 300);
            for (int i = 0; i < events.size(); i++) {
                events.get(i).putObject("organization").put("id", "tenant-" + (i % 3));
            }
            StreamFixtures.ingest(api, events);

            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "verify-" + run);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            Map<String, List<String>> byTenant = new LinkedHashMap<>();
            int records = 0;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (records < events.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        JsonNode ocsf = Json.MAPPER.readTree(r.value());
                        assertEquals(6003, ocsf.path("class_uid").asInt(), ocsf::toString);
                        assertEquals(r.key(), ocsf.path("metadata").path("tenant_uid").asText(), "key = tenant");
                        byTenant.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(ocsf.path("metadata").path("uid").asText());
                        records++;
                    }
                }
            }
            assertEquals(events.size(), records, "every event once");
            for (int t = 0; t < 3; t++) {
                String tenant = "tenant-" + t;
                List<String> wanted = new ArrayList<>();
                for (int i = t; i < events.size(); i += 3) {
                    wanted.add(events.get(i).path("event").path("id").asText());
                }
                assertEquals(wanted, byTenant.get(tenant), "the order of " + tenant);
            }
        }
    }
}
