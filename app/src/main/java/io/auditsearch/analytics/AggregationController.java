package io.auditsearch.analytics;

import io.auditsearch.problem.ProblemResponses;
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
    @ProblemResponses
    @Operation(operationId = "aggregateEvents", summary = "Aggregate events", description = "Same filters as GET /v1/events (q, action, outcome, ..., from, to). "
            + "Returns the exact total, a timeline split by outcome, and on request top-N facets with an other count, "
            + "distinct counts and a two-field group_by table.")
    @FilterParameters
    @Parameter(name = "facet", in = ParameterIn.QUERY, ref = "#/components/parameters/facet")
    @Parameter(name = "facet_size", in = ParameterIn.QUERY, ref = "#/components/parameters/facet_size")
    @Parameter(name = "group_by", in = ParameterIn.QUERY, ref = "#/components/parameters/group_by")
    @Parameter(name = "group_size", in = ParameterIn.QUERY, ref = "#/components/parameters/group_size")
    @Parameter(name = "interval", in = ParameterIn.QUERY, ref = "#/components/parameters/interval")
    @Parameter(name = "distinct", in = ParameterIn.QUERY, ref = "#/components/parameters/distinct")
    CompletableFuture<AggregationResponse> aggregate(HttpRequest<?> request) {
        return aggregated(request, QueryParameters.of(request.getParameters()));
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "aggregateEventsByBody", summary = "Aggregate events (JSON body)", description = "The parameters of GET /v1/events/_aggregate as a JSON object.")
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
