package io.auditsearch.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.BadRequestException;
import io.auditsearch.search.EventFilter;
import io.micronaut.http.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/admin/viewer-tokens}, read and checked: {@code tenant} (forced to the minter's own
 * when the minter is tenant-bound), {@code filters} (name to a value or values), {@code expires_in} (seconds) and
 * {@code allowed_origins}.
 */
record ViewerTokenRequest(String tenant, Map<String, List<String>> filters, Duration lifetime, List<String> origins) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Filters a token may fix: every filter of the read API but q, the period and the tenant (which is the token's own). */
    static final Set<String> FIXABLE = EventFilter.PARAMETERS.stream()
            .filter(p -> !Set.of("q", "from", "to", "tenant").contains(p)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Pattern DETAILS = Pattern.compile("details\\.[A-Za-z0-9_@-][A-Za-z0-9_.@-]{0,127}");
    /** scheme://host[:port], nothing else: the value goes into a Content-Security-Policy header. */
    private static final Pattern ORIGIN = Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*)(:\\d{1,5})?");
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final int MAX_ORIGINS = 10;

    static ViewerTokenRequest parse(byte[] body, Optional<String> minterTenant, Duration maxLifetime) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new BadRequestException("invalid_body", "The body is not valid JSON", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestException("invalid_body", "The body must be a JSON object", "the body must be a JSON object");
        }
        for (String name : (Iterable<String>) root::fieldNames) {
            if (!Set.of("tenant", "filters", "expires_in", "allowed_origins").contains(name)) {
                throw new BadRequestException("unknown_parameter", "Unknown parameter",
                        "unknown parameter " + name + "; known: allowed_origins, expires_in, filters, tenant");
            }
        }
        return new ViewerTokenRequest(tenant(root.path("tenant"), minterTenant), filters(root.path("filters")),
                lifetime(root.path("expires_in"), maxLifetime), origins(root.path("allowed_origins")));
    }

    private static String tenant(JsonNode node, Optional<String> minterTenant) {
        Optional<String> asked = node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(text("tenant", node));
        if (minterTenant.isPresent()) {
            if (asked.isPresent() && !asked.get().equals(minterTenant.get())) {
                throw new ApiException(HttpStatus.FORBIDDEN, "tenant_mismatch", "Tenant mismatch",
                        "tenant: a caller bound to a tenant mints tokens for that tenant only");
            }
            return minterTenant.get();
        }
        String tenant = asked.orElseThrow(() -> BadRequestException.parameter("tenant", "required: the tenant whose events the token shows"));
        if (tenant.isBlank() || tenant.length() > 256) {
            throw BadRequestException.parameter("tenant", "must be 1 to 256 characters");
        }
        return tenant;
    }

    private static Map<String, List<String>> filters(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw BadRequestException.parameter("filters", "must be an object of filter name to a value or an array of values");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            if (!FIXABLE.contains(name) && !DETAILS.matcher(name).matches()) {
                throw BadRequestException.parameter("filters." + name, "not a filter a token can fix; one of " + new java.util.TreeSet<>(FIXABLE) + " or details.<key>");
            }
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(text("filters." + name, v)));
            } else {
                values.add(text("filters." + name, e.getValue()));
            }
            if (values.isEmpty() || values.size() > 100 || values.stream().anyMatch(String::isBlank)) {
                throw BadRequestException.parameter("filters." + name, "takes 1 to 100 non-blank values");
            }
            out.put(name, values.stream().map(String::strip).distinct().toList());
        }
        return out;
    }

    private static Duration lifetime(JsonNode node, Duration max) {
        if (node.isMissingNode() || node.isNull()) {
            return DEFAULT_LIFETIME.compareTo(max) < 0 ? DEFAULT_LIFETIME : max;
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber()) {
            throw BadRequestException.parameter("expires_in", "must be a whole number of seconds");
        }
        long seconds = node.asLong();
        if (seconds < 60 || seconds > max.toSeconds()) {
            throw BadRequestException.parameter("expires_in", "must be 60 to " + max.toSeconds() + " seconds, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static List<String> origins(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > MAX_ORIGINS) {
            throw BadRequestException.parameter("allowed_origins", "must be an array of at most " + MAX_ORIGINS + " origins");
        }
        for (JsonNode o : node) {
            String origin = text("allowed_origins", o).strip();
            if (origin.endsWith("/")) {
                origin = origin.substring(0, origin.length() - 1);
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw BadRequestException.parameter("allowed_origins", "'" + origin + "' is not an origin (https://host or https://host:port)");
            }
            out.add(origin);
        }
        return out.stream().distinct().toList();
    }

    private static String text(String name, JsonNode node) {
        if (!node.isValueNode() || node.isNull()) {
            throw BadRequestException.parameter(name, "must be a string");
        }
        return node.asText();
    }
}
