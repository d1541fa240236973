package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CefFormatTest {

    private final CefFormat format = new CefFormat("1.2.3");

    private String line(StreamedEvent event) {
        return new String(format.format(event), StandardCharsets.UTF_8);
    }

    @Test
    void fullEventMatchesTheGoldenLine() {
        assertEquals(PayloadFixtures.text("cef-full.txt").strip(), line(PayloadFixtures.full()));
    }

    @Test
    void minimalEventMatchesTheGoldenLine() {
        assertEquals(PayloadFixtures.text("cef-minimal.txt").strip(), line(PayloadFixtures.minimal()));
    }

    @Test
    void headerEscapesPipeAndBackslashAndFlattensLineBreaks() {
        assertEquals("a\\|b\\\\c d e", CefFormat.header("a|b\\c\nd\re"));
    }

    @Test
    void extensionEscapesEqualsBackslashAndLineBreaksButNotPipes() {
        assertEquals("a\\=b\\\\c\\nd\\re|f", CefFormat.extension("a=b\\c\nd\re|f"));
    }

    @Test
    void aHostileActionCannotAddAHeaderFieldOrAnExtensionKey() {
        String json = "{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"event\":{\"id\":\"e\",\"action\":\"x|9|rt=1\"},"
                + "\"user\":{\"name\":\"eve act=forged\\nCEF:0|x\"}}";
        String cef = line(PayloadFixtures.of(1, "e", null, json));
        assertTrue(cef.startsWith("CEF:0|Audit Search|Audit Search|1.2.3|x\\|9\\|rt=1|x\\|9\\|rt=1|3|"), cef);
        assertTrue(cef.contains("suser=eve act\\=forged\\nCEF:0|x"), cef);
        assertFalse(cef.contains("\n"), cef);
        String[] fields = cef.replace("\\\\", "").replace("\\|", "").split("\\|", 8);
        assertEquals("3", fields[6], cef);
        assertTrue(fields[7].startsWith("rt=1767225600000 externalId=e act=x|9|rt\\=1 suser="), fields[7]);
    }

    @Test
    void severityRunsFromZeroToTen() {
        assertEquals(1, CefFormat.severity(java.util.Optional.of("debug")));
        assertEquals(3, CefFormat.severity(java.util.Optional.empty()));
        assertEquals(6, CefFormat.severity(java.util.Optional.of("warning")));
        assertEquals(8, CefFormat.severity(java.util.Optional.of("error")));
        assertEquals(10, CefFormat.severity(java.util.Optional.of("emergency")));
    }
}
