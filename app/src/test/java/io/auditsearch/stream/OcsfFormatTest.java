package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class OcsfFormatTest {

    private final OcsfFormat format = new OcsfFormat("1.2.3");

    private JsonNode formatted(StreamedEvent event) throws Exception {
        return StreamedEcs.MAPPER.readTree(format.format(event));
    }

    @Test
    void fullEventMapsToTheGoldenApiActivity() throws Exception {
        assertEquals(StreamedEcs.MAPPER.readTree(PayloadFixtures.resource("ocsf-full.json")), formatted(PayloadFixtures.full()));
    }

    @Test
    void minimalEventMapsToTheGoldenApiActivity() throws Exception {
        assertEquals(StreamedEcs.MAPPER.readTree(PayloadFixtures.resource("ocsf-minimal.json")), formatted(PayloadFixtures.minimal()));
    }

    @Test
    void typeUidIsClassTimesHundredPlusActivity() throws Exception {
        JsonNode ocsf = formatted(PayloadFixtures.full());
        assertEquals(6003, ocsf.path("class_uid").asInt());
        assertEquals(6, ocsf.path("category_uid").asInt());
        assertEquals(6003 * 100 + ocsf.path("activity_id").asInt(), ocsf.path("type_uid").asLong());
    }

    @ParameterizedTest(name = "event.type {0}, action {1} -> activity {2}")
    @CsvSource({
        "creation, x.anything, 1",
        "access, x.anything, 2",
        "change, x.anything, 3",
        "deletion, x.anything, 4",
        ", user.create, 1",
        ", model.created, 1",
        ", document.view, 2",
        ", events.export, 2",
        ", ROLE_ASSIGNED, 3",
        ", apiKey.rotate, 3",
        ", user.remove, 4",
        ", token.revoked, 4",
        ", user.login, 99",
    })
    void activityComesFromEventTypeThenFromTheActionsVerb(String type, String action, int activity) throws Exception {
        String json = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"id\":\"e\",\"action\":\"" + action + "\""
                + (type == null ? "" : ",\"type\":[\"" + type + "\"]") + "}}";
        assertEquals(activity, formatted(PayloadFixtures.of(1, "e", null, json)).path("activity_id").asInt());
    }

    @ParameterizedTest(name = "log.level {0} -> severity_id {1}, outcome {2} -> status_id {3}")
    @CsvSource({
        "debug, 1, success, 1",
        "info, 1, failure, 2",
        "notice, 2, unknown, 0",
        "warning, 3, success, 1",
        "error, 4, failure, 2",
        "critical, 5, success, 1",
        "emergency, 6, success, 1",
    })
    void severityFromLogLevelAndStatusFromOutcome(String level, int severity, String outcome, int status) throws Exception {
        String json = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"id\":\"e\",\"action\":\"a\",\"outcome\":\""
                + outcome + "\"},\"log\":{\"level\":\"" + level + "\"}}";
        JsonNode ocsf = formatted(PayloadFixtures.of(1, "e", null, json));
        assertEquals(severity, ocsf.path("severity_id").asInt());
        assertEquals(status, ocsf.path("status_id").asInt());
    }

    @Test
    void dottedKeysAreReadLikeNestedOnes() throws Exception {
        String json = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event.id\":\"e\",\"event.action\":\"user.create\","
                + "\"user.name\":\"alice\",\"source.ip\":\"10.0.0.1\"}";
        JsonNode ocsf = formatted(PayloadFixtures.of(1, "e", null, json));
        assertEquals("alice", ocsf.at("/actor/user/name").asText());
        assertEquals("10.0.0.1", ocsf.at("/src_endpoint/ip").asText());
        assertEquals("user.create", ocsf.at("/api/operation").asText());
        assertEquals(false, ocsf.has("unmapped"), ocsf.toString());
    }
}
