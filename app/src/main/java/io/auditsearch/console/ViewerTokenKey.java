package io.auditsearch.console;

import io.auditsearch.AuditConfiguration;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC key viewer tokens are signed with: {@code audit.console.viewer-token-key} when set (shared by every
 * instance), else 256 random bits kept in {@code $AUDIT_DATA_DIR/console/viewer-token.key} (owner-only), made on
 * the first start. The log names the file, never the key.
 */
@Singleton
class ViewerTokenKey {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerTokenKey.class);
    static final int MIN_BYTES = 32;

    private final byte[] key;

    ViewerTokenKey(ConsoleConfiguration config, AuditConfiguration audit) {
        String configured = config.getViewerTokenKey();
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.strip().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException("audit.console.viewer-token-key must be at least " + MIN_BYTES + " bytes");
            }
            this.key = bytes;
        } else {
            this.key = fromFile(audit.dataPath().resolve("console").resolve("viewer-token.key"));
        }
    }

    byte[] bytes() {
        return key.clone();
    }

    private static byte[] fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] random = new byte[MIN_BYTES];
                new SecureRandom().nextBytes(random);
                String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, encoded, StandardOpenOption.TRUNCATE_EXISTING);
                    LOG.info("Viewer tokens are signed with a new key in {} (set audit.console.viewer-token-key to share one across instances)", file);
                } catch (FileAlreadyExistsException raced) {
                    // another start made it first: use theirs
                }
            }
            byte[] bytes = Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_BYTES) {
                throw new IllegalStateException(file + " holds fewer than " + MIN_BYTES + " bytes; delete it to have a new key made");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the viewer token key " + file, e);
        }
    }
}
