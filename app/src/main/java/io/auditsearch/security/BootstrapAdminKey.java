package io.auditsearch.security;

import io.auditsearch.AuditConfiguration;
import io.auditsearch.elasticsearch.ElasticsearchReady;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure by default: at startup the keys index is created if missing, and when there is no key at
 * all (none stored, none configured, no dev mode) an admin key is created and written to
 * {@code $AUDIT_DATA_DIR/bootstrap-admin.key}, readable by the service's user only. The log names
 * the file, never the key.
 */
@Singleton
class BootstrapAdminKey {

    /** The bootstrap key's fixed id: instances starting together against one cluster create it once. */
    static final String ID = "0000000000000000";
    static final String FILE = "bootstrap-admin.key";
    private static final Logger LOG = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final ApiKeyStore store;
    private final ApiKeyService keys;
    private final ApiKeyAuthenticator authenticator;
    private final SecurityConfiguration config;
    private final AuditConfiguration audit;

    BootstrapAdminKey(ApiKeyStore store, ApiKeyService keys, ApiKeyAuthenticator authenticator, SecurityConfiguration config,
                      AuditConfiguration audit) {
        this.store = store;
        this.keys = keys;
        this.authenticator = authenticator;
        this.config = config;
        this.audit = audit;
    }

    /** Once Elasticsearch is there: at startup, or when it comes back for a service that started without it. */
    @EventListener
    void onElasticsearchReady(ElasticsearchReady event) {
        try {
            store.ensureIndex();
            if (!config.isBootstrapAdminKey() || config.isDevModeUnauthenticated() || authenticator.hasStaticKeys() || store.count() > 0) {
                return;
            }
            var created = keys.createBootstrap();
            if (created.isEmpty()) {
                LOG.info("Another instance created the bootstrap admin key at the same time; it is in that instance's data directory");
                return;
            }
            Path file = write(audit.dataPath().resolve(FILE), created.get().key());
            LOG.warn("No API key existed: created an admin key (id {}) and wrote it to {} (mode 0600). "
                    + "Create your own keys with it (POST /v1/admin/keys), then revoke it (DELETE /v1/admin/keys/{}).", ID, file, ID);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the API keys index " + store.index(), e);
        }
    }

    /** Writes through a temporary file created with mode 0600, so the key is never readable by others, even briefly. */
    static Path write(Path file, String key) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, key + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
