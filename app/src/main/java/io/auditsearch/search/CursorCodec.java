package io.auditsearch.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
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
 */
@Singleton
final class CursorCodec {

    private static final Logger LOG = LoggerFactory.getLogger(CursorCodec.class);
    private static final int VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final ObjectMapper json = new ObjectMapper();
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
            byte[] payload = deflate(json.writeValueAsBytes(cursor));
            return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot write a cursor", e);
        }
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

    private byte[] deflate(byte[] bytes) {
        Deflater deflater = Optional.ofNullable(deflaters.poll()).orElseGet(() -> new Deflater(Deflater.BEST_COMPRESSION, true));
        try {
            deflater.setInput(bytes);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length / 2 + 16);
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
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
