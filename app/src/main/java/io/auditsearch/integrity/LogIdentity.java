package io.auditsearch.integrity;

import io.auditsearch.AuditConfiguration;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Who this instance is: an id generated once into {@code $AUDIT_DATA_DIR/integrity/instance-id},
 * and the origin of each of its logs, {@code <audit.integrity.name>/<instance id>/<tenant or _default>}.
 */
@Singleton
class LogIdentity {

    static final String DEFAULT_TENANT = "_default";

    private final Path dir;
    private final String name;
    private final String instanceId;

    LogIdentity(AuditConfiguration audit, IntegrityConfiguration config) {
        this.dir = audit.dataPath().resolve("integrity");
        this.name = config.getName();
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("instance-id");
            if (!Files.exists(file)) {
                Path tmp = dir.resolve("instance-id.tmp");
                Files.writeString(tmp, UUID.randomUUID().toString().substring(0, 8) + "\n");
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            instanceId = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the instance id in " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    String instanceId() {
        return instanceId;
    }

    /** The name of this instance's signing key: {@code <name>/<instance id>}. */
    String keyName() {
        return name + "/" + instanceId;
    }

    /** The origin of this instance's log of a tenant (null: events without {@code organization.id}). */
    String origin(String tenant) {
        return keyName() + "/" + tenantPart(tenant);
    }

    /** The tenant as one origin path element: letters, digits and {@code ._-} kept, anything else %-encoded. */
    static String tenantPart(String tenant) {
        if (tenant == null || tenant.isEmpty()) {
            return DEFAULT_TENANT;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : tenant.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
