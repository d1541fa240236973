package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Cursors read back exactly as written, whether their point-in-time part was deflated for this cursor or
 * remembered from an earlier page of the walk, and a token changed anywhere is refused.
 */
@Tag("unit")
class CursorCodecTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final long EXPIRES = NOW.plusSeconds(300).toEpochMilli();

    private final CursorCodec codec = codec("a cursor key of at least thirty-two characters");

    @Test
    void everyPageOfAWalkReadsBackItsOwnPositionWithTheSharedPointInTime() {
        String pit = pitId(new Random(1));
        for (int page = 1; page <= 5; page++) {
            Cursor cursor = cursor(pit, page);
            assertEquals(cursor, codec.decode(codec.encode(cursor), NOW), "page " + page);
        }
        // another walk's point-in-time between pages of the first
        String other = pitId(new Random(2));
        assertEquals(cursor(other, 1), codec.decode(codec.encode(cursor(other, 1)), NOW));
        assertEquals(cursor(pit, 6), codec.decode(codec.encode(cursor(pit, 6)), NOW));
    }

    @Test
    void aCursorWithoutPointInTimeOrWithCharactersToEscapeReadsBack() {
        Cursor first = new Cursor(CursorCodec.version(), null, 1_764_000_000_000L, "evt-1",
                Map.of("q", List.of("\"quoted\" \\ and ü")), null, null, true, 3, true, 3, EXPIRES);
        assertEquals(first, codec.decode(codec.encode(first), NOW));
        Cursor odd = cursor("pit\"with\\quote\u00e9", 1);
        assertEquals(odd, codec.decode(codec.encode(odd), NOW));
    }

    @Test
    void aLongPointInTimeIdIsCarriedDeflated() throws Exception {
        String pit = pitId(new Random(3));
        CursorCodec fresh = codec("another key of at least thirty-two characters");
        fresh.encode(cursor(pit, 1));
        Cursor second = cursor(pit, 2);
        int payload = Base64.getUrlDecoder().decode(fresh.encode(second).split("\\.")[0]).length;
        int whole = deflatedLength(new ObjectMapper().writeValueAsBytes(second));
        assertTrue(payload <= whole + 16, payload + " bytes, against " + whole + " for the whole cursor deflated at once");
    }

    private static int deflatedLength(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(bytes);
        deflater.finish();
        byte[] out = new byte[bytes.length + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return n;
    }

    @Test
    void aTokenChangedAnywhereOrSignedWithAnotherKeyIsRefused() {
        String token = codec.encode(cursor(pitId(new Random(4)), 1));
        for (int at : new int[] {0, token.length() / 3, token.indexOf('.') - 2, token.length() - 2}) {
            char c = token.charAt(at);
            String changed = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
            BadRequestException refused = assertThrows(BadRequestException.class, () -> codec.decode(changed, NOW));
            assertTrue(refused.getMessage().contains("cursor"), refused::getMessage);
        }
        assertThrows(BadRequestException.class, () -> codec("a different key, also thirty-two characters").decode(token, NOW));
        assertNotEquals(token, codec.encode(cursor(pitId(new Random(4)), 2)));
    }

    @Test
    void aCursorPastItsKeepAliveIsExpired() {
        String token = codec.encode(cursor(pitId(new Random(5)), 1));
        BadRequestException expired = assertThrows(BadRequestException.class,
                () -> codec.decode(token, Instant.ofEpochMilli(EXPIRES + 1)));
        assertEquals("cursor_expired", expired.slug());
    }

    private static Cursor cursor(String pit, int page) {
        return new Cursor(CursorCodec.version(), pit, 1_764_000_000_000L - page * 60_000L, "evt-" + page,
                Map.of("user", List.of("alice"), "from", List.of("now-30d")), 1_761_400_000_000L, 1_764_000_000_000L,
                false, 12_345, false, 500L * page, EXPIRES);
    }

    /** Shaped like Elasticsearch's: base64url of a binary listing every shard's index, node and context. */
    private static String pitId(Random random) {
        StringBuilder binary = new StringBuilder();
        for (int day = 1; day <= 30; day++) {
            binary.append("audit-events-2026.11.").append(String.format("%02d", day)).append("\u0000")
                    .append(Long.toHexString(random.nextLong())).append("node-").append(random.nextInt(3)).append("\u0001");
        }
        return Base64.getUrlEncoder().encodeToString(binary.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static CursorCodec codec(String key) {
        SearchConfiguration config = new SearchConfiguration();
        config.setCursorKey(key);
        return new CursorCodec(config);
    }
}
