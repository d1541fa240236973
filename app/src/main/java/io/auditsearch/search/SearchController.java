package io.auditsearch.search;

import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemResponses;
import io.auditsearch.security.Caller;
import io.auditsearch.security.ReadAudit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * Forensic search (pages answer asynchronously: the body is written hit by hit while Elasticsearch's raw
 * answer arrives, without a blocking-pool thread waiting for it): {@code GET /v1/events} (query parameters), {@code POST /v1/events/_search} (a JSON
 * body with the same names) and {@code GET /v1/events/{id}}.
 */
@Controller("/v1/events")
@Tag(name = "search")
class SearchController {

    private final EventSearchService search;
    private final ReadAudit audit;

    SearchController(EventSearchService search, ReadAudit audit) {
        this.search = search;
        this.audit = audit;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "searchEvents", summary = "Search events", description = "Full text and filters over the audit events, newest first, "
            + "paged by an opaque cursor (point-in-time + search_after, no 10,000 limit). Values of one filter are "
            + "OR-ed, filters are AND-ed; repeat a parameter for several values. details.<key>=<value> filters on a value of "
            + "audit.details.<key> (details.ticket=GDPR-1).")
    @FilterParameters
    @Parameter(name = "sort", in = ParameterIn.QUERY, ref = "#/components/parameters/sort")
    @Parameter(name = "size", in = ParameterIn.QUERY, ref = "#/components/parameters/size")
    @Parameter(name = "cursor", in = ParameterIn.QUERY, ref = "#/components/parameters/cursor")
    @Parameter(name = "highlight", in = ParameterIn.QUERY, ref = "#/components/parameters/highlight")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SearchResponses.Page.class)))
    CompletableFuture<HttpResponse<byte[]>> list(HttpRequest<?> request) {
        return searched(request, QueryParameters.of(request.getParameters()));
    }

    @Post(uri = "/_search", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "searchEventsByBody", summary = "Search events (JSON body)", description = "The parameters of GET /v1/events as a JSON object; "
            + "a filter takes a string or an array of strings, details an object of key to value(s).")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SearchResponses.Page.class)))
    CompletableFuture<HttpResponse<byte[]>> searchBody(HttpRequest<?> request,
                                                       @Body @Nullable @Schema(implementation = SearchBody.class) byte[] body) {
        return searched(request, QueryParameters.ofJson(body));
    }

    /**
     * Searches under the caller's tenant scope (the query's own filter) and records the read in the audit log once
     * the page is written, with the number of events it held.
     */
    private CompletableFuture<HttpResponse<byte[]>> searched(HttpRequest<?> request, QueryParameters p) {
        return search.search(p, Caller.of(request).tenant()).thenApply(page -> {
            page.sent().thenAccept(count -> audit.record(request, "audit.search", p.canonical(Set.of()), count));
            return streamed(page.body());
        });
    }

    /**
     * A response whose body is written part by part as the publisher emits them. The routes declare {@code byte[]}
     * bodies: Micronaut writes the parts of a body so declared as they are, while it would join the parts of a
     * declared {@code Publisher} answered in a future as the elements of a JSON array.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static HttpResponse<byte[]> streamed(Publisher<byte[]> body) {
        return (HttpResponse) HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(operationId = "getEvent", summary = "One event by event.id")
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    Map<String, Object> get(HttpRequest<?> request, @PathVariable String id) {
        // another tenant's event is a 404 like a missing one: its existence is not revealed
        Optional<Map<String, Object>> event = search.get(id, Caller.of(request).tenant());
        audit.record(request, "audit.get", Map.of("id", List.of(id)), event.isPresent() ? 1 : 0);
        return event.orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such event", "no event with event.id " + id));
    }

    /** The JSON body of {@code POST /v1/events/_search}, for the API description. */
    @Schema(name = "SearchBody", description = "Parameters of GET /v1/events as JSON")
    record SearchBody(String q, @ArraySchema(schema = @Schema(type = "string")) java.util.List<String> action,
                      java.util.List<String> outcome, java.util.List<String> category, java.util.List<String> type,
                      java.util.List<String> user, java.util.List<String> target_user, java.util.List<String> resource_type,
                      java.util.List<String> resource_id, java.util.List<String> source_ip, java.util.List<String> tenant,
                      java.util.List<String> service, java.util.List<String> level, java.util.List<String> tag,
                      Map<String, String> details, String from, String to, String sort, Integer size, String cursor,
                      Boolean highlight) {
    }
}
