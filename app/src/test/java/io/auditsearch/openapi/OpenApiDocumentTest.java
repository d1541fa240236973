package io.auditsearch.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.support.CallerHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document as {@code GET /openapi} serves it, checked the way Redocly's recommended lint
 * checks it (servers present, every operation named and summarised, unique operation ids, no
 * {@code nullable} without {@code type}, parameters with schemas) plus what makes generated clients
 * good: the operation ids this service promises, and every problem answer documented as
 * {@code application/problem+json}. {@link RedoclyLintTest} runs the real linter on the same document.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiDocumentTest implements TestPropertyProvider {

    /** Where the served document is written, for {@link RedoclyLintTest} and for a look by hand. */
    static final Path SERVED = Path.of("target", "openapi", "served.yml");
    /** What micronaut-openapi generated at compile time, and GET /openapi serves. */
    static final String RESOURCE = "META-INF/swagger/audit-search-v1.yml";
    static final Set<String> OPERATION_IDS = Set.of("recordEvent", "recordEvents", "searchEvents", "searchEventsByBody", "getEvent",
            "aggregateEvents", "aggregateEventsByBody", "exportEvents", "createApiKey", "listApiKeys", "revokeApiKey",
            "listDeadLetters", "getRetentionReport", "listLegalHolds", "setLegalHold", "releaseLegalHold", "getEventProof",
            "getIntegrityPublicKey", "listIntegrityLogs", "getIntegrityCheckpoint", "getIntegrityConsistency", "getIntegrityTile",
            "createViewerToken", "createStream", "listStreams", "getStream", "pauseStream", "resumeStream", "deleteStream", "testStream",
            "replayStream", "listStreamDeadLetters", "replayStreamDeadLetters");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    @Inject
    EmbeddedServer server;
    private Map<String, Object> document;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void fetch() throws IOException {
        CallerHttp.Response served = CallerHttp.admin(server.getURI()).get("/openapi");
        assertEquals(200, served.status(), served::toString);
        Files.createDirectories(SERVED.getParent());
        Files.writeString(SERVED, served.body());
        document = new Yaml().load(served.body());
        try (var in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertEquals(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), served.body(), "served as generated");
        }
    }

    @Test
    void serversAreDeclared() {
        List<Map<String, Object>> servers = list(document.get("servers"));
        assertFalse(servers.isEmpty(), "servers");
        servers.forEach(s -> assertFalse(String.valueOf(s.get("url")).isBlank(), "server url"));
    }

    @Test
    void everyOperationHasItsPromisedIdAndASummary() {
        List<String> ids = new ArrayList<>();
        operations().forEach((where, op) -> {
            assertTrue(op.get("operationId") instanceof String id && !id.isBlank(), where + ": operationId");
            assertTrue(op.get("summary") instanceof String s && !s.isBlank(), where + ": summary");
            ids.add((String) op.get("operationId"));
        });
        assertEquals(ids.size(), new HashSet<>(ids).size(), "operation ids are unique: " + ids);
        assertEquals(new TreeSet<>(OPERATION_IDS), new TreeSet<>(ids));
    }

    @Test
    void everyOperationDocumentsItsProblemAnswers() {
        operations().forEach((where, op) -> {
            Map<String, Object> responses = map(op.get("responses"));
            for (String status : List.of("400", "401", "403", "429", "503")) {
                assertProblem(where, status, responses);
            }
        });
        assertProblem("getEvent", "404", map(operation("getEvent").get("responses")));
        assertProblem("recordEvents", "413", map(operation("recordEvents").get("responses")));
        Map<String, Object> problem = map(map(map(document.get("components")).get("schemas")).get("Problem"));
        assertTrue(map(problem.get("properties")).keySet().containsAll(List.of("type", "title", "status", "detail")), problem::toString);
    }

    @Test
    void noNullableWithoutTypeAndEveryParameterHasASchema() {
        List<String> found = new ArrayList<>();
        walk(document, "$", found);
        assertEquals(List.of(), found);
    }

    @Test
    void theIngestBodiesAreEventsNotBytes() {
        assertEquals("#/components/requestBodies/Event", map(operation("recordEvent").get("requestBody")).get("$ref"));
        assertEquals("#/components/requestBodies/EventBatch", map(operation("recordEvents").get("requestBody")).get("$ref"));
    }

    private void assertProblem(String where, String status, Map<String, Object> responses) {
        Map<String, Object> response = map(responses.get(status));
        assertFalse(response.isEmpty(), where + ": no " + status + " answer");
        Map<String, Object> content = map(map(response.get("content")).get("application/problem+json"));
        assertEquals("#/components/schemas/Problem", map(content.get("schema")).get("$ref"), where + " " + status);
    }

    /** Every schema with nullable but no type, every parameter without schema or content (a security scheme has a type). */
    @SuppressWarnings("unchecked")
    private static void walk(Object node, String path, List<String> found) {
        if (node instanceof Map<?, ?> m) {
            if (Boolean.TRUE.equals(m.get("nullable")) && !m.containsKey("type")) {
                found.add(path + ": nullable without type");
            }
            if (m.containsKey("in") && m.containsKey("name") && !m.containsKey("type") && !m.containsKey("schema") && !m.containsKey("content")) {
                found.add(path + ": parameter " + m.get("name") + " without schema");
            }
            ((Map<String, Object>) m).forEach((k, v) -> walk(v, path + "." + k, found));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        map(document.get("paths")).forEach((path, item) -> map(item).forEach((method, op) -> {
            if (METHODS.contains(method)) {
                out.put(method.toUpperCase() + " " + path, map(op));
            }
        }));
        return out;
    }

    private Map<String, Object> operation(String id) {
        return operations().values().stream().filter(op -> id.equals(op.get("operationId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + id));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
