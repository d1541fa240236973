package io.auditsearch.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/** {@code audit.console.*}: the viewer tokens' signing key and their longest life. */
@ConfigurationProperties("audit.console")
class ConsoleConfiguration {

    /** HMAC key of viewer tokens, at least 32 bytes; unset: a key generated into the data dir (one instance only). */
    @Nullable
    private String viewerTokenKey;
    /** The longest life a viewer token may ask for. */
    private Duration viewerTokenMaxLifetime = Duration.ofHours(24);

    @Nullable
    public String getViewerTokenKey() {
        return viewerTokenKey;
    }

    public void setViewerTokenKey(@Nullable String viewerTokenKey) {
        this.viewerTokenKey = viewerTokenKey;
    }

    public Duration getViewerTokenMaxLifetime() {
        return viewerTokenMaxLifetime;
    }

    public void setViewerTokenMaxLifetime(Duration viewerTokenMaxLifetime) {
        this.viewerTokenMaxLifetime = viewerTokenMaxLifetime;
    }
}
