package io.auditsearch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import io.auditsearch.dashboards.FieldUse.Need;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads which fields a shipped saved object uses: for a Lens panel, every column's
 * {@code sourceField} (aggregated) and every KQL query in its state, its columns' filters and its
 * "filters" buckets (searched); for a saved search, its query (searched), its sort (aggregated)
 * and its columns (shown); for the data view, its time field (aggregated).
 */
final class PanelFields {

    /** Lens's pseudo-field for "count of records": not a field of the index. */
    private static final String RECORDS = "___records___";

    private PanelFields() {
    }

    static List<FieldUse> of(SavedObject object) {
        List<FieldUse> uses = new ArrayList<>();
        switch (object.type()) {
            case "dashboard" -> dashboard(object, uses);
            case "search" -> search(object, uses);
            case "index-pattern" -> uses.add(new FieldUse(object.attributes().path("timeFieldName").asText(), Need.AGGREGATE, object.toString()));
            default -> throw new IllegalArgumentException("no field reader for " + object);
        }
        return uses;
    }

    private static void dashboard(SavedObject dashboard, List<FieldUse> uses) {
        queries(dashboard.searchSource(), dashboard.toString(), uses);
        for (JsonNode panel : dashboard.panels()) {
            if ("lens".equals(panel.path("type").asText())) {
                lens(panel.at("/embeddableConfig/attributes/state"), dashboard + " panel " + panel.path("panelIndex").asText(), uses);
            }
        }
    }

    private static void lens(JsonNode state, String where, List<FieldUse> uses) {
        queries(state, where, uses);
        for (JsonNode layer : state.at("/datasourceStates/formBased/layers")) {
            for (JsonNode column : layer.path("columns")) {
                String field = column.path("sourceField").asText();
                if (!field.isEmpty() && !RECORDS.equals(field)) {
                    uses.add(new FieldUse(field, Need.AGGREGATE, where));
                }
                kql(column.path("filter"), where, uses);
                for (JsonNode bucket : column.at("/params/filters")) {
                    kql(bucket.path("input"), where, uses);
                }
            }
        }
    }

    private static void search(SavedObject search, List<FieldUse> uses) {
        String where = search.toString();
        queries(search.searchSource(), where, uses);
        for (JsonNode sort : search.attributes().path("sort")) {
            uses.add(new FieldUse(sort.path(0).asText(), Need.AGGREGATE, where));
        }
        for (JsonNode column : search.attributes().path("columns")) {
            uses.add(new FieldUse(column.asText(), Need.EXIST, where));
        }
    }

    /** The {@code query} and {@code filter}/{@code filters} of a search source or Lens state. */
    private static void queries(JsonNode source, String where, List<FieldUse> uses) {
        kql(source.path("query"), where, uses);
        for (String name : new String[] {"filter", "filters"}) {
            for (JsonNode filter : source.path(name)) {
                String key = filter.at("/meta/key").asText();
                if (!key.isEmpty()) {
                    uses.add(new FieldUse(key, Need.SEARCH, where));
                }
            }
        }
    }

    private static void kql(JsonNode query, String where, List<FieldUse> uses) {
        if (query.isMissingNode() || query.path("query").asText().isBlank()) {
            return;
        }
        if (!"kuery".equals(query.path("language").asText())) {
            throw new IllegalArgumentException(where + ": only KQL queries are read, found " + query);
        }
        KqlFields.of(query.path("query").asText()).forEach(f -> uses.add(new FieldUse(f, Need.SEARCH, where)));
    }
}
