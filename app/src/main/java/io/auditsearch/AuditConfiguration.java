package io.auditsearch;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.nio.file.Path;

/** Service-wide settings ({@code audit.*}). */
@ConfigurationProperties("audit")
public class AuditConfiguration {

    /** Directory for everything the service keeps on disk (managed node, spool); env AUDIT_DATA_DIR. */
    private String dataDir = "./data";

    public Path dataPath() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public String getDataDir() {
        return dataDir;
    }

    public void setDataDir(String dataDir) {
        this.dataDir = dataDir;
    }
}
