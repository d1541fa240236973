package io.auditsearch.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a presented API key into a caller: configured (static) keys by their hash, stored keys by
 * the id inside the key, then a constant-time hash comparison and the revocation check.
 *
 * <p>Stored keys are cached for {@code audit.security.key-cache-ttl} (found or not, so a flood of
 * made-up keys does not become a flood of gets), in two bounded caches: keys that exist, and ids that do not, so
 * made-up ids never push a real key out; {@link #forget} drops an entry when this instance
 * revokes or creates a key, so it sees its own changes at once. Other instances see them when the
 * entry expires. While Elasticsearch cannot be asked, the last known state of a key holds, so
 * senders this instance has seen are not turned away during an outage.
 */
@Singleton
class ApiKeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
    private static final int MAX_UNKNOWN_CACHED = 10_000;
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

    private record Cached(Optional<ApiKeyStore.Stored> key, long expiresAtNanos) {
    }

    private final ApiKeyStore store;
    private final KnownKeys known;
    private final Map<String, StaticKeyConfiguration> staticKeys;
    private final long ttlNanos;
    /** Keys the key store has (revoked ones included): only a real key gets in, so no flood of made-up ids evicts one. */
    private final Cache<String, Cached> cache;
    /** Ids the key store does not have, apart: made-up ids crowd out only each other. */
    private final Cache<String, Cached> unknown = Caffeine.newBuilder().maximumSize(MAX_UNKNOWN_CACHED).build();

    ApiKeyAuthenticator(ApiKeyStore store, KnownKeys known, Collection<StaticKeyConfiguration> staticKeys, SecurityConfiguration config) {
        this.store = store;
        this.known = known;
        this.staticKeys = staticKeys.stream().filter(k -> !k.getSha256().isBlank())
                .collect(Collectors.toUnmodifiableMap(k -> k.getSha256().strip().toLowerCase(java.util.Locale.ROOT), Function.identity()));
        this.ttlNanos = config.getKeyCacheTtl().toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(config.getKeyCacheSize()).build();
    }

    boolean hasStaticKeys() {
        return !staticKeys.isEmpty();
    }

    /** The caller holding {@code key}, or empty for an unknown, wrong or revoked key. */
    CompletableFuture<Optional<Authentication>> authenticate(String key) {
        StaticKeyConfiguration configured = staticKeys.get(ApiKeySecret.hash(key));
        if (configured != null) {
            return CompletableFuture.completedFuture(Optional.of(authentication("static:" + configured.getName(),
                    configured.getName(), configured.getRoles(), configured.tenant())));
        }
        Optional<String> id = ApiKeySecret.idOf(key);
        if (id.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return lookup(id.get()).thenApply(found -> found
                .filter(s -> ApiKeySecret.matches(key, s.sha256()))
                .filter(s -> !s.key().revoked())
                .map(s -> authentication(s.key().id(), s.key().name(), s.key().roles(), s.key().tenantScope())));
    }

    /** The key store could not be asked and nothing is known of the key: the caller should come back, not give up. */
    static ApiException unavailable(String id) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "key_store_unavailable", "Credentials cannot be checked now",
                "the API key store (Elasticsearch) does not answer and this instance has not verified key " + id
                        + " before; retry later").withRetryAfter(RETRY_AFTER);
    }

    /** Drops what this instance knows about a key (after revoking or creating it). */
    void forget(String id) {
        cache.invalidate(id);
        unknown.invalidate(id);
    }

    /** Whether this instance holds key {@code id} in memory (what a flood of made-up keys must not change). */
    boolean holds(String id) {
        return cache.getIfPresent(id) != null;
    }

    private CompletableFuture<Optional<ApiKeyStore.Stored>> lookup(String id) {
        long now = System.nanoTime();
        Cached held = cache.getIfPresent(id);
        Cached cached = held != null ? held : unknown.getIfPresent(id);
        if (cached != null && now - cached.expiresAtNanos() < 0) {
            return CompletableFuture.completedFuture(cached.key());
        }
        return store.find(id).handle((found, error) -> {
            if (error == null) {
                Cached fresh = new Cached(found, System.nanoTime() + ttlNanos);
                if (found.isPresent()) {
                    cache.put(id, fresh);
                    unknown.invalidate(id);
                    known.remember(found.get());
                } else {
                    cache.invalidate(id);
                    unknown.put(id, fresh);
                }
                return found;
            }
            // Elasticsearch is away: senders must not be turned away while events go to the spool, so the last
            // known state of the key holds (its revocation included), from memory or, after a restart, from disk
            Optional<ApiKeyStore.Stored> last = cached != null ? cached.key() : known.find(id);
            if (cached != null || last.isPresent()) {
                LOG.warn("Cannot look up API key {} ({}); using what this instance last knew of it", id, error.toString());
                return last;
            }
            LOG.warn("Cannot look up API key {}: {}", id, error.toString());
            throw new CompletionException(unavailable(id));
        });
    }

    static Authentication authentication(String id, String name, Collection<String> roles, Optional<String> tenant) {
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put(Caller.ID, id);
        tenant.ifPresent(t -> attributes.put(Caller.TENANT, t));
        return Authentication.build(name, roles, attributes);
    }
}
