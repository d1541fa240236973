package io.auditsearch.search;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cursors as opaque tokens: {@code base64url(deflate(JSON))} + "." + {@code base64url(HMAC-SHA256)}
 * (deflated because a point-in-time id over many dated indices runs to kilobytes). A changed
 * byte breaks the MAC and is a 400; so is a cursor past its point-in-time's keep-alive. The key comes
 * from {@code audit.search.cursor-key}; without one a random key is drawn at start, and cursors do not
 * survive a restart.
 * <p>
 * Every page of a walk carries the same point-in-time id (5 KB over 30 daily indices), so its part of
 * the JSON, {@code {"pit":"...",}, is deflated once and remembered: it ends with a full flush (the
 * deflate stream's blocks end on a byte and nothing after refers back into them), and each page's own
 * part (position, counts, filters) is deflated on its own and appended, which is one valid deflate
 * stream. Deflating the whole cursor each page was about 7 % of a page's time on the event loop.
 */
@Singleton
final class CursorCodec {

    private static final Logger LOG = LoggerFactory.getLogger(CursorCodec.class);
    private static final int VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final byte[] PIT_OPENING = "{\"pit\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Point-in-time ids most recently put in cursors, with their JSON part deflated and full-flushed. */
    private static final int REMEMBERED_PITS = 256;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, byte[]> pitParts = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > REMEMBERED_PITS;
                }
            });
    /** Kept for reuse (each holds a few hundred KB of native memory): making one per cursor cost more than using it. */
    private final BlockingQueue<Deflater> deflaters = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<Inflater> inflaters = new ArrayBlockingQueue<>(4);
    /** A Mac keyed once per thread: looking up the algorithm and keying it cost more than signing a cursor. */
    private final ThreadLocal<Mac> macs;

    CursorCodec(SearchConfiguration config) {
        byte[] secret;
        if (config.cursorKey().isPresent()) {
            secret = config.cursorKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LOG.info("No audit.search.cursor-key configured: cursors are signed with a random key and do not survive a restart");
        }
        SecretKeySpec key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        });
    }

    static int version() {
        return VERSION;
    }

    String encode(Cursor cursor) {
        try {
            byte[] payload;
            if (cursor.pit() == null) {
                payload = deflate(json.writeValueAsBytes(cursor), 0, true);
            } else {
                // {"pit":"...",  then the rest of the object: {"v":1,...} without its opening brace
                byte[] pitPart = pitParts.computeIfAbsent(cursor.pit(), this::deflatedPitPart);
                byte[] rest = json.writeValueAsBytes(cursor.withoutPit());
                byte[] restPart = deflate(rest, 1, true);
                payload = Arrays.copyOf(pitPart, pitPart.length + restPart.length);
                System.arraycopy(restPart, 0, payload, pitPart.length, restPart.length);
            }
            return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a cursor", e);
        }
    }

    private byte[] deflatedPitPart(String pit) {
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(pit);
        byte[] part = new byte[PIT_OPENING.length + quoted.length + 2];
        System.arraycopy(PIT_OPENING, 0, part, 0, PIT_OPENING.length);
        System.arraycopy(quoted, 0, part, PIT_OPENING.length, quoted.length);
        part[part.length - 2] = '"';
        part[part.length - 1] = ',';
        return deflate(part, 0, false);
    }

    Cursor decode(String token, Instant now) {
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = B64D.decode(token.substring(0, Math.max(dot, 0)));
            signature = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("cursor is not a cursor this service issued");
        }
        if (dot <= 0 || !MessageDigest.isEqual(mac(payload), signature)) {
            throw invalid("cursor is not a cursor this service issued (or was changed, or was issued before a restart)");
        }
        Cursor cursor;
        try {
            cursor = json.readValue(inflate(payload), Cursor.class);
        } catch (java.io.IOException | DataFormatException e) {
            throw invalid("cursor cannot be read");
        }
        if (cursor.v() != VERSION) {
            throw invalid("cursor is of an older format; start the search again");
        }
        if (now.toEpochMilli() > cursor.expires()) {
            throw expired();
        }
        return cursor;
    }

    static BadRequestException expired() {
        return new BadRequestException("cursor_expired", "The cursor has expired",
                "cursor: its point-in-time was closed or kept idle longer than the keep-alive; start the search again");
    }

    private static BadRequestException invalid(String detail) {
        return new BadRequestException("invalid_cursor", "Invalid cursor", detail);
    }

    /**
     * Raw deflate of {@code bytes} from {@code from} on, the stream ended when {@code finish}, else left open by
     * a full flush: at a byte boundary, with nothing after able to refer back, so that another stream may follow.
     */
    private byte[] deflate(byte[] bytes, int from, boolean finish) {
        Deflater deflater = Optional.ofNullable(deflaters.poll()).orElseGet(() -> new Deflater(Deflater.BEST_COMPRESSION, true));
        try {
            deflater.setInput(bytes, from, bytes.length - from);
            if (finish) {
                deflater.finish();
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (true) {
                int n = deflater.deflate(buf, 0, buf.length, finish ? Deflater.NO_FLUSH : Deflater.FULL_FLUSH);
                out.write(buf, 0, n);
                // a flush is complete when it left room in the buffer; a finished stream says so
                if (finish ? deflater.finished() : n < buf.length) {
                    break;
                }
            }
            return out.toByteArray();
        } finally {
            deflater.reset();
            if (!deflaters.offer(deflater)) {
                deflater.end();
            }
        }
    }

    /** Inflates a signed payload (its MAC was checked first, so only our own output gets here). */
    private byte[] inflate(byte[] bytes) throws DataFormatException {
        Inflater inflater = Optional.ofNullable(inflaters.poll()).orElseGet(() -> new Inflater(true));
        try {
            inflater.setInput(bytes);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length * 4);
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > 1 << 20) {
                    throw new DataFormatException("cursor too large");
                }
            }
            return out.toByteArray();
        } finally {
            inflater.reset();
            if (!inflaters.offer(inflater)) {
                inflater.end();
            }
        }
    }

    private byte[] mac(byte[] payload) {
        return macs.get().doFinal(payload); // doFinal also resets it for the next payload
    }
}
