package io.auditsearch.retention;

import io.auditsearch.RetentionConfiguration;
import static io.auditsearch.RetentionConfiguration.LEGAL_HOLD_INDEX;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.auditsearch.problem.ApiException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Legal holds in their own Elasticsearch index ({@link RetentionConfiguration#LEGAL_HOLD_INDEX}),
 * shared by every instance of the service. Writes refresh, so the next sweep anywhere sees them.
 */
@Singleton
class LegalHoldStore {

    /** More holds than this at once is not a legal situation this service is built for. */
    private static final int MAX_HOLDS = 10_000;

    private final ElasticsearchClient client;

    LegalHoldStore(ElasticsearchClient client) {
        this.client = client;
    }

    LegalHold create(HoldRange range, String by, Instant at) {
        LegalHold hold = LegalHold.set(UUID.randomUUID().toString(), range, by, at);
        try {
            // create, not index: an id is never overwritten; refresh so every instance's next sweep sees it
            client.index(i -> i.index(LEGAL_HOLD_INDEX).id(hold.id()).opType(OpType.Create).refresh(Refresh.True)
                    .document(hold.document()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hold;
    }

    /** Every hold, active and released, newest first. */
    List<LegalHold> all() {
        return search(false);
    }

    /** The holds in force. */
    List<LegalHold> active() {
        return search(true);
    }

    /** Releases a hold; only the first release of a hold counts (404 unknown, 409 already released). */
    LegalHold release(String id, String by, Instant at) {
        try {
            GetResponse<Map> current = client.get(g -> g.index(LEGAL_HOLD_INDEX).id(id), Map.class);
            if (!current.found() || current.source() == null) {
                throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such legal hold", "id: no legal hold " + id);
            }
            LegalHold hold = LegalHold.fromDocument(current.source());
            if (!hold.active()) {
                throw alreadyReleased(hold);
            }
            LegalHold released = hold.released(by, at);
            // if_seq_no: of two concurrent releases (two instances), exactly one is recorded
            client.index(i -> i.index(LEGAL_HOLD_INDEX).id(id).document(released.document()).refresh(Refresh.True)
                    .ifSeqNo(Objects.requireNonNull(current.seqNo())).ifPrimaryTerm(Objects.requireNonNull(current.primaryTerm())));
            return released;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw alreadyReleased(LegalHold.fromDocument(Map.of("id", id)));
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiException alreadyReleased(LegalHold hold) {
        return new ApiException(HttpStatus.CONFLICT, "already_released", "Legal hold already released",
                "id: legal hold " + hold.id() + " was released" + (hold.releasedAt() == null ? " meanwhile"
                        : " at " + hold.releasedAt() + " by " + hold.releasedBy()));
    }

    @SuppressWarnings("rawtypes")
    private List<LegalHold> search(boolean activeOnly) {
        try {
            // active = never released: released_at absent; newest first for the listing
            var response = client.search(s -> s.index(LEGAL_HOLD_INDEX).size(MAX_HOLDS)
                    .query(q -> activeOnly ? q.bool(b -> b.mustNot(m -> m.exists(x -> x.field("released_at")))) : q.matchAll(m -> m))
                    .sort(o -> o.field(f -> f.field("set_at").order(SortOrder.Desc))), Map.class);
            return response.hits().hits().stream().map(Hit::source).filter(Objects::nonNull).map(LegalHold::fromDocument).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
