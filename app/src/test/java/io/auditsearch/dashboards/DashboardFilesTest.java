package io.auditsearch.dashboards;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.dashboards.FieldUse.Need;
import io.auditsearch.support.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The shipped dashboards/*.ndjson files as Kibana's saved-objects import reads them. */
@Tag("unit")
class DashboardFilesTest {

    private static final String DATA_VIEW = "audit-events";
    /** A markdown link relative to the dashboard app's own URL, so it works under a Kibana space or base path. */
    private static final Pattern DASHBOARD_LINK = Pattern.compile("\\]\\(#/view/([\\w-]+)\\)");

    private final List<SavedObject> objects = SavedObject.all();

    @Test
    void everyLineIsASavedObjectWithIdTypeAttributesAndMigrationVersions() {
        assertFalse(objects.isEmpty(), "no saved objects under " + SavedObject.DASHBOARDS.toAbsolutePath());
        for (SavedObject o : objects) {
            assertFalse(o.id().isBlank(), o + ": id");
            assertTrue(Set.of("index-pattern", "dashboard", "search").contains(o.type()), o + ": type");
            assertTrue(o.attributes().path("title").isTextual(), o + ": title");
            assertTrue(o.references().isArray(), o + ": references");
            assertTrue(o.json().path("coreMigrationVersion").isTextual(), o + ": coreMigrationVersion");
            assertTrue(o.json().path("typeMigrationVersion").isTextual(), o + ": typeMigrationVersion");
        }
    }

    @Test
    void idsAreUniqueAcrossFiles() {
        Map<String, List<SavedObject>> byId = objects.stream().collect(groupingBy(SavedObject::id));
        byId.forEach((id, same) -> assertEquals(1, same.size(), "id " + id + " is used by " + same));
    }

    @Test
    void everyReferenceResolvesToAShippedObject() {
        Set<String> shipped = objects.stream().map(o -> o.type() + "/" + o.id()).collect(toSet());
        for (SavedObject o : objects) {
            for (JsonNode ref : allReferences(o)) {
                String target = ref.path("type").asText() + "/" + ref.path("id").asText();
                assertTrue(shipped.contains(target), o + " refers to " + target + " (" + ref.path("name").asText() + "), which no file ships");
            }
        }
    }

    @Test
    void dashboardPanelsAreValidJsonWithUniquePanelIndexes() {
        for (SavedObject d : dashboards()) {
            Json.parse(d.attributes().path("optionsJSON").asText());
            d.searchSource();
            JsonNode panels = d.panels();
            assertTrue(panels.isArray() && !panels.isEmpty(), d + ": panelsJSON is not a list of panels");
            Set<String> indexes = new HashSet<>();
            for (JsonNode panel : panels) {
                String index = panel.path("panelIndex").asText();
                assertTrue(indexes.add(index), d + ": panelIndex " + index + " twice");
                assertEquals(index, panel.at("/gridData/i").asText(), d + ": gridData.i of " + index);
                assertTrue(Set.of("lens", "search", "visualization").contains(panel.path("type").asText()), d + ": type of " + index);
            }
        }
    }

    @Test
    void everyLensLayerAndSavedSearchPanelIsReferencedByTheDashboard() {
        for (SavedObject d : dashboards()) {
            Map<String, String> refs = new HashMap<>();
            d.references().forEach(r -> refs.put(r.path("name").asText(), r.path("type").asText() + "/" + r.path("id").asText()));
            for (JsonNode panel : d.panels()) {
                String index = panel.path("panelIndex").asText();
                if (panel.has("panelRefName")) {
                    assertTrue(refs.containsKey(index + ":" + panel.path("panelRefName").asText()), d + ": no reference for panel " + index);
                }
                JsonNode lens = panel.at("/embeddableConfig/attributes");
                Set<String> own = new HashSet<>();
                lens.path("references").forEach(r -> own.add(r.path("name").asText()));
                lens.at("/state/datasourceStates/formBased/layers").fieldNames().forEachRemaining(layer -> {
                    String name = "indexpattern-datasource-layer-" + layer;
                    assertTrue(own.contains(name), d + ": panel " + index + " has no reference of its own for layer " + layer);
                    assertEquals("index-pattern/" + DATA_VIEW, refs.get(index + ":" + name), d + ": panel " + index + " layer " + layer);
                });
            }
        }
    }

    @Test
    void eachFileHoldsOneDashboardAndTheObjectsItUses() {
        Map<Path, List<SavedObject>> byFile = objects.stream().collect(groupingBy(SavedObject::file));
        for (var file : byFile.entrySet()) {
            List<SavedObject> inFile = file.getValue();
            if (inFile.stream().anyMatch(o -> o.type().equals("index-pattern"))) {
                assertEquals(1, inFile.size(), file.getKey() + ": the data view has a file of its own");
                continue;
            }
            List<SavedObject> dashboards = inFile.stream().filter(o -> o.type().equals("dashboard")).toList();
            assertEquals(1, dashboards.size(), file.getKey() + ": dashboards in the file");
            Set<String> used = new HashSet<>();
            dashboards.getFirst().references().forEach(r -> used.add(r.path("id").asText()));
            inFile.stream().filter(o -> !o.type().equals("dashboard"))
                    .forEach(o -> assertTrue(used.contains(o.id()), file.getKey() + ": " + o + " is not used by its dashboard"));
        }
    }

    @Test
    void theDashboardsOfIssues6And20AreShipped() {
        Set<String> titles = dashboards().stream().map(d -> d.attributes().path("title").asText()).collect(toSet());
        assertEquals(Set.of("[Audit Search] Overview", "[Audit Search] Authentication and access",
                "[Audit Search] Changes and administration", "[Audit Search] Compliance controls"), titles);
    }

    @Test
    void theDataViewReadsTheAliasByTimestamp() {
        SavedObject view = objects.stream().filter(o -> o.type().equals("index-pattern")).findFirst().orElseThrow();
        assertEquals(DATA_VIEW, view.id());
        assertEquals("audit-events", view.attributes().path("title").asText());
        assertEquals("@timestamp", view.attributes().path("timeFieldName").asText());
    }

    @Test
    void panelsDoNotOverlap() {
        for (SavedObject d : dashboards()) {
            List<JsonNode> placed = new ArrayList<>();
            for (JsonNode panel : d.panels()) {
                JsonNode g = panel.path("gridData");
                assertTrue(g.path("x").asInt() + g.path("w").asInt() <= 48, d + ": panel " + g + " is wider than the grid");
                for (JsonNode other : placed) {
                    if (overlap(g, other)) {
                        fail(d + ": panels " + g + " and " + other + " overlap");
                    }
                }
                placed.add(g);
            }
        }
    }

    @Test
    void linksBetweenDashboardsPointAtShippedDashboards() {
        Set<String> ids = dashboards().stream().map(SavedObject::id).collect(toSet());
        for (SavedObject d : dashboards()) {
            Matcher m = DASHBOARD_LINK.matcher(d.attributes().path("panelsJSON").asText());
            int links = 0;
            while (m.find()) {
                assertTrue(ids.contains(m.group(1)), d + " links to unknown dashboard " + m.group(1));
                links++;
            }
            assertEquals(ids.size() - 1, links, d + ": links to the other dashboards");
        }
    }

    @Test
    void linksBetweenDashboardsAreRelativeSoTheyWorkUnderASpaceOrBasePath() {
        for (SavedObject d : dashboards()) {
            String panels = d.attributes().path("panelsJSON").asText();
            assertFalse(panels.contains("/app/"), d + ": an absolute Kibana path breaks under a space (/s/<space>) or a base path");
            assertFalse(panels.matches("(?s).*\\]\\(https?://.*"), d + ": no absolute URL");
        }
    }

    @Test
    void aMissingBucketIsOnlyAskedOfStringColumnsWhereKibanaCanAddIt() {
        for (SavedObject d : dashboards()) {
            for (JsonNode column : lensColumns(d)) {
                if (column.at("/params/missingBucket").asBoolean(false)) {
                    assertEquals("string", column.path("dataType").asText(), d + ": missingBucket on a " + column.path("dataType") + " column does nothing: " + column);
                }
            }
        }
    }

    @Test
    void theAccessDeniedTableKeepsDeniedEventsWithoutAnAddressOrAUser() {
        SavedObject d = dashboards().stream().filter(o -> o.id().equals("audit-search-authentication")).findFirst().orElseThrow();
        JsonNode panel = null;
        for (JsonNode p : d.panels()) {
            if (p.path("panelIndex").asText().equals("au-denied")) {
                panel = p;
            }
        }
        assertTrue(panel != null, "the access-denied table au-denied");
        JsonNode columns = panel.at("/embeddableConfig/attributes/state/datasourceStates/formBased/layers/au-denied/columns");
        Set<String> fields = new HashSet<>();
        for (JsonNode column : columns) {
            fields.add(column.path("sourceField").asText());
            if (column.path("isBucketed").asBoolean()) {
                // a terms row drops every event without the field unless Kibana adds a missing bucket, which it does for strings only
                assertEquals("terms", column.path("operationType").asText(), "row split: " + column);
                assertEquals("string", column.path("dataType").asText(), "row split on a string field: " + column);
                assertTrue(column.at("/params/missingBucket").asBoolean(false), "row split keeps events without " + column.path("sourceField") + ": " + column);
            }
        }
        assertTrue(fields.containsAll(Set.of("user.name", "event.action", "source.ip")), "user, action and address still shown: " + fields);
    }

    @Test
    void theFieldReaderFindsWhatThePanelsAggregateAndFilterOn() {
        Set<FieldUse> uses = new HashSet<>();
        objects.forEach(o -> PanelFields.of(o).forEach(u -> uses.add(new FieldUse(u.field(), u.need(), ""))));
        for (String aggregated : List.of("@timestamp", "event.outcome", "event.action", "user.name", "source.ip",
                "audit.resource.type", "user.target.name", "audit.compliance")) {
            assertTrue(uses.contains(new FieldUse(aggregated, Need.AGGREGATE, "")), aggregated + " aggregated by some panel");
        }
        for (String searched : List.of("event.outcome", "event.category", "event.type", "event.action", "http.response.status_code")) {
            assertTrue(uses.contains(new FieldUse(searched, Need.SEARCH, "")), searched + " filtered by some panel");
        }
        assertTrue(uses.contains(new FieldUse("error.message", Need.EXIST, "")), "a saved search column");
    }

    /** The columns of every by-value Lens panel of a dashboard. */
    private static List<JsonNode> lensColumns(SavedObject dashboard) {
        List<JsonNode> columns = new ArrayList<>();
        for (JsonNode panel : dashboard.panels()) {
            for (JsonNode layer : panel.at("/embeddableConfig/attributes/state/datasourceStates/formBased/layers")) {
                layer.path("columns").forEach(columns::add);
            }
        }
        return columns;
    }

    private List<SavedObject> dashboards() {
        return objects.stream().filter(o -> o.type().equals("dashboard")).toList();
    }

    /** The object's references and, for by-value Lens panels, the references inside each panel. */
    private static List<JsonNode> allReferences(SavedObject o) {
        List<JsonNode> refs = new ArrayList<>();
        o.references().forEach(refs::add);
        if (o.type().equals("dashboard")) {
            o.panels().forEach(p -> p.at("/embeddableConfig/attributes/references").forEach(refs::add));
        }
        return refs;
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt() && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt() && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }
}
