package io.auditsearch.search;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cursors this instance issued and that were not followed yet, each with the query its walk runs. Following one
 * skips checking its signature, inflating it, replaying its filters and building the query again: together most of
 * a page's own work before its request leaves. The token is compared whole, and only a token this instance wrote
 * is found, so nothing is trusted that was not checked when the walk began. A cursor from another instance (or
 * after a restart), one followed a second time, or one followed by a caller of another tenant scope is read in
 * full, as without this.
 */
@Singleton
final class IssuedCursors {

    /** Walks in progress at once that skip the reading; older ones are read in full when followed. */
    private static final int CAPACITY = 1024;

    /**
     * What following a cursor needs, as it was when the cursor was written.
     *
     * @param tenantScope the scope of the caller the query was built for
     */
    record Issued(Cursor cursor, EventFilter filter, Query query, Optional<String> tenantScope) {
    }

    private final Map<String, Issued> issued = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Issued> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Remembers a cursor just written. */
    void remember(String token, Issued walk) {
        synchronized (issued) {
            issued.put(token, walk);
        }
    }

    /** The cursor {@code token} as written here for a caller of {@code tenantScope}, forgotten as it is taken. */
    Optional<Issued> take(String token, Optional<String> tenantScope) {
        Issued walk;
        synchronized (issued) {
            walk = issued.remove(token);
        }
        return Optional.ofNullable(walk).filter(w -> w.tenantScope().equals(tenantScope));
    }
}
