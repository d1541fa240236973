package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The catalog file the service tags events from ({@code catalog/event-catalog.json}, shipped in this
 * jar) and the client's enums say the same: every event with its action, outcome, categorisation,
 * level and controls, every control with its id, label and what it covers, in the same order.
 */
@Tag("unit")
class CatalogFileTest {

    static final String RESOURCE = "/io/auditsearch/catalog/event-catalog.json";

    @Test
    void catalogEventEnumAndTheCatalogFileAgree() throws IOException {
        List<String> inFile = new ArrayList<>();
        for (JsonNode e : catalog().path("events")) {
            inFile.add(String.join(" | ", e.path("constant").asText(), e.path("action").asText(), e.path("outcome").asText(),
                    texts(e.path("category")), texts(e.path("type")), e.path("level").asText(), texts(e.path("controls"))));
        }
        List<String> inEnum = Arrays.stream(CatalogEvent.values()).map(e -> String.join(" | ", e.name(), e.action(),
                lower(e.outcome()), join(e.categories()), join(e.types()), lower(e.level()),
                String.join(",", e.controls().stream().map(ComplianceControl::id).toList()))).toList();
        assertEquals(inEnum, inFile);
    }

    @Test
    void complianceControlEnumAndTheCatalogFileAgree() throws IOException {
        List<String> inFile = new ArrayList<>();
        for (JsonNode c : catalog().path("controls")) {
            inFile.add(String.join(" | ", c.path("constant").asText(), c.path("id").asText(), c.path("label").asText(), c.path("covers").asText()));
        }
        List<String> inEnum = Arrays.stream(ComplianceControl.values())
                .map(c -> String.join(" | ", c.name(), c.id(), c.label(), c.covers())).toList();
        assertEquals(inEnum, inFile);
    }

    private static JsonNode catalog() throws IOException {
        try (InputStream in = CatalogFileTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is on the class path");
            return new ObjectMapper().readTree(in);
        }
    }

    private static String texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return String.join(",", out);
    }

    private static String join(List<? extends Enum<?>> values) {
        return String.join(",", values.stream().map(CatalogFileTest::lower).toList());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
