package io.auditsearch.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/**
 * Who may call the service ({@code audit.security.*}). JWT signatures themselves are configured
 * with micronaut-security-jwt's own properties ({@code micronaut.security.token.jwt.signatures.*}).
 */
@ConfigurationProperties("audit.security")
public class SecurityConfiguration {

    /**
     * Development only: requests without credentials act as an admin. Logged as a WARN on every
     * start; never set it where the port is reachable by anyone else.
     */
    private boolean devModeUnauthenticated;
    /** The Elasticsearch index holding API keys (hashes only); must not match {@code audit-events-*}. */
    private String keysIndex = "audit-search-api-keys";
    /**
     * How long a key looked up in Elasticsearch is trusted before it is read again: the delay after
     * which another instance sees a revocation (this instance sees its own at once).
     */
    private Duration keyCacheTtl = Duration.ofSeconds(5);
    /** Stored keys held in memory at most (those in use stay; made-up ids are held apart and never evict one). */
    private int keyCacheSize = 10_000;
    /** On a first start with no key at all, create an admin key in {@code $AUDIT_DATA_DIR/bootstrap-admin.key}. */
    private boolean bootstrapAdminKey = true;
    /** JWT claim holding the caller's tenant ({@code organization.id}); absent: not tenant-bound. */
    private String tenantClaim = "tenant";

    public boolean isDevModeUnauthenticated() {
        return devModeUnauthenticated;
    }

    public void setDevModeUnauthenticated(boolean devModeUnauthenticated) {
        this.devModeUnauthenticated = devModeUnauthenticated;
    }

    public String getKeysIndex() {
        return keysIndex;
    }

    public void setKeysIndex(String keysIndex) {
        this.keysIndex = keysIndex;
    }

    public Duration getKeyCacheTtl() {
        return keyCacheTtl;
    }

    public void setKeyCacheTtl(Duration keyCacheTtl) {
        this.keyCacheTtl = keyCacheTtl;
    }

    public int getKeyCacheSize() {
        return keyCacheSize;
    }

    public void setKeyCacheSize(int keyCacheSize) {
        this.keyCacheSize = keyCacheSize;
    }

    public boolean isBootstrapAdminKey() {
        return bootstrapAdminKey;
    }

    public void setBootstrapAdminKey(boolean bootstrapAdminKey) {
        this.bootstrapAdminKey = bootstrapAdminKey;
    }

    public String getTenantClaim() {
        return tenantClaim;
    }

    public void setTenantClaim(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }
}
