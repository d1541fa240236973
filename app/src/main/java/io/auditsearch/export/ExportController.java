package io.auditsearch.export;

import io.auditsearch.problem.ProblemResponses;
import io.auditsearch.search.FilterParameters;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.integrity.ProofExport;
import io.auditsearch.security.Caller;
import io.auditsearch.security.ReadAudit;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** {@code GET /v1/events/_export}: every matching event, oldest first, streamed as NDJSON or CSV. */
@Controller("/v1/events/_export")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "export")
class ExportController {

    private final ExportService service;
    private final ExecutorService blocking;
    private final ReadAudit audit;
    private final ProofExport proofExport;

    ExportController(ExportService service, @Named(TaskExecutors.BLOCKING) ExecutorService blocking, ReadAudit audit,
                     ProofExport proofExport) {
        this.service = service;
        this.blocking = blocking;
        this.audit = audit;
        this.proofExport = proofExport;
    }

    @Get(produces = {"application/x-ndjson", "text/csv"})
    @ProblemResponses
    @Operation(operationId = "exportEvents", summary = "Export events", description = "Same filters as GET /v1/events. Streams every matching event in time "
            + "order (point-in-time pages, constant memory) as an attachment.")
    @FilterParameters
    @Parameter(name = "format", in = ParameterIn.QUERY, ref = "#/components/parameters/format")
    @Parameter(name = "columns", in = ParameterIn.QUERY, ref = "#/components/parameters/columns")
    @Parameter(name = "proof", in = ParameterIn.QUERY, description = "true: one integrity log (log=, or the caller's tenant's log of "
            + "this instance) in leaf order, each event with its inclusion proof, the signed checkpoint last; search filters do not apply",
            schema = @Schema(type = "boolean"))
    @Parameter(name = "log", in = ParameterIn.QUERY, description = "with proof=true: the integrity log's origin", schema = @Schema(type = "string"))
    HttpResponse<Publisher<byte[]>> export(HttpRequest<?> request) {
        if ("true".equals(request.getParameters().get("proof"))) {
            return withProofs(request);
        }
        QueryParameters params = QueryParameters.of(request.getParameters());
        ExportService.Export export = service.open(params, Caller.of(request).tenant());
        ExportStream pages = export.body();
        // one element per page (megabytes), produced on the blocking pool as the client reads: flat memory, few writes
        Flux<byte[]> body = Flux.<byte[]>generate(sink -> {
            try {
                byte[] part = pages.next();
                if (part == null) {
                    sink.complete();
                } else {
                    sink.next(part);
                }
            } catch (java.io.IOException | RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.fromExecutor(blocking)).doFinally(signal -> {
            pages.close();
            // recorded when the stream ends, with what was really sent (a client may stop reading early)
            audit.record(request, "audit.export", params.canonical(Set.of()), pages.written());
        });
        return HttpResponse.<Publisher<byte[]>>ok(body).contentType(export.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + export.filename() + "\"");
    }

    private HttpResponse<Publisher<byte[]>> withProofs(HttpRequest<?> request) {
        ProofExport.Stream pages = proofExport.open(request.getParameters().asMap(), Caller.of(request).tenant());
        Flux<byte[]> body = Flux.<byte[]>generate(sink -> {
            try {
                byte[] part = pages.next();
                if (part == null) {
                    sink.complete();
                } else {
                    sink.next(part);
                }
            } catch (java.io.IOException | RuntimeException e) {
                sink.error(e);
            }
        }).subscribeOn(Schedulers.fromExecutor(blocking)).doFinally(signal ->
                audit.record(request, "audit.export", Map.of("proof", List.of("true")), pages.written()));
        return HttpResponse.<Publisher<byte[]>>ok(body).contentType("application/x-ndjson")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + pages.filename() + "\"");
    }
}
