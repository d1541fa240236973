package io.auditsearch.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One question of the search mix: a search page ({@code GET /v1/events}) or an aggregation
 * ({@code GET /v1/events/_aggregate}), with its query parameters. Periods are absolute ({@code from}
 * and {@code to} as RFC 3339), so the service and Elasticsearch are asked exactly the same thing
 * every time.
 */
record Question(String name, Kind kind, Map<String, List<String>> params) {

    enum Kind { SEARCH, AGGREGATE }

    static Question of(String name, Kind kind, String... kv) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return new Question(name, kind, params);
    }

    /** The service's path and query string. */
    String servicePath() {
        StringBuilder sb = new StringBuilder(kind == Kind.SEARCH ? "/v1/events" : "/v1/events/_aggregate");
        char sep = '?';
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            for (String v : p.getValue()) {
                sb.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return sb.toString();
    }

    List<String> list(String name) {
        return params.getOrDefault(name, List.of());
    }

    String single(String name, String otherwise) {
        List<String> values = list(name);
        return values.isEmpty() ? otherwise : values.getFirst();
    }
}
