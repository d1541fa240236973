package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AuditEventBuilderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123456Z");

    @Test
    void buildsTheExactEcsDocument() throws Exception {
        AuditEvent event = AuditEvent.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .id("evt-1")
                .action("role.grant").outcome(Outcome.SUCCESS).level(Level.NOTICE)
                .category(EventCategory.IAM).type(EventType.CHANGE, EventType.ADMIN)
                .actor(Actor.of("u-17", "alice").withEmail("alice@example.com").withRoles("admin"))
                .target("u-18", "bob")
                .resource("role", "auditor", "Auditor")
                .sourceIp("2001:db8::1").userAgent("curl/8").requestId("req-1").sessionId("s-1").traceId("t-1")
                .detail("ticket", "SEC-12")
                .changes(Map.of("roles", List.of("user")), Map.of("roles", List.of("user", "auditor")))
                .error("none", "E0", "none")
                .message("alice granted auditor to bob").service("billing").organization("acme")
                .tag("iam").label("env", "test")
                .build();

        JsonNode expected = Json.MAPPER.readTree("""
                {"@timestamp":"2026-11-24T10:00:00.123Z",
                 "event":{"id":"evt-1","action":"role.grant","outcome":"success","category":["iam"],"type":["change","admin"]},
                 "log":{"level":"notice"},
                 "user":{"id":"u-17","name":"alice","email":"alice@example.com","roles":["admin"],
                         "target":{"id":"u-18","name":"bob"}},
                 "audit":{"resource":{"type":"role","id":"auditor","name":"Auditor"},"session":{"id":"s-1"},
                          "details":{"ticket":"SEC-12"},
                          "changes":{"before":{"roles":["user"]},"after":{"roles":["user","auditor"]}}},
                 "source":{"ip":"2001:db8::1"},"user_agent":{"original":"curl/8"},"http":{"request":{"id":"req-1"}},
                 "trace":{"id":"t-1"},"message":"alice granted auditor to bob","service":{"name":"billing"},
                 "organization":{"id":"acme"},"error":{"message":"none","code":"E0","type":"none"},
                 "tags":["iam"],"labels":{"env":"test"}}""");
        assertEquals(expected, Json.MAPPER.readTree(event.toJson()));
        assertEquals("evt-1", event.id());
        assertEquals(Instant.parse("2026-11-24T10:00:00.123Z"), event.timestamp());
        assertFalse(event.toJson().contains("\n"));
    }

    @Test
    void drawsAUuidV7IdAndTheTimestampAtBuildTime() throws Exception {
        AuditEvent a = AuditEvent.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).action("user.login").build();
        AuditEvent b = AuditEvent.builder().action("user.login").build();
        UUID id = UUID.fromString(a.id());
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertNotEquals(a.id(), b.id());
        JsonNode doc = Json.MAPPER.readTree(a.toJson());
        assertEquals(a.id(), doc.path("event").path("id").asText());
        assertEquals("2026-11-24T10:00:00.123Z", doc.path("@timestamp").asText());
        assertTrue(a.id().compareTo(b.id()) < 0, "UUIDv7 ids are time-ordered");
        assertEquals(a.toJson(), a.toJson(), "the document is fixed at build time");
    }

    @Test
    void catalogEntriesFillTheCategorisation() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(AuditEvent.builder(CatalogEvent.USER_LOGIN_FAILED).actor("u-1", "mallory").build().toJson());
        assertEquals("user.login", doc.path("event").path("action").asText());
        assertEquals("failure", doc.path("event").path("outcome").asText());
        assertEquals("[\"authentication\"]", doc.path("event").path("category").toString());
        assertEquals("[\"start\"]", doc.path("event").path("type").toString());
        assertEquals("warning", doc.path("log").path("level").asText());
    }

    @Test
    void refusesWhatTheServiceWouldRefuseNamingEveryProblem() {
        InvalidAuditEventException e = assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder()
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .id("-bad id").sourceIp("10.0.0.256").timestamp(NOW.plus(Duration.ofMinutes(6))).build());
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).startsWith("event.action: is required"));
        assertTrue(e.getMessage().contains("event.id"));
        assertTrue(e.getMessage().contains("source.ip"));
        assertTrue(e.getMessage().contains("@timestamp"));
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action(" ").build());
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action("a".repeat(257)).build());
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action("x").sourceIp("localhost").build());
    }

    @Test
    void checksTheServiceLimits() {
        assertThrows(InvalidAuditEventException.class,
                () -> AuditEvent.builder().action("x").detail("blob", "x".repeat(70_000)).build(), "64 KiB");
        Map<String, Object> many = new java.util.HashMap<>();
        for (int i = 0; i < 513; i++) {
            many.put("k" + i, i);
        }
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action("x").details(many).build(), "512 keys");
        Map<String, Object> deep = Map.of("v", 1);
        for (int i = 0; i < 16; i++) {
            deep = Map.of("d", deep);
        }
        // as the service counts (EventValidator.measure): the document 1, audit 2, details 3; details holding 16
        // levels of "d" puts the value of "v" at level 20, the limit
        Map<String, Object> justDeepEnough = deep;
        AuditEvent.builder().action("x").details(justDeepEnough).build();
        Map<String, Object> tooDeep = Map.of("d", deep);
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action("x").details(tooDeep).build(), "depth");
        assertThrows(InvalidAuditEventException.class, () -> AuditEvent.builder().action("x").changes("text", null).build());
    }

    @Test
    void masksSensitiveDetailsAndChangesByDefault() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(AuditEvent.builder().action("user.password.change")
                .detail("api_token", "s3cr3t").detail("ticket", "SEC-12").detail("nested", Map.of("Card-Number", "4111"))
                .changes(Map.of("password", "old"), Map.of("password", "new", "name", "bob"))
                .build().toJson());
        assertEquals("[MASKED]", doc.at("/audit/details/api_token").asText());
        assertEquals("SEC-12", doc.at("/audit/details/ticket").asText());
        assertEquals("[MASKED]", doc.at("/audit/details/nested/Card-Number").asText());
        assertEquals("[MASKED]", doc.at("/audit/changes/before/password").asText());
        assertEquals("[MASKED]", doc.at("/audit/changes/after/password").asText());
        assertEquals("bob", doc.at("/audit/changes/after/name").asText());

        JsonNode unmasked = Json.MAPPER.readTree(AuditEvent.builder().action("x").masking(false).detail("token", "t").build().toJson());
        assertEquals("t", unmasked.at("/audit/details/token").asText());
    }

    @Test
    void eventToStringCarriesNoData() {
        AuditEvent event = AuditEvent.builder().action("x").actor("u-1", "alice").detail("note", "personal").build();
        assertFalse(event.toString().contains("alice"));
        assertFalse(event.toString().contains("personal"));
    }
}
