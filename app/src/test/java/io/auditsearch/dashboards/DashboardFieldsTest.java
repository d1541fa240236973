package io.auditsearch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.support.ElasticsearchHttp;
import io.auditsearch.support.TestElasticsearch;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every field a shipped panel or saved search uses exists in the indices the shipped templates
 * create, and can do what the panel asks of it, as {@code _field_caps} on {@code audit-events*}
 * reports against a real Elasticsearch (the service installs the templates at startup).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardFieldsTest implements TestPropertyProvider {

    /** A dated index from the template, so field_caps has an index to read even on an empty cluster. */
    private static final String PROBE_INDEX = "audit-events-2099.12.31";

    private JsonNode caps;
    private boolean createdProbe;

    @Override
    public Map<String, String> getProperties() {
        return TestElasticsearch.properties();
    }

    @BeforeAll
    void readFieldCapabilities() {
        if (ElasticsearchHttp.send("HEAD", "/" + PROBE_INDEX, null).status() == 404) {
            assertEquals(200, ElasticsearchHttp.send("PUT", "/" + PROBE_INDEX, null).status(), "creating " + PROBE_INDEX);
            createdProbe = true;
        }
        caps = ElasticsearchHttp.get("/audit-events*/_field_caps?fields=*").path("fields");
        assertTrue(caps.has("event.action"), "the templates are not installed: " + caps);
    }

    @AfterAll
    void removeProbe() {
        if (createdProbe) {
            ElasticsearchHttp.send("DELETE", "/" + PROBE_INDEX, null);
        }
    }

    @Test
    void everyFieldAPanelOrSearchUsesExists() {
        assertAll(use -> caps.has(use.field()) ? null : "no such field");
    }

    @Test
    void everyFieldAPanelAggregatesOnIsAggregatable() {
        assertAll(use -> use.need() != FieldUse.Need.AGGREGATE || every(use.field(), "aggregatable") ? null : "not aggregatable");
    }

    @Test
    void everyFieldAPanelFiltersOnIsSearchable() {
        assertAll(use -> use.need() != FieldUse.Need.SEARCH || every(use.field(), "searchable") ? null : "not searchable");
    }

    @Test
    void theCheckTellsTextFromKeywordSoItCanFail() {
        assertTrue(every("user.name", "aggregatable"));
        assertTrue(!every("message", "aggregatable") && every("message", "searchable"), "message is text: " + caps.path("message"));
        assertTrue(!caps.has("user.nickname"), "a field outside the mapping");
    }

    /** Collects every failing use, so one run names them all. */
    private void assertAll(java.util.function.Function<FieldUse, String> problem) {
        List<String> failures = new ArrayList<>();
        for (SavedObject object : SavedObject.all()) {
            for (FieldUse use : PanelFields.of(object)) {
                String p = problem.apply(use);
                if (p != null) {
                    failures.add(use.field() + " (" + use.need() + ") " + p + " in " + use.where() + ": " + caps.path(use.field()));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** True when the field has the capability under every type it has across the indices. */
    private boolean every(String field, String capability) {
        JsonNode types = caps.path(field);
        if (types.isEmpty()) {
            return false;
        }
        for (JsonNode type : types) {
            if (!type.path(capability).asBoolean()) {
                return false;
            }
        }
        return true;
    }
}
