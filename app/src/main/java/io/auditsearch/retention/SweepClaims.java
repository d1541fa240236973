package io.auditsearch.retention;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.GetResponse;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which instance deletes an expired index, when several sweep at once: the first to create the
 * index's claim document ({@code op_type=create}, so exactly one succeeds) deletes it and records it;
 * the others leave it. A claim older than {@link #STALE} whose index still exists belonged to an
 * instance that stopped before deleting: it is taken over with a compare-and-set on its sequence number.
 */
@Singleton
class SweepClaims {

    static final String INDEX = "audit-search-retention-claims";
    static final Duration STALE = Duration.ofMinutes(10);

    private final ElasticsearchClient client;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicBoolean indexReady = new AtomicBoolean();

    SweepClaims(ElasticsearchClient client) {
        this.client = client;
    }

    /** True when this instance may delete {@code index} now; false when another instance has it. */
    boolean claim(String index, Instant now) {
        try {
            ensureIndex();
            try {
                client.create(c -> c.index(INDEX).id(index).document(claimDocument(index, now)).refresh(Refresh.True));
                return true;
            } catch (ElasticsearchException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
            GetResponse<Map> held = client.get(g -> g.index(INDEX).id(index), Map.class);
            if (!held.found() || held.source() == null
                    || Instant.parse(String.valueOf(held.source().get("claimed_at"))).plus(STALE).isAfter(now)) {
                return false;
            }
            try {
                // only if nobody took it over meanwhile: the claim is replaced at the sequence number read
                client.index(i -> i.index(INDEX).id(index).ifSeqNo(held.seqNo()).ifPrimaryTerm(held.primaryTerm())
                        .document(claimDocument(index, now)).refresh(Refresh.True));
                return true;
            } catch (ElasticsearchException e) {
                if (e.status() == 409) {
                    return false;
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> claimDocument(String index, Instant now) {
        return Map.of("index", index, "instance", instance, "claimed_at", now.toString());
    }

    private void ensureIndex() throws IOException {
        if (indexReady.get()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(INDEX)
                    .settings(s -> s.hidden(true))
                    .mappings(m -> m.dynamic(DynamicMapping.Strict)
                            .properties("index", p -> p.keyword(k -> k))
                            .properties("instance", p -> p.keyword(k -> k))
                            .properties("claimed_at", p -> p.date(d -> d))));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
        indexReady.set(true);
    }
}
