package io.auditsearch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.RetentionConfiguration;
import io.auditsearch.support.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming pass stores exactly the bytes the tree path stores, for every event it takes, and
 * leaves every event that needs a repair or an error message to the tree path.
 */
@Tag("unit")
class StreamedEventTest {

    private static final Instant NOW = Instant.parse("2026-03-03T00:00:00Z");
    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private final EventRules rules = new EventRules();
    private final EventPreparer preparer = new EventPreparer(new EventSchema(), rules, new SensitiveValueMasker(rules),
            new RetentionConfiguration(), Clock.fixed(NOW, ZoneOffset.UTC));

    private Optional<PreparedEvent> stream(String json, Optional<String> tenant) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return preparer.streamed(bytes, 0, bytes.length, tenant);
    }

    private PreparedEvent tree(String json, Optional<String> tenant) {
        return preparer.prepare(Json.parse(json), tenant);
    }

    /** Same document as the tree path's, key for key in the same order; the input's spacing and escapes may remain. */
    private void assertSameAsTree(String json, Optional<String> tenant) {
        PreparedEvent fast = stream(json, tenant).orElseThrow(() -> new AssertionError("not streamed: " + json));
        PreparedEvent slow = tree(json, tenant);
        String expected = canonical(slow.source());
        String actual = canonical(fast.source());
        if (Json.parse(json).at("/event/id").isMissingNode()) { // a server-made id differs from call to call
            assertEquals(7, UUID.fromString(fast.id()).version(), "server ids are UUIDv7");
            expected = expected.replace(slow.id(), "<id>");
            actual = actual.replace(fast.id(), "<id>");
        } else {
            assertEquals(slow.id(), fast.id());
        }
        assertEquals(expected, actual, json);
        assertEquals(slow.index(), fast.index());
        assertEquals(slow.timestamp(), fast.timestamp());
    }

    /** Compact JSON in the document's own key order; a key given twice fails. */
    private static String canonical(byte[] source) {
        try {
            return STRICT.readTree(source).toString();
        } catch (java.io.IOException e) {
            throw new AssertionError("not one valid JSON document: " + new String(source, StandardCharsets.UTF_8), e);
        }
    }

    /**
     * 2,000 realistic events, one per line: bench/'s AuditEventGenerator with seed 7, 25 days before
     * {@link #NOW} (frozen here, since the app's tests cannot depend on the bench module).
     */
    private static List<String> generatedEvents() throws IOException {
        try (InputStream in = StreamedEventTest.class.getResourceAsStream("/events/generated-2000.ndjson.gz");
             BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            return lines.lines().toList();
        }
    }

    @Test
    void compactEventsAreStreamedToTheTreePathsVeryBytes() throws IOException {
        List<String> events = generatedEvents();
        assertEquals(2_000, events.size());
        for (String json : events) {
            assertEquals(new String(tree(json, Optional.empty()).source(), StandardCharsets.UTF_8),
                    new String(stream(json, Optional.empty()).orElseThrow().source(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // what the service adds: id, kind, ingested, @timestamp, ecs
            "{\"event\":{\"action\":\"user.login\"}}",
            "{\"event\":{\"action\":\"user.login\",\"id\":\"evt-1\"},\"@timestamp\":\"2026-03-02T09:15:30.250+01:00\"}",
            // the severity goes into the event object whether log comes after it or before
            "{\"event\":{\"id\":\"evt-2\",\"action\":\"a\",\"outcome\":\"failure\"},\"log\":{\"level\":\"WARN\"},\"message\":\"m\"}",
            "{\"log\":{\"level\":\"fatal\",\"logger\":\"x\"},\"event\":{\"id\":\"evt-3\",\"action\":\"a\"}}",
            "{\"event\":{\"id\":\"evt-4\",\"action\":\"a\",\"severity\":9},\"log\":{\"level\":\"info\"}}",
            // values: numbers and booleans in keywords, longs, arrays, empty arrays, IPv6, escapes and non-ASCII text
            "{\"event\":{\"id\":\"evt-5\",\"action\":\"a\",\"category\":[\"iam\",\"session\"],\"type\":[],\"duration\":12345678901234},"
                    + "\"user\":{\"id\":42,\"name\":true,\"roles\":[\"admin\",7,false]},\"source\":{\"ip\":\"2001:db8::1\",\"port\":443},"
                    + "\"http\":{\"response\":{\"status_code\":200}},\"tags\":[]}",
            "{\"event\":{\"id\":\"evt-6\",\"action\":\"a\"},\"message\":\"line\\nnext \\\"q\\\" \\\\ \\u00e9\\/ Müller 😀 \\u0001\\t\","
                    + "\"user\":{\"name\":\"\\ud83d\\ude00\"}}",
            "{\"event\":{\"id\":\"evt-7\",\"action\":\"a\",\"created\":\"2026-03-02T10:00:00.5+02:00\"},\"ecs\":{\"version\":\"8.11.0\"}}",
            // audit: masking, changed fields, details text, nulls inside free-form values, result
            "{\"event\":{\"id\":\"evt-8\",\"action\":\"role.assign\"},\"audit\":{\"result\":\"partial\",\"resource\":{\"type\":\"role\",\"id\":\"r\"},"
                    + "\"details\":{\"ticket\":\"SEC-1\",\"api_key\":\"k\",\"n\":1.5,\"none\":null,\"deep\":{\"Password\":\"p\",\"list\":[1,\"two\"]}},"
                    + "\"changes\":{\"before\":{\"roles\":[\"viewer\"]},\"after\":{\"roles\":[\"viewer\",\"auditor\"],\"token\":\"t\"}}}}",
            "{\"audit\":{\"changes\":{\"after\":{\"a\":1},\"fields\":[\"given\"]},\"details\":{\"x\":\"y\"}},\"event\":{\"id\":\"evt-9\",\"action\":\"a\"}}",
            "{\"event\":{\"id\":\"evt-10\",\"action\":\"a\"},\"labels\":{\"team\":\"core\",\"nested\":{\"k\":[1,2]},\"gone\":null}}",
            // spacing as a person types it
            " {\n  \"event\" : { \"id\" : \"evt-15\" , \"action\" : \"a\" } ,\n  \"log\" : {\"level\": \"Error\" } ,\n  \"organization\" : { }\n}\n"})
    void eventsTheStreamTakesAreStoredAsTheTreeStoresThem(String json) {
        assertSameAsTree(json, Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":{\"id\":\"evt-11\",\"action\":\"a\"}}",
            "{\"event\":{\"id\":\"evt-12\",\"action\":\"a\"},\"organization\":{\"name\":\"Acme\"}}",
            "{\"organization\":{\"id\":\"acme\"},\"event\":{\"id\":\"evt-13\",\"action\":\"a\"}}",
            "{\"event\":{\"id\":\"evt-16\",\"action\":\"a\"},\"organization\":{ }}"})
    void aTenantBoundCallersEventGetsItsTenantAsTheTreeGivesIt(String json) {
        assertSameAsTree(json, Optional.of("acme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event.action\":\"a\"}", // dotted keys are expanded by the tree path
            "{\"event\":{\"action\":\"a\"},\"error\":null}", // nulls are dropped by the tree path
            "{\"event\":{\"action\":\"a\",\"kind\":\"alert\"}}", // the service's own field, replaced by the tree path
            "{\"event\":{\"action\":\"a\"},\"user\":{\"id\":1.5}}", // a float in a keyword
            "{\"event\":{\"action\":\"a\"},\"audit\":{\"resource.id\":\"r\"}}",
            // refused: the tree path names the error
            "{\"event\":{\"action\":\"a\"},\"nope\":1}",
            "{\"event\":{\"action\":\"a\"},\"message\":\"m\",\"message\":\"n\"}",
            "{\"event\":{\"action\":\"a\"},\"audit\":{\"details\":{\"k\":1,\"k\":2}}}",
            "{\"event\":{\"outcome\":\"success\"}}",
            "{\"event\":{\"action\":\"a\",\"outcome\":\"maybe\"}}",
            "{\"event\":{\"action\":\"a\"},\"source\":{\"ip\":\"300.1.1.1\"}}",
            "{\"event\":{\"action\":\"a\"},\"@timestamp\":\"2027-01-01T00:00:00Z\"}",
            "{\"event\":{\"action\":\"a\"},\"audit\":{\"details_text\":\"x\"}}",
            "{\"event\":{\"action\":\"a\"}} trailing",
            "[{\"event\":{\"action\":\"a\"}}]"})
    void eventsNeedingARepairOrAnErrorMessageAreLeftToTheTree(String json) {
        assertTrue(stream(json, Optional.empty()).isEmpty(), json);
    }

    @ParameterizedTest
    @ValueSource(ints = {0xC3, 0xFF, 0x01})
    void aStringTheStreamDoesNotReadIsStillCheckedForUtf8AndControlCharacters(int bad) {
        byte[] bytes = "{\"event\":{\"action\":\"a\"},\"message\":\"bad X\"}".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 3] = (byte) bad; // X: a lead byte before the quote, a byte never in UTF-8, a raw control character
        assertTrue(preparer.streamed(bytes, 0, bytes.length, Optional.empty()).isEmpty());
        assertThrows(EventRejectedException.class, () -> preparer.prepare(bytes, 0, bytes.length));
    }

    @Test
    void anotherTenantsEventIsLeftToTheTreeWhichRefusesIt() {
        String json = "{\"event\":{\"action\":\"a\"},\"organization\":{\"id\":\"globex\"}}";
        assertTrue(stream(json, Optional.of("acme")).isEmpty());
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThrows(TenantMismatchException.class,
                () -> preparer.prepare(bytes, 0, bytes.length, Optional.of("acme")));
    }

    @Test
    void theGoldenEventWithRepairsStillComesOutAsTheTreeMakesIt() {
        String json = "{\"event.action\":\"a\",\"event\":{\"id\":\"evt-14\"},\"log.level\":\"WARN\",\"error\":null}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ObjectNode stored = (ObjectNode) Json.parse(new String(preparer.prepare(bytes, 0, bytes.length).source(), StandardCharsets.UTF_8));
        assertEquals("a", stored.at("/event/action").asText());
        assertEquals(4, stored.at("/event/severity").asInt());
        assertTrue(stored.path("error").isMissingNode());
    }
}
