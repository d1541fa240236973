package io.auditsearch.analytics;

import io.auditsearch.search.FilterParameters;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.security.Caller;
import io.auditsearch.security.ReadAudit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code GET|POST /v1/events/_aggregate}: timeline, facets, distinct counts and group_by tables (answered asynchronously). */
@Controller("/v1/events/_aggregate")
@Tag(name = "aggregations")
class AggregationController {

    private final AggregationService service;
    private final ReadAudit audit;

    AggregationController(AggregationService service, ReadAudit audit) {
        this.service = service;
        this.audit = audit;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Aggregate events", description = "Same filters as GET /v1/events (q, action, outcome, ..., from, to). "
            + "Returns the exact total, a timeline split by outcome, and on request top-N facets with an other count, "
            + "distinct counts and a two-field group_by table.")
    @FilterParameters
    @Parameter(name = "facet", in = ParameterIn.QUERY, description = "fields to facet on: action, outcome, category, user, target_user, "
            + "resource_type, source_ip, tenant, service, level", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "facet_size", in = ParameterIn.QUERY, description = "values per facet, 1 to 100 (default 10)", schema = @Schema(type = "integer"))
    @Parameter(name = "group_by", in = ParameterIn.QUERY, description = "two fields, in order (e.g. user then action)", array = @ArraySchema(schema = @Schema(type = "string")))
    @Parameter(name = "group_size", in = ParameterIn.QUERY, description = "values per group_by level (default 10; rows = group_size squared, at most 2500)", schema = @Schema(type = "integer"))
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = "timeline bucket width (e.g. 1h); automatic by default")
    @Parameter(name = "distinct", in = ParameterIn.QUERY, description = "fields to count distinct values of (approximate above 3,000), "
            + "e.g. distinct=user,source_ip; none by default", array = @ArraySchema(schema = @Schema(type = "string")))
    CompletableFuture<AggregationResponse> aggregate(HttpRequest<?> request) {
        return aggregated(request, QueryParameters.of(request.getParameters()));
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Aggregate events (JSON body)", description = "The parameters of GET /v1/events/_aggregate as a JSON object.")
    CompletableFuture<AggregationResponse> aggregateBody(HttpRequest<?> request, @Body @Nullable byte[] body) {
        return aggregated(request, QueryParameters.ofJson(body));
    }

    /** Facets, distinct counts and group_by all run under the caller's tenant scope: the query's own filter. */
    private CompletableFuture<AggregationResponse> aggregated(HttpRequest<?> request, QueryParameters p) {
        return service.aggregate(p, Caller.of(request).tenant()).thenApply(response -> {
            audit.record(request, "audit.aggregate", p.canonical(Set.of()), response.total().value());
            return response;
        });
    }
}
