package io.auditsearch.search;

import io.auditsearch.problem.BadRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpParameters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The raw parameters of a search, aggregation or export request, whether they came as a query
 * string ({@code GET}) or as a JSON body with the same names ({@code POST}): every name maps to its
 * values. Unknown names are refused (a misspelt filter must not silently widen a forensic query).
 */
public final class QueryParameters {

    public static final String DETAILS_PREFIX = "details.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static QueryParameters of(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return new QueryParameters(copy);
    }

    public static QueryParameters of(HttpParameters parameters) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : parameters.names()) {
            map.put(name, parameters.getAll(name));
        }
        return new QueryParameters(map);
    }

    /**
     * Reads a JSON body: each member is a string, number, boolean or an array of them; {@code details}
     * may be an object of key to value(s), the same as {@code details.<key>} members.
     */
    public static QueryParameters ofJson(byte[] body) {
        if (body == null || body.length == 0) {
            return new QueryParameters(new LinkedHashMap<>());
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("invalid_body", "The body is not valid JSON", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("invalid_body", "The body must be a JSON object", "the body must be a JSON object of parameters");
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("details") && e.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> d : e.getValue().properties()) {
                    map.put(DETAILS_PREFIX + d.getKey(), scalars(DETAILS_PREFIX + d.getKey(), d.getValue()));
                }
            } else {
                map.put(e.getKey(), scalars(e.getKey(), e.getValue()));
            }
        }
        return new QueryParameters(map);
    }

    private static List<String> scalars(String name, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                out.add(scalar(name, element));
            }
        } else if (!node.isNull()) {
            out.add(scalar(name, node));
        }
        return out;
    }

    private static String scalar(String name, JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            throw BadRequestException.parameter(name, "must be a string, number or boolean, or an array of them");
        }
        return node.asText();
    }

    /** Refuses names outside {@code allowed} (and outside {@code details.<key>}). */
    public QueryParameters requireKnown(Set<String> allowed) {
        List<String> unknown = values.keySet().stream()
                .filter(n -> !allowed.contains(n) && !n.startsWith(DETAILS_PREFIX)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown_parameter", "Unknown parameter",
                    "unknown parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                            + "; known: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", details.<key>");
        }
        return this;
    }

    /** Every non-blank value of {@code name}. */
    public List<String> list(String name) {
        return values.getOrDefault(name, List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The single value of {@code name}; more than one is a 400. */
    public Optional<String> single(String name) {
        List<String> all = list(name);
        if (all.size() > 1) {
            throw BadRequestException.parameter(name, "takes one value, got " + all.size());
        }
        return all.stream().findFirst();
    }

    public Optional<Integer> integer(String name) {
        return single(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw BadRequestException.parameter(name, "must be an integer, got '" + v + "'");
            }
        });
    }

    public boolean flag(String name) {
        return single(name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw BadRequestException.parameter(name, "must be true or false, got '" + v + "'");
        }).orElse(false);
    }

    /** {@code details.<key>} parameters: key to values. */
    public Map<String, List<String>> details() {
        Map<String, List<String>> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(DETAILS_PREFIX)) {
                List<String> vs = list(k);
                if (!vs.isEmpty()) {
                    out.put(k.substring(DETAILS_PREFIX.length()), vs);
                }
            }
        });
        return out;
    }

    /** The parameters except {@code excluded}, sorted, for fingerprinting the query a cursor belongs to. */
    public Map<String, List<String>> canonical(Set<String> excluded) {
        Map<String, List<String>> out = new TreeMap<>();
        values.forEach((k, v) -> {
            List<String> vs = list(k);
            if (!excluded.contains(k) && !vs.isEmpty()) {
                out.put(k, vs);
            }
        });
        return out;
    }
}
