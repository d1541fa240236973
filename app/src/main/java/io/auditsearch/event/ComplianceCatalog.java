package io.auditsearch.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compliance controls of the catalog's actions, read from {@code catalog/event-catalog.json}
 * (the Java client's {@code CatalogEvent} is checked against the same file). An event whose action
 * and outcome are a catalog entry gets that entry's controls; an action of the catalog with another
 * (or no) outcome gets the controls of all its entries, since an attempt at an audited action is
 * evidence for the same requirements.
 */
public final class ComplianceCatalog {

    static final String RESOURCE = "io/auditsearch/catalog/event-catalog.json";
    private static final ComplianceCatalog STANDARD = new ComplianceCatalog(RESOURCE);

    /** action, then outcome ("" for any other) to controls. */
    private final Map<String, Map<String, List<String>>> byAction;
    private final List<String> controlIds;

    ComplianceCatalog(String resource) {
        JsonNode catalog;
        try (InputStream in = ComplianceCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("event catalog missing from the classpath: " + resource);
            }
            catalog = new JsonMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> ids = new ArrayList<>();
        catalog.path("controls").forEach(c -> ids.add(c.path("id").asText()));
        this.controlIds = List.copyOf(ids);
        Map<String, Map<String, Set<String>>> built = new HashMap<>();
        for (JsonNode entry : catalog.path("events")) {
            Map<String, Set<String>> outcomes = built.computeIfAbsent(entry.path("action").asText(), a -> new HashMap<>());
            for (JsonNode control : entry.path("controls")) {
                if (!controlIds.contains(control.asText())) {
                    throw new IllegalStateException("event catalog: " + entry.path("constant").asText() + " names an unknown control " + control);
                }
                outcomes.computeIfAbsent(entry.path("outcome").asText(), o -> new LinkedHashSet<>()).add(control.asText());
                outcomes.computeIfAbsent("", o -> new LinkedHashSet<>()).add(control.asText());
            }
        }
        Map<String, Map<String, List<String>>> frozen = new HashMap<>();
        built.forEach((action, outcomes) -> {
            Map<String, List<String>> lists = new HashMap<>();
            outcomes.forEach((outcome, controls) -> lists.put(outcome, List.copyOf(controls)));
            frozen.put(action, Map.copyOf(lists));
        });
        this.byAction = Map.copyOf(frozen);
    }

    /** The catalog shipped with the service. */
    public static ComplianceCatalog standard() {
        return STANDARD;
    }

    /** Every control's id, in the catalog's order. */
    public List<String> controlIds() {
        return controlIds;
    }

    /**
     * The controls an event with this action and outcome is evidence for; empty for an action outside
     * the catalog.
     *
     * @param outcome {@code event.outcome}, or null when absent or not a single value
     */
    public List<String> controls(String action, String outcome) {
        Map<String, List<String>> outcomes = action == null ? null : byAction.get(action);
        if (outcomes == null) {
            return List.of();
        }
        List<String> exact = outcome == null ? null : outcomes.get(outcome);
        return exact != null ? exact : outcomes.getOrDefault("", List.of());
    }
}
