package io.auditsearch.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a viewer token allows: read one tenant's events through the given fixed filters, until it expires, framed
 * only by the given origins.
 *
 * @param id       the token's id (its {@code jti}); the caller id is {@code viewer:<id>}
 * @param tenant   the only {@code organization.id} it reads
 * @param filters  filter name to values, AND-ed with every read it makes
 * @param origins  origins allowed to frame the embed page ({@code frame-ancestors})
 * @param expires  when it stops working
 * @param mintedBy id of the caller who minted it
 */
record ViewerGrant(String id, String tenant, Map<String, List<String>> filters, List<String> origins, Instant expires,
                   String mintedBy) {

    String callerId() {
        return "viewer:" + id;
    }
}
