package io.auditsearch.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.RetentionConfiguration;
import io.auditsearch.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Events of a catalog action are stored with the catalog's controls in {@code audit.compliance}, by
 * the streaming pass and the tree path alike (the same document); the client's own controls are kept
 * first and merged; other actions are left as given.
 */
@Tag("unit")
class ComplianceTagsTest {

    private static final Instant NOW = Instant.parse("2026-03-03T00:00:00Z");
    private static final String AT = "\"@timestamp\":\"2026-03-02T10:00:00Z\"";

    private final EventRules rules = new EventRules();
    private final EventPreparer preparer = new EventPreparer(new EventSchema(), rules, new SensitiveValueMasker(rules),
            new RetentionConfiguration(), Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {
        "{" + AT + ",\"event\":{\"id\":\"e1\",\"action\":\"role.grant\"},\"audit\":{\"resource\":{\"type\":\"role\",\"id\":\"auditor\"}}}",
        "{" + AT + ",\"event\":{\"id\":\"e2\",\"action\":\"role.grant\",\"outcome\":\"success\"},\"log\":{\"level\":\"notice\"}}",
        "{\"audit\":{\"details\":{\"ticket\":\"SEC-1\"}}," + AT + ",\"log\":{\"level\":\"info\"},\"event\":{\"id\":\"e3\",\"action\":\"role.grant\"}}",
        "{" + AT + ",\"event\":{\"id\":\"e4\",\"action\":\"role.grant\"},\"audit\":{ }}",
        "{" + AT + ",\"audit\":{},\"event\":{\"id\":\"e5\",\"action\":\"role.grant\"},\"log\":{\"level\":\"notice\"}}",
    })
    void aCatalogActionIsTaggedAlikeByBothPaths(String json) {
        PreparedEvent streamed = streamed(json).orElseThrow(() -> new AssertionError("not streamed: " + json));
        PreparedEvent tree = preparer.prepare(Json.parse(json));
        assertEquals(Json.parse(new String(tree.source(), StandardCharsets.UTF_8)).toString(),
                Json.parse(new String(streamed.source(), StandardCharsets.UTF_8)).toString(), "same document, same key order");
        assertEquals(List.of("PCI-DSS-10.2.1.2", "PCI-DSS-10.2.1.5", "SOC2-CC6.2", "SOC2-CC6.3"), compliance(streamed));
    }

    @Test
    void successAndFailureOfOneActionServeTheirOwnControls() {
        assertEquals(List.of("SOC2-CC6.1", "SOC2-CC7.2", "PCI-DSS-10.2.1.2"), compliance(prepare("user.login", "\"outcome\":\"success\",")));
        assertEquals(List.of("PCI-DSS-10.2.1.4", "SOC2-CC6.1", "SOC2-CC7.2"), compliance(prepare("user.login", "\"outcome\":\"failure\",")));
        // no outcome (or one the catalog has no entry for): every control of the action
        assertEquals(List.of("SOC2-CC6.1", "SOC2-CC7.2", "PCI-DSS-10.2.1.2", "PCI-DSS-10.2.1.4"), compliance(prepare("user.login", "")));
        assertEquals(List.of(), compliance(prepare("invoice.approve", "\"outcome\":\"success\",")), "not a catalog action");
        assertTrue(prepareTree("invoice.approve").at("/audit").isMissingNode(), "nothing added to other actions");
    }

    @Test
    void theClientsOwnControlsAreKeptAndMerged() {
        String json = "{" + AT + ",\"event\":{\"id\":\"c1\",\"action\":\"user.login\",\"outcome\":\"success\"},"
                + "\"audit\":{\"compliance\":[\"INTERNAL-7\",\"SOC2-CC6.1\"]}}";
        assertTrue(streamed(json).isEmpty(), "merging takes the tree path");
        assertEquals(List.of("INTERNAL-7", "SOC2-CC6.1", "SOC2-CC7.2", "PCI-DSS-10.2.1.2"), compliance(preparer.prepare(Json.parse(json))));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of("INTERNAL-7", "SOC2-CC6.1", "SOC2-CC7.2", "PCI-DSS-10.2.1.2"), compliance(preparer.prepare(bytes, 0, bytes.length)));

        String other = "{" + AT + ",\"event\":{\"id\":\"c2\",\"action\":\"invoice.approve\"},\"audit\":{\"compliance\":\"INTERNAL-7\"}}";
        assertEquals("INTERNAL-7", Json.parse(new String(streamed(other).orElseThrow().source(), StandardCharsets.UTF_8))
                .at("/audit/compliance").asText(), "kept as given where the catalog adds nothing");
    }

    private Optional<PreparedEvent> streamed(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return preparer.streamed(bytes, 0, bytes.length, Optional.empty());
    }

    private PreparedEvent prepare(String action, String outcome) {
        byte[] bytes = ("{" + AT + ",\"event\":{" + outcome + "\"action\":\"" + action + "\"}}").getBytes(StandardCharsets.UTF_8);
        return preparer.prepare(bytes, 0, bytes.length);
    }

    private JsonNode prepareTree(String action) {
        return Json.parse(new String(preparer.prepare(Json.parse("{" + AT + ",\"event\":{\"action\":\"" + action + "\"}}")).source(),
                StandardCharsets.UTF_8));
    }

    private static List<String> compliance(PreparedEvent event) {
        List<String> out = new ArrayList<>();
        Json.parse(new String(event.source(), StandardCharsets.UTF_8)).at("/audit/compliance").forEach(v -> out.add(v.asText()));
        return out;
    }
}
