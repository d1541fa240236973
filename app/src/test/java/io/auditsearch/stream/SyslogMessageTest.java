package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SyslogMessageTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private final SyslogMessage messages = new SyslogMessage(SyslogSettings.LOG_AUDIT, "audit-1.example.com", "audit-search");

    /** Splits an octet-counted frame into its MSG-LEN and its message, checking the length is the byte count. */
    private static byte[] unframe(byte[] frame) {
        int space = 0;
        while (frame[space] != ' ') {
            space++;
        }
        int length = Integer.parseInt(new String(frame, 0, space, StandardCharsets.US_ASCII));
        byte[] message = Arrays.copyOfRange(frame, space + 1, frame.length);
        assertEquals(length, message.length, "MSG-LEN is the message's octet count");
        return message;
    }

    @Test
    void eventIsAnOctetCountedRfc5424MessageWithStructuredDataAndABomBeforeThePayload() {
        StreamedEvent event = PayloadFixtures.full();
        byte[] payload = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        byte[] message = unframe(messages.event(event, payload));
        String header = "<108>1 2026-03-14T09:26:53.589000Z audit-1.example.com audit-search - role.assign "
                + "[audit@32473 id=\"0195a3c4-7d2e-7b1a-9f00-3c5e8a1d2b4f\" seq=\"41\" tenant=\"acme\"] ";
        byte[] headerBytes = header.getBytes(StandardCharsets.US_ASCII);
        assertEquals(header, new String(message, 0, headerBytes.length, StandardCharsets.US_ASCII));
        assertArrayEquals(BOM, Arrays.copyOfRange(message, headerBytes.length, headerBytes.length + 3));
        assertArrayEquals(payload, Arrays.copyOfRange(message, headerBytes.length + 3, message.length));
    }

    @Test
    void priIsFacilityTimesEightPlusSeverityFromLogLevel() {
        assertEquals(0, SyslogMessage.severity(Optional.of("emergency")));
        assertEquals(3, SyslogMessage.severity(Optional.of("error")));
        assertEquals(6, SyslogMessage.severity(Optional.empty()));
        assertEquals(7, SyslogMessage.severity(Optional.of("debug")));
        String kern = new String(unframe(new SyslogMessage(0, "h", "a").event(PayloadFixtures.minimal(), new byte[] {'x'})),
                StandardCharsets.UTF_8);
        assertEquals("<6>1 2026-01-02T03:04:05.000000Z h a - report.deleted [audit@32473 id=\"evt-min\" seq=\"41\"] ",
                kern.substring(0, kern.indexOf('\uFEFF')));
    }

    @Test
    void structuredDataValuesEscapeQuoteBackslashAndClosingBracket() {
        assertEquals("a\\\"b\\\\c\\]d", SyslogMessage.paramValue("a\"b\\c]d"));
        StreamedEvent hostile = PayloadFixtures.of(7, "id\"] [x@1 y=\"z", "t\\]", "{\"event\":{\"action\":\"a\"}}");
        String message = new String(unframe(messages.event(hostile, new byte[] {'x'})), StandardCharsets.UTF_8);
        assertEquals(true, message.contains("[audit@32473 id=\"id\\\"\\] [x@1 y=\\\"z\" seq=\"7\" tenant=\"t\\\\\\]\"] "), message);
    }

    @Test
    void msgIdKeepsAtMost32PrintableAsciiCharacters() {
        assertEquals("user.login", SyslogMessage.header("user. login\u00e9\t", 32));
        assertEquals("a".repeat(32), SyslogMessage.header("a".repeat(40), 32));
        assertEquals("-", SyslogMessage.header(" \n", 32));
    }

    @Test
    void heartbeatCarriesTheLastSequenceAndTheBatchSizeWithoutAMessage() {
        String message = new String(unframe(messages.heartbeat(1041, 100, Instant.parse("2026-03-14T09:26:53.589123456Z"))),
                StandardCharsets.UTF_8);
        assertEquals("<110>1 2026-03-14T09:26:53.589123Z audit-1.example.com audit-search - heartbeat "
                + "[audit-heartbeat@32473 last_seq=\"1041\" count=\"100\"]", message);
    }
}
