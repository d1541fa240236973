package io.auditsearch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An NDJSON body is cut into its events at each line feed, wherever the line feeds fall. */
@Tag("unit")
class BulkBodyTest {

    @Test
    void everyNonBlankLineIsOneEventWithoutItsSurroundingSpace() {
        // line feeds at every offset of an eight-byte word, CRLF, blank lines, no final line feed
        Random random = new Random(7);
        for (int body = 0; body < 300; body++) {
            StringBuilder text = new StringBuilder();
            List<String> expected = new ArrayList<>();
            for (int line = random.nextInt(12); line > 0; line--) {
                String event = random.nextInt(5) == 0 ? "" : "{\"event\":{\"action\":\"" + "x".repeat(random.nextInt(30)) + "\"}}";
                if (!event.isEmpty()) {
                    expected.add(event);
                }
                text.append(" ".repeat(random.nextInt(3))).append(event).append(random.nextBoolean() ? "\r\n" : "\n");
            }
            if (random.nextBoolean()) {
                text.append("{\"last\":true}");
                expected.add("{\"last\":true}");
            }

            List<String> got = BulkBody.split(text.toString().getBytes(StandardCharsets.UTF_8), false, 10_000).stream()
                    .map(l -> new String(l.bytes(), l.offset(), l.length(), StandardCharsets.UTF_8)).toList();

            assertEquals(expected, got, "body: " + text);
        }
    }
}
