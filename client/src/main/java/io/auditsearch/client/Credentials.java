package io.auditsearch.client;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code Authorization} header value: an API key ({@code ApiKey <key>}) or a bearer token read
 * on every request (so a rotating JWT is picked up). Never printed: {@link #toString()} names the
 * scheme only.
 */
final class Credentials {

    private final String scheme;
    private final Supplier<String> secret;

    private Credentials(String scheme, Supplier<String> secret) {
        this.scheme = scheme;
        this.secret = secret;
    }

    static Credentials apiKey(String key) {
        Objects.requireNonNull(key, "api key");
        return new Credentials("ApiKey", () -> key);
    }

    static Credentials bearer(Supplier<String> token) {
        Objects.requireNonNull(token, "token supplier");
        return new Credentials("Bearer", token);
    }

    String header() {
        return scheme + " " + secret.get();
    }

    @Override
    public String toString() {
        return scheme + " [redacted]";
    }
}
