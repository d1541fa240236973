package io.auditsearch.security;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * API keys in an Elasticsearch index of their own (hidden, strict mapping, outside
 * {@code audit-events-*}): every service instance sharing the cluster sees the same keys, and they
 * survive restarts. The document id is the key id, so a lookup is a realtime get.
 */
@Singleton
class ApiKeyStore {

    /** A stored key and the SHA-256 of its secret. */
    record Stored(ApiKey key, String sha256) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Class<Map<String, Object>> DOCUMENT = (Class) Map.class;

    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient async;
    private final String index;

    ApiKeyStore(ElasticsearchClient client, ElasticsearchAsyncClient async, SecurityConfiguration config) {
        this.client = client;
        this.async = async;
        this.index = config.getKeysIndex();
    }

    String index() {
        return index;
    }

    /** Creates the index when missing (several instances may race: the loser's "already exists" is fine). */
    void ensureIndex() throws IOException {
        if (client.indices().exists(e -> e.index(index)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").autoExpandReplicas("0-1").hidden(true))
                    // strict: a document with an unknown field is refused rather than silently mapped
                    .mappings(m -> m.dynamic(DynamicMapping.Strict)
                            .properties("id", p -> p.keyword(k -> k))
                            .properties("name", p -> p.keyword(k -> k))
                            .properties("sha256", p -> p.keyword(k -> k.index(false)))
                            .properties("roles", p -> p.keyword(k -> k))
                            .properties("tenant", p -> p.keyword(k -> k))
                            .properties("created_at", p -> p.date(d -> d))
                            .properties("created_by", p -> p.keyword(k -> k))
                            .properties("revoked_at", p -> p.date(d -> d))
                            .properties("revoked_by", p -> p.keyword(k -> k))));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    /** The key with this id, without blocking the caller's thread. */
    CompletableFuture<Optional<Stored>> find(String id) {
        return async.get(g -> g.index(index).id(id), DOCUMENT)
                .thenApply(ApiKeyStore::stored)
                .exceptionallyCompose(e -> notFound(e) ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e));
    }

    /** Stores a new key; false when the id is taken (op_type create never overwrites). */
    boolean create(ApiKey key, String sha256) throws IOException {
        try {
            client.index(i -> i.index(index).id(key.id()).opType(OpType.Create)
                    .document(document(key, sha256)).refresh(Refresh.WaitFor));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Marks a key revoked; empty when there is no such key. */
    Optional<ApiKey> revoke(String id, String by, Instant at) throws IOException {
        Optional<Stored> current = find(id).join();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get().key().revoked()) {
            return Optional.of(current.get().key());
        }
        Map<String, Object> change = Map.of("revoked_at", at.toString(), "revoked_by", by);
        client.update(u -> u.index(index).id(id).doc(change).refresh(Refresh.WaitFor), DOCUMENT);
        ApiKey k = current.get().key();
        return Optional.of(new ApiKey(k.id(), k.name(), k.roles(), k.tenant(), k.createdAt(), k.createdBy(), at, by));
    }

    /** Every key, newest first (at most 10,000: keys are few). */
    List<ApiKey> list() throws IOException {
        return client.search(s -> s.index(index).ignoreUnavailable(true).size(10_000)
                        .sort(o -> o.field(f -> f.field("created_at").order(SortOrder.Desc))), DOCUMENT)
                .hits().hits().stream().map(Hit::source).map(ApiKeyStore::key).toList();
    }

    long count() throws IOException {
        return client.count(c -> c.index(index).ignoreUnavailable(true)).count();
    }

    private static Optional<Stored> stored(GetResponse<Map<String, Object>> response) {
        if (!response.found() || response.source() == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(key(response.source()), String.valueOf(response.source().get("sha256"))));
    }

    private static Map<String, Object> document(ApiKey key, String sha256) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", key.id());
        doc.put("name", key.name());
        doc.put("sha256", sha256);
        doc.put("roles", key.roles());
        key.tenantScope().ifPresent(t -> doc.put("tenant", t));
        doc.put("created_at", key.createdAt().toString());
        doc.put("created_by", key.createdBy());
        return doc;
    }

    @SuppressWarnings("unchecked")
    private static ApiKey key(Map<String, Object> doc) {
        return new ApiKey(String.valueOf(doc.get("id")), String.valueOf(doc.get("name")),
                List.copyOf((List<String>) doc.getOrDefault("roles", List.of())), (String) doc.get("tenant"),
                Instant.parse(String.valueOf(doc.get("created_at"))), String.valueOf(doc.get("created_by")),
                Optional.ofNullable(doc.get("revoked_at")).map(String::valueOf).map(Instant::parse).orElse(null),
                (String) doc.get("revoked_by"));
    }

    private static boolean notFound(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof ElasticsearchException ee && ee.status() == 404;
    }
}
