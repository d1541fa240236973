package io.auditsearch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.RetentionConfiguration;
import io.auditsearch.problem.FieldError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Random ECS-like events, and random mutations of them: each is either prepared into a document that keeps what
 * was sent (and is valid JSON with the service's fields), or refused with field errors that each name a field and a
 * rule; nothing else ever comes out (no other exception, which the API would answer with a 500).
 */
@Tag("unit")
class EventPreparerPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-03-03T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventRules RULES = new EventRules();
    private static final EventPreparer PREPARER = new EventPreparer(new EventSchema(), RULES, new SensitiveValueMasker(RULES),
            new RetentionConfiguration(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property(tries = 1500)
    void everyEventIsStoredAsPromisedOrRefusedNamingAField(@ForAll("events") String json) throws Exception {
        preparedAsPromisedOrRefused(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void bytesNobodySendsOnPurposeAreRefusedNamingAFieldNeverAnythingElse(@ForAll("oddBytes") byte[] bytes) throws Exception {
        preparedAsPromisedOrRefused(bytes);
    }

    private static void preparedAsPromisedOrRefused(byte[] bytes) throws Exception {
        String json = new String(bytes, StandardCharsets.UTF_8);
        PreparedEvent prepared;
        try {
            prepared = PREPARER.prepare(bytes, 0, bytes.length);
        } catch (EventRejectedException rejected) {
            assertFalse(rejected.errors().isEmpty(), json);
            for (FieldError e : rejected.errors()) {
                assertFalse(e.field() == null || e.field().isBlank(), "an error names a field: " + e + " for " + json);
                assertFalse(e.rule() == null || e.rule().isBlank(), "an error names a rule: " + e + " for " + json);
            }
            return;
        }
        JsonNode sent = JSON.readTree(bytes);
        JsonNode stored = JSON.readTree(prepared.source());
        assertEquals(prepared.id(), stored.at("/event/id").asText(), json);
        assertTrue(prepared.index().startsWith("audit-events-"), prepared.index());
        assertEquals(sent.at("/event/action").asText(), stored.at("/event/action").asText(), json);
        assertEquals("event", stored.at("/event/kind").asText(), json);
        if (sent.at("/user/name").isTextual()) {
            assertEquals(sent.at("/user/name").asText(), stored.at("/user/name").asText(), "kept as sent: " + json);
        }
        if (sent.at("/source/ip").isTextual()) {
            assertTrue(stored.at("/source/ip").isTextual(), json);
        }
    }

    @Provide
    Arbitrary<byte[]> oddBytes() {
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF}; // an overlong '/'
        byte[] invalid = {(byte) 0xFF, (byte) 0xFE};
        return Arbitraries.of(
                "{\"event\":{\"action\":\"x\"},\"labels\":{\"n\":\"1\"},\"audit\":{\"details\":{\"n\":1e400}}}",
                "{\"event\":{\"action\":\"x\",\"severity\":1e400}}",
                "{\"event\":{\"action\":\"x\",\"severity\":-0}}",
                "{\"event\":{\"action\":\"x\"},\"message\":\"\\ud800\"}",
                "{\"event\":{\"action\":\"\\udfff alone\"}}",
                "{\"event\":{\"action\":\"x\"},\"source\":{\"ip\":\"fe80::1%25eth0\"}}",
                "{\"event\":{\"action\":\"x\"},\"@timestamp\":\"10000-01-01T00:00:00Z\"}",
                "{\"event\":{\"action\":\"x\"},\"@timestamp\":\"0000-01-01T00:00:00Z\"}",
                "{\"event\":{\"action\":\"x\"},\"\":1}",
                "{\"event\":{\"action\":\"x\"},\"event.action\":\"y\"}",
                "[1,2,3]", "null", "", "{", "{\"event\":{\"action\":\"x\"}} trailing")
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .edgeCases(c -> c.add(join("{\"event\":{\"action\":\"", overlong, "\"}}")))
                .injectDuplicates(0.1)
                .flatMap(b -> Arbitraries.of(b, join("{\"event\":{\"action\":\"", invalid, "\"}}"),
                        join("{\"event\":{\"action\":\"x\"},\"message\":\"", overlong, "\"}")));
    }

    private static byte[] join(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    @Provide
    Arbitrary<String> events() {
        return Combinators.combine(base(), mutation()).as((event, mutate) -> {
            mutate.accept(event);
            return event.toString();
        });
    }

    private Arbitrary<ObjectNode> base() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(20);
        Arbitrary<String> outcome = Arbitraries.of("success", "failure", "unknown", "partial", "SUCCESS", "");
        Arbitrary<String> ip = Arbitraries.of("192.0.2.10", "2001:db8::1", "fe80::1%eth0", "999.1.1.1", "::ffff:10.0.0.1", "");
        Arbitrary<Long> offset = Arbitraries.longs().between(-400L * 86_400, 3_600);
        return Combinators.combine(text, unicode, outcome, ip, offset).as((action, name, out, address, seconds) -> {
            ObjectNode e = JSON.createObjectNode();
            e.put("@timestamp", NOW.plusSeconds(seconds).toString());
            ObjectNode event = e.putObject("event");
            event.put("action", action);
            event.put("outcome", out);
            e.putObject("user").put("name", name);
            e.putObject("source").put("ip", address);
            e.putObject("audit").putObject("details").put("password", name).put("note", action);
            return e;
        });
    }

    /** A change nobody sends on purpose, or none. */
    private Arbitrary<java.util.function.Consumer<ObjectNode>> mutation() {
        List<java.util.function.Consumer<ObjectNode>> all = List.of(
                e -> { },
                e -> e.put("colour", "red"),
                e -> e.put("user.name", "dotted"),
                e -> e.put("", "empty key"),
                e -> e.putNull("message"),
                e -> e.put("@timestamp", "0000-01-01T00:00:00Z"),
                e -> e.put("@timestamp", "+10000-01-01T00:00:00Z"),
                e -> e.put("@timestamp", "not a time"),
                e -> e.set("event", JSON.createObjectNode().put("action", "x").put("severity", 1e300)),
                e -> e.put("message", "\uD800 lone surrogate"),
                e -> e.put("message", "x".repeat(70_000)),
                e -> e.putObject("audit").putObject("details").put("a.b", "dotted inside details").put("", "empty"),
                e -> e.putArray("tags").add(1).add("two"),
                e -> e.putObject("event").put("action", "ok").putArray("category").add("iam").add("no-such-category"),
                e -> e.put("event", "not an object"),
                e -> e.putObject("labels").put("k", -0.0));
        return Arbitraries.of(all);
    }
}
