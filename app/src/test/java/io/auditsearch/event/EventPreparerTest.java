package io.auditsearch.event;

import io.auditsearch.problem.FieldError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.RetentionConfiguration;
import io.auditsearch.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The event rules and the stored ECS shape, without Elasticsearch (golden files under events/). */
@Tag("unit")
class EventPreparerTest {

    private static final Instant NOW = Instant.parse("2026-03-03T00:00:00Z");

    private final EventRules rules = new EventRules();
    private final EventPreparer preparer = preparer(rules);

    private static EventPreparer preparer(EventRules rules) {
        return new EventPreparer(new EventSchema(), rules, new SensitiveValueMasker(rules), new RetentionConfiguration(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private PreparedEvent prepare(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return preparer.prepare(bytes, 0, bytes.length);
    }

    private List<FieldError> errorsOf(String json) {
        return assertThrows(EventRejectedException.class, () -> prepare(json)).errors();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EventPreparerTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"role-assigned", "minimal"})
    void storedDocumentMatchesItsGoldenFile(String name) throws IOException {
        PreparedEvent event = prepare(resource(name + ".input.json"));

        JsonNode stored = Json.parse(new String(event.source(), StandardCharsets.UTF_8));
        JsonNode expected = Json.parse(resource(name + ".expected.json"));
        if ("<generated>".equals(expected.at("/event/id").asText())) {
            UUID uuid = UUID.fromString(stored.at("/event/id").asText());
            assertEquals(7, uuid.version(), "server ids are UUIDv7");
            ((ObjectNode) stored.get("event")).put("id", "<generated>");
        }
        assertEquals(expected, stored);
    }

    @Test
    void indexIsChosenFromTheEventsOwnUtcTimestamp() {
        // 23:30 at -02:00 is 01:30 UTC on the next day
        PreparedEvent event = prepare("{\"@timestamp\":\"2026-03-01T23:30:00-02:00\",\"event\":{\"action\":\"a\"}}");
        assertEquals("audit-events-2026.03.02", event.index());
        assertEquals(Instant.parse("2026-03-02T01:30:00Z"), event.timestamp());
    }

    @ParameterizedTest
    @CsvSource({
            "DAY,   2026-03-04T10:00:00Z, audit-events-2026.03.04",
            "WEEK,  2026-03-04T10:00:00Z, audit-events-2026.03.02",
            "WEEK,  2026-03-01T23:59:59Z, audit-events-2026.02.23",
            "MONTH, 2026-02-28T10:00:00Z, audit-events-2026.02.01",
            "DAY,   1969-12-31T23:59:59Z, audit-events-1969.12.31",
            "DAY,   2026-03-04T00:00:00Z, audit-events-2026.03.04",
            "DAY,   2026-03-03T23:59:59.999Z, audit-events-2026.03.03"})
    void indexNameEndsWithTheFirstDayOfThePeriod(EventIndexNaming.Granularity granularity, Instant at, String index) {
        assertEquals(index, new EventIndexNaming(granularity).indexFor(at));
        assertEquals(java.util.Optional.of(java.time.LocalDate.parse(index.substring(13).replace('.', '-'))),
                EventIndexNaming.periodDateOf(index));
    }

    @Test
    void daysThatShareARememberedNameAreEachNamedRight() {
        // names of recent days are remembered by day modulo 64: days 64 apart take turns in one place
        EventIndexNaming naming = new EventIndexNaming(EventIndexNaming.Granularity.DAY);
        Instant first = Instant.parse("2026-01-01T12:00:00Z");
        Instant later = first.plus(java.time.Duration.ofDays(64));
        for (int i = 0; i < 3; i++) {
            assertEquals("audit-events-2026.01.01", naming.indexFor(first));
            assertEquals("audit-events-2026.03.06", naming.indexFor(later));
        }
    }

    @Test
    void everyBrokenRuleIsReportedWithItsField() {
        List<FieldError> errors = errorsOf("""
                {"event":{"id":"has space","outcome":"ok","type":["change","nope"]},"user":{"name":{"first":"a"}},
                 "source":{"port":"80"},"log":{"level":"loud"},"audit":{"details":"text","result":"half"}}
                """);
        List<String> got = errors.stream().map(e -> e.field() + ":" + e.rule()).toList();
        assertEquals(List.of("user.name:type", "source.port:type", "audit.details:type", "event.action:required",
                "event.id:format", "event.outcome:allowed_values", "event.type:allowed_values", "audit.result:allowed_values",
                "log.level:allowed_values"), got);
        errors.forEach(e -> assertTrue(e.message().startsWith(e.field() + ": "), e.message()));
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        List<String> fields = errorsOf("{\"event\":{\"action\":\"a\",\"colour\":1},\"extra\":true,\"user.nickname\":\"x\"}")
                .stream().map(FieldError::field).toList();
        assertEquals(List.of("event.colour", "extra", "user.nickname"), fields.stream().sorted().toList());
    }

    @Test
    void derivedSearchTextCannotBeSuppliedByClients() {
        assertEquals("unknown_field", errorsOf("{\"event\":{\"action\":\"a\"},\"audit\":{\"details_text\":\"x\"}}").getFirst().rule());
    }

    @Test
    void actionLengthIsLimited() {
        assertEquals("length", errorsOf("{\"event\":{\"action\":\"" + "a".repeat(257) + "\"}}").getFirst().rule());
        assertEquals("length", errorsOf("{\"event\":{\"action\":\"  \"}}").getFirst().rule());
        prepare("{\"event\":{\"action\":\"" + "a".repeat(256) + "\"}}");
    }

    @Test
    void ipv4AndIpv6AreAcceptedAndHostnamesAreNot() {
        prepare("{\"event\":{\"action\":\"a\"},\"source\":{\"ip\":\"10.0.0.1\"}}");
        prepare("{\"event\":{\"action\":\"a\"},\"source\":{\"ip\":\"fe80::1\"}}");
        assertEquals("type", errorsOf("{\"event\":{\"action\":\"a\"},\"source\":{\"ip\":\"localhost\"}}").getFirst().rule());
        assertEquals("type", errorsOf("{\"event\":{\"action\":\"a\"},\"source\":{\"ip\":\"1.2.3\"}}").getFirst().rule());
    }

    @Test
    void detailsWithTooManyKeysOrTooDeepAreRefused() {
        rules.setMaxDetailKeys(3);
        rules.setMaxDepth(5);
        EventPreparer strict = preparer(rules);
        byte[] many = "{\"event\":{\"action\":\"a\"},\"audit\":{\"details\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4}}}".getBytes(StandardCharsets.UTF_8);
        assertEquals("max_keys", assertThrows(EventRejectedException.class, () -> strict.prepare(many, 0, many.length)).errors().getFirst().rule());
        byte[] deep = "{\"event\":{\"action\":\"a\"},\"audit\":{\"details\":{\"a\":{\"b\":{\"c\":{}}}}}}".getBytes(StandardCharsets.UTF_8);
        assertEquals("max_depth", assertThrows(EventRejectedException.class, () -> strict.prepare(deep, 0, deep.length)).errors().getFirst().rule());
    }

    @Test
    void duplicateKeysAndBrokenJsonAreRefused() {
        FieldError duplicate = errorsOf("{\"event\":{\"action\":\"a\",\"action\":\"b\"}}").getFirst();
        assertEquals("json", duplicate.rule());
        assertEquals("$: not valid JSON: Duplicate field 'action'", duplicate.message(), "names the key, not the parser's setting");
        assertEquals("json", errorsOf("{\"event\":").getFirst().rule());
        assertEquals("type", errorsOf("[1,2]").getFirst().rule());
    }

    @Test
    void dottedAndNestedFormOfOneFieldConflict() {
        assertEquals("conflict", errorsOf("{\"event\":{\"action\":\"a\"},\"event.action\":\"b\"}").getFirst().rule());
    }

    @Test
    void sensitiveKeysAreMaskedWhateverTheirSpelling() {
        SensitiveValueMasker masker = new SensitiveValueMasker(rules);
        for (String key : List.of("password", "db_passwd", "X-Api-Key", "apiKey", "accessToken", "Cookie", "private_key",
                "customer.ssn", "card-number", "CVV")) {
            assertTrue(masker.isSensitive(key), key);
        }
        for (String key : List.of("user", "session_id", "method", "shipping_address", "description")) {
            assertTrue(!masker.isSensitive(key), key);
        }
    }
}
