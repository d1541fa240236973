package io.auditsearch.integrity;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.auditsearch.event.EventIndexNaming;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retention (the sweeper through IndexInventory, and the ILM policy through the audit-events
 * template) only ever touches {@code audit-events-*} indices with a period date in their name: the
 * integrity indices match neither, and each has its own strict mapping file.
 */
@Tag("unit")
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntegrityIndicesOutsideRetentionTest {

    private static final List<String> INDICES = List.of(IntegrityStore.TILES, IntegrityStore.BUNDLES, IntegrityStore.CHECKPOINTS);

    @Test
    void integrityIndicesAreNotEventIndices() throws Exception {
        var eventPattern = FileSystems.getDefault().getPathMatcher("glob:" + EventIndexNaming.PREFIX + "-*");
        for (String index : INDICES) {
            assertFalse(eventPattern.matches(Path.of(index)), index);
            assertTrue(EventIndexNaming.periodDateOf(index).isEmpty(), index);
            String mapping = Files.readString(Path.of("..", "index-templates", "index", index + ".json"));
            assertTrue(mapping.contains("\"dynamic\": \"strict\""), index);
        }
    }
}
