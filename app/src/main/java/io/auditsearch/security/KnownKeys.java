package io.auditsearch.security;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.AuditConfiguration;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored API keys this instance has verified, remembered in {@code $AUDIT_DATA_DIR/security/known-keys.json}
 * (owner-only), so a restart while Elasticsearch is unreachable still accepts them and events keep flowing into the
 * spool. Each entry holds what the key store holds (the key's hash, never the key), its revocation state and when
 * the key store last confirmed it. Written only when that changes, replaced atomically.
 */
@Singleton
final class KnownKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One remembered key: the stored key's fields as strings, and when the key store last answered for it. */
    record Known(String id, String name, List<String> roles, String tenant, String sha256, String createdAt, String createdBy,
                 String revokedAt, String revokedBy, String confirmedAt) {

        static Known of(ApiKeyStore.Stored stored, Instant confirmed) {
            ApiKey k = stored.key();
            return new Known(k.id(), k.name(), List.copyOf(k.roles()), k.tenant(), stored.sha256(), k.createdAt().toString(),
                    k.createdBy(), k.revokedAt() == null ? null : k.revokedAt().toString(), k.revokedBy(), confirmed.toString());
        }

        ApiKeyStore.Stored stored() {
            return new ApiKeyStore.Stored(new ApiKey(id, name, roles, tenant, Instant.parse(createdAt), createdBy,
                    revokedAt == null ? null : Instant.parse(revokedAt), revokedBy), sha256);
        }

        /** Whether the key itself (not when it was confirmed) is the same. */
        boolean sameKey(Known other) {
            return other != null && withoutConfirmation().equals(other.withoutConfirmation());
        }

        private Known withoutConfirmation() {
            return new Known(id, name, roles, tenant, sha256, createdAt, createdBy, revokedAt, revokedBy, null);
        }
    }

    private final Path file;
    private final Map<String, Known> keys;

    KnownKeys(AuditConfiguration audit) {
        this.file = audit.dataPath().resolve("security").resolve("known-keys.json");
        this.keys = load(file);
    }

    /** What this instance last knew of key {@code id}. */
    synchronized Optional<ApiKeyStore.Stored> find(String id) {
        return Optional.ofNullable(keys.get(id)).map(Known::stored);
    }

    /** Remembers a key the key store just answered for; written to disk only when the key's state changed. */
    synchronized void remember(ApiKeyStore.Stored stored) {
        Known known = Known.of(stored, Instant.now());
        if (known.sameKey(keys.get(known.id()))) {
            return;
        }
        keys.put(known.id(), known);
        try {
            save();
        } catch (IOException e) {
            // the key works now; only a restart during an outage would not find it
            LOG.warn("Could not remember API key {} in {}: {}", known.id(), file, e.toString());
        }
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
        try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Map<String, Known> load(Path file) {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, Known>>() { }));
        } catch (IOException e) {
            LOG.warn("Ignoring unreadable {} ({}); keys are confirmed with the key store again", file, e.toString());
            return new TreeMap<>();
        }
    }
}
