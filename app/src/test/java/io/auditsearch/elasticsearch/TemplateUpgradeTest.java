package io.auditsearch.elasticsearch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.DedicatedNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.Json;
import io.auditsearch.support.LogCapture;
import io.auditsearch.support.RunningService;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A service started on a cluster that holds an earlier release's templates (installed here by hand,
 * as that release would have) upgrades them: the existing dated index gets the new field with
 * {@code _mapping}, keeps its documents untouched, and events from before and after the upgrade are
 * both found through the API. A later release's templates are never downgraded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplateUpgradeTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Path TEMPLATES = Path.of("..", "index-templates");
    private static final String SERVICE = "template-upgrade-" + RUN;
    /** The field the previous mapping version lacks (this test's stand-in for what version 3 added). */
    private static final String ADDED = "name";

    private DedicatedNode node;

    @BeforeAll
    void start() {
        LogCapture.start();
        node = DedicatedNode.single("template-upgrade-" + RUN).start();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aServiceStartedOnOlderTemplatesUpgradesThemAndEventsFromBeforeAndAfterAreSearchable() throws Exception {
        JsonNode current = Json.parse(Files.readString(TEMPLATES.resolve("component/audit-events-mappings.json")));
        int version = current.at("/_meta/version").asInt();
        es("PUT", "/_component_template/audit-events-settings", Files.readString(TEMPLATES.resolve("component/audit-events-settings.json")), 200);
        es("PUT", "/_component_template/audit-events-mappings", previous(current, version - 1).toString(), 200);
        es("PUT", "/_index_template/audit-events", Files.readString(TEMPLATES.resolve("index-template/audit-events.json")), 200);

        Instant now = Instant.now();
        String index = "audit-events-" + DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC).format(now);
        String before = "before-" + RUN;
        String beforeDoc = "{\"@timestamp\":\"" + now.minusSeconds(60) + "\",\"event\":{\"id\":\"" + before + "\",\"action\":\"template.before\","
                + "\"kind\":\"event\",\"ingested\":\"" + now.minusSeconds(60) + "\"},\"service\":{\"name\":\"" + SERVICE + "\"},"
                + "\"audit\":{\"resource\":{\"type\":\"doc\",\"id\":\"d-1\"}},\"message\":\"stored by the previous release\"}";
        es("PUT", "/" + index + "/_doc/" + before + "?refresh=true", beforeDoc, 201);
        // the previous mapping really lacks the field: the strict index refuses it
        ElasticsearchHttp.Response refused = ElasticsearchHttp.send(node.url(), "PUT", "/" + index + "/_doc/probe-" + RUN,
                "{\"@timestamp\":\"" + now + "\",\"event\":{\"id\":\"probe\",\"action\":\"a\"},\"audit\":{\"resource\":{\"" + ADDED + "\":\"x\"}}}");
        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("strict_dynamic_mapping_exception", refused.body().at("/error/type").asText(), refused.body().toString());
        JsonNode storedBefore = ElasticsearchHttp.send(node.url(), "GET", "/" + index + "/_doc/" + before, null).body();

        try (RunningService service = RunningService.start(node.url(), Map.of())) {
            JsonNode component = es("GET", "/_component_template/audit-events-mappings", null, 200).at("/component_templates/0/component_template");
            assertEquals(version, component.at("/_meta/version").asInt(), "the component template is upgraded");
            assertEquals("keyword", component.at("/template/mappings/properties/audit/properties/resource/properties/" + ADDED + "/type").asText());

            JsonNode mapping = es("GET", "/" + index + "/_mapping", null, 200).path(index).path("mappings");
            assertEquals("keyword", mapping.at("/properties/audit/properties/resource/properties/" + ADDED + "/type").asText(),
                    "the existing index has the new field: " + mapping.at("/properties/audit/properties/resource"));
            assertEquals(version, mapping.at("/_meta/version").asInt(), "the existing index records the mapping version");
            JsonNode storedAfter = es("GET", "/" + index + "/_doc/" + before, null, 200);
            assertEquals(storedBefore.path("_version"), storedAfter.path("_version"), "the old document is not rewritten");
            assertEquals(storedBefore.path("_source"), storedAfter.path("_source"));
            assertEquals(1, es("GET", "/" + index + "/_count", null, 200).path("count").asInt(), "no reindex, no copy");

            CallerHttp admin = CallerHttp.admin(URI.create(service.http().base()));
            String after = "after-" + RUN;
            CallerHttp.Response stored = admin.postJson("/v1/events", "{\"@timestamp\":\"" + now + "\",\"event\":{\"id\":\"" + after
                    + "\",\"action\":\"template.after\"},\"service\":{\"name\":\"" + SERVICE + "\"},\"audit\":{\"resource\":{\"type\":\"doc\",\"id\":\"d-1\",\""
                    + ADDED + "\":\"Quarterly report\"}}}");
            assertEquals(201, stored.status(), stored.toString());
            assertEquals(index, stored.json().path("index").asText(), "the new event goes to the same, existing index: " + stored);

            for (String id : new String[] {before, after}) {
                CallerHttp.Response got = awaitFound(admin, id);
                assertEquals(id, got.json().at("/event/id").asText(), got.toString());
            }
            CallerHttp.Response search = admin.get("/v1/events", "service", SERVICE);
            assertEquals(200, search.status(), search.toString());
            Set<String> ids = new HashSet<>();
            search.json().path("events").forEach(e -> ids.add(e.at("/event/id").asText()));
            assertEquals(Set.of(before, after), ids, "both events in one search: " + search);
            CallerHttp.Response byNewField = admin.get("/v1/events", "service", SERVICE, "q", "\"Quarterly report\"");
            assertEquals(200, byNewField.status(), byNewField.toString());
            // q reads audit.resource.name.text, the new field's text sub-field, which the upgrade put on the index too
            assertEquals(after, byNewField.json().at("/events/0/event/id").asText(), "the new field is searchable: " + byNewField);
            assertEquals(1, byNewField.json().path("events").size(), byNewField.toString());
        }
    }

    @Test
    @Order(2)
    void aNewerInstalledVersionIsLeftAsItIsAndLogged() throws IOException {
        ObjectNode later = (ObjectNode) Json.parse(Files.readString(TEMPLATES.resolve("component/audit-events-mappings.json")));
        int shipped = later.at("/_meta/version").asInt();
        ((ObjectNode) later.path("_meta")).put("version", shipped + 1).put("description", "a later release " + RUN);
        es("PUT", "/_component_template/audit-events-mappings", later.toString(), 200);

        try (RunningService service = RunningService.start(node.url(), Map.of())) {
            JsonNode component = es("GET", "/_component_template/audit-events-mappings", null, 200).at("/component_templates/0/component_template");
            assertEquals(shipped + 1, component.at("/_meta/version").asInt(), "not downgraded");
            assertEquals("a later release " + RUN, component.at("/_meta/description").asText());
            assertFalse(LogCapture.containing("newer than this service's version " + shipped + ": left as it is").isEmpty(),
                    "the service says it left the newer template alone");
            CallerHttp.Response stored = CallerHttp.admin(URI.create(service.http().base())).postJson("/v1/events",
                    "{\"event\":{\"id\":\"newer-" + RUN + "\",\"action\":\"template.newer\"},\"service\":{\"name\":\"" + SERVICE + "\"}}");
            assertEquals(201, stored.status(), "the service still takes events: " + stored);
        }
    }

    /** The shipped mappings as the previous release had them: an older version, one field fewer. */
    private static JsonNode previous(JsonNode current, int version) {
        ObjectNode old = current.deepCopy();
        ((ObjectNode) old.path("_meta")).put("version", version);
        ((ObjectNode) old.at("/template/mappings/_meta")).put("version", version);
        JsonNode resource = old.at("/template/mappings/properties/audit/properties/resource/properties");
        assertTrue(resource.has(ADDED), "the shipped mapping has audit.resource." + ADDED);
        ((ObjectNode) resource).remove(ADDED);
        return old;
    }

    /** GET /v1/events/{id} until it answers 200, for at most 30 s (a new event is searchable after a refresh). */
    private static CallerHttp.Response awaitFound(CallerHttp admin, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        CallerHttp.Response got = admin.get("/v1/events/" + id);
        while (got.status() != 200) {
            assertTrue(System.nanoTime() < deadline, "event " + id + " not found through the API within 30 s: " + got);
            Thread.sleep(250);
            got = admin.get("/v1/events/" + id);
        }
        return got;
    }

    private JsonNode es(String method, String path, String body, int expected) {
        ElasticsearchHttp.Response r = ElasticsearchHttp.send(node.url(), method, path, body);
        assertEquals(expected, r.status(), method + " " + path + ": " + r.body());
        return r.body();
    }
}
