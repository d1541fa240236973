package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CatalogEventDocTest {

    private static String row(CatalogEvent e) {
        return "| `" + e.name() + "` | `" + e.action() + "` | "
                + e.categories().stream().map(EventCategory::value).collect(Collectors.joining(", ")) + " | "
                + e.types().stream().map(EventType::value).collect(Collectors.joining(", ")) + " | "
                + e.outcome().value() + " | " + e.level().value() + " | "
                + e.controls().stream().map(ComplianceControl::label).collect(Collectors.joining(", ")) + " |";
    }

    @Test
    void docsEventsMdHoldsTheCatalogTable() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("..", "docs", "events.md"));
        List<String> rows = doc.stream().filter(l -> l.startsWith("| `")).toList();
        assertEquals(java.util.Arrays.stream(CatalogEvent.values()).map(CatalogEventDocTest::row).toList(), rows);
    }

    @Test
    void everyEntryBuildsAnEventAndEveryControlIsServed() {
        for (CatalogEvent e : CatalogEvent.values()) {
            AuditEvent event = AuditEvent.builder(e).build();
            assertEquals(e.action(), event.action());
            assertTrue(e.action().matches("[a-z_]+(\\.[a-z_]+)+"), e.action());
            assertTrue(!e.controls().isEmpty(), e.name());
        }
        for (ComplianceControl c : ComplianceControl.values()) {
            assertTrue(java.util.Arrays.stream(CatalogEvent.values()).anyMatch(e -> e.controls().contains(c)),
                    c.label().toLowerCase(Locale.ROOT) + " is served by no catalog event");
        }
    }
}
