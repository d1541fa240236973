package io.auditsearch.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.auditsearch.client.BulkReply.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BulkReplyTest {

    private final List<AuditEvent> four = List.of(TestEvents.login(0), TestEvents.login(1), TestEvents.login(2), TestEvents.login(3));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsEachItemInOrder() {
        BulkReply reply = BulkReply.of(200, Optional.of("2"), bytes("""
                {"took":3,"errors":true,"items":[
                 {"id":"a","status":201,"result":"created"},
                 {"status":400,"result":"invalid","error":{"type":"validation_error","reason":"colour: is not a field","field":"colour"}},
                 {"id":"c","status":503,"result":"failed","error":{"type":"spool_full"}},
                 {"id":"d","status":202,"result":"accepted"}]}"""), four);
        assertArrayEquals(new Verdict[] {Verdict.DELIVERED, Verdict.REJECTED, Verdict.RETRY, Verdict.DELIVERED}, reply.verdicts);
        assertEquals(new Rejection(four.get(1).id(), "user.login", 400, "validation_error", "colour: is not a field", "colour"),
                reply.rejections[1]);
        assertNull(reply.rejections[2]);
        assertEquals(Duration.ofSeconds(2), reply.retryAfter);
    }

    @Test
    void wholeRequestAnswers() {
        assertArrayEquals(new Verdict[] {Verdict.RETRY, Verdict.RETRY, Verdict.RETRY, Verdict.RETRY},
                BulkReply.of(429, Optional.of("1"), bytes("{}"), four).verdicts);
        assertArrayEquals(new Verdict[] {Verdict.RETRY, Verdict.RETRY, Verdict.RETRY, Verdict.RETRY},
                BulkReply.of(401, Optional.empty(), bytes("{}"), four).verdicts, "credentials can be fixed: keep the events");
        BulkReply refused = BulkReply.of(413, Optional.empty(), bytes("{\"detail\":\"request too large\"}"), four);
        assertArrayEquals(new Verdict[] {Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED, Verdict.REJECTED}, refused.verdicts);
        assertEquals("request too large", refused.rejections[3].reason());
        assertArrayEquals(new Verdict[] {Verdict.RETRY, Verdict.RETRY, Verdict.RETRY, Verdict.RETRY},
                BulkReply.of(200, Optional.empty(), bytes("{\"items\":[]}"), four).verdicts, "not one item per event");
    }

    @Test
    void ndjsonIsOneDocumentPerLine() throws Exception {
        AuditEvent tricky = AuditEvent.builder().action("x").message("line one\nline two\r\n").detail("k", "\u2028").build();
        List<AuditEvent> batch = List.of(tricky, four.get(0));
        String[] lines = new String(BulkTransport.ndjson(batch), StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(3, lines.length);
        assertEquals("", lines[2]);
        assertEquals(Json.MAPPER.readTree(tricky.toJson()), Json.MAPPER.readTree(lines[0]));
        assertEquals("line one\nline two\r\n", Json.MAPPER.readTree(lines[0]).at("/message").asText());
        assertEquals(four.get(0).id(), Json.MAPPER.readTree(lines[1]).at("/event/id").asText());
    }
}
