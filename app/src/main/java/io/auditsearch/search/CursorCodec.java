package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cursors as opaque tokens: {@code base64url(deflate(JSON))} + "." + {@code base64url(HMAC-SHA256)}
 * (deflated because a point-in-time id over many dated indices runs to kilobytes). A changed
 * byte breaks the MAC and is a 400; so is a cursor past its point-in-time's keep-alive. The key comes
 * from {@code audit.search.cursor-key} (instances that share it follow each other's cursors); without one a
 * random key is drawn at start, and cursors do not survive a restart.
 */
@Singleton
final class CursorCodec {

    private static final Logger LOG = LoggerFactory.getLogger(CursorCodec.class);
    private static final int VERSION = 1;
    private static final int MAX_CURSOR_BYTES = 1 << 20;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final ObjectMapper json = new ObjectMapper();
    private final SecretKeySpec key;

    CursorCodec(SearchConfiguration config) {
        byte[] secret;
        if (config.cursorKey().isPresent()) {
            secret = config.cursorKey().get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LOG.info("No audit.search.cursor-key configured: cursors are signed with a random key and do not survive a restart");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    static int version() {
        return VERSION;
    }

    String encode(Cursor cursor) {
        try {
            byte[] payload = deflate(json.writeValueAsBytes(cursor));
            return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a cursor", e);
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
        } catch (IOException e) {
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

    private static byte[] deflate(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 16);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
            stream.write(bytes);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    /** Inflates a signed payload (its MAC was checked first, so only our own output gets here). */
    private static byte[] inflate(byte[] bytes) throws IOException {
        Inflater inflater = new Inflater(true);
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(bytes), inflater)) {
            byte[] inflated = in.readNBytes(MAX_CURSOR_BYTES + 1);
            if (inflated.length > MAX_CURSOR_BYTES) {
                throw new IOException("cursor too large");
            }
            return inflated;
        } finally {
            inflater.end();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
