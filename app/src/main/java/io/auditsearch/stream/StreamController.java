package io.auditsearch.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.BadRequestException;
import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemResponses;
import io.auditsearch.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code /v1/admin/streams} (admin): the destinations events are streamed to, their state, replay and dead letters. */
@Controller("/v1/admin/streams")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
class StreamController {

    private static final int MAX_LIMIT = 1000;

    private final DestinationStore store;
    private final Streams streams;
    private final StreamLedger ledger;
    private final Transports transports;
    private final StreamTester tester;

    StreamController(DestinationStore store, Streams streams, StreamLedger ledger, Transports transports, StreamTester tester) {
        this.store = store;
        this.streams = streams;
        this.ledger = ledger;
        this.transports = transports;
        this.tester = tester;
    }

    @Serdeable
    record StreamList(List<DestinationView> streams) {
    }

    /** @param from {@code start} (everything this instance's journal holds) or an ISO-8601 instant */
    @Serdeable
    record ReplayRequest(@Nullable String from) {
    }

    @Serdeable
    record Replaying(String id, long cursor) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TestResult(boolean delivered, @Nullable String error) {
    }

    @Serdeable
    record DeadLetterView(long sequence, String id, String reason, @JsonProperty("refused_at") Instant refusedAt) {
    }

    @Serdeable
    record DeadLetters(long total, @JsonProperty("dead_letters") List<DeadLetterView> deadLetters) {
    }

    @Serdeable
    record DeadLetterReplay(long queued) {
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "createStream", summary = "Create a stream destination",
            description = "Webhook, Splunk HEC, syslog or Kafka; secrets are write-only. Streams from the events accepted after creation.")
    HttpResponse<DestinationView> create(HttpRequest<?> request, @Body DestinationRequest body) throws IOException {
        Destination d = body.toDestination(Caller.of(request).name());
        if (!transports.supports(d.type())) {
            throw BadRequestException.parameter("type", d.type() + " is not available in this build");
        }
        if (transports.format(d.format()).isEmpty()) {
            throw BadRequestException.parameter("format", d.format() + " is not available in this build");
        }
        store.create(d);
        streams.refresh();
        return HttpResponse.created(DestinationView.of(d, streams.status(d.id()).orElse(null)));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "listStreams", summary = "List stream destinations", description = "Every destination with its state here; never a secret.")
    StreamList list() throws IOException {
        return new StreamList(store.list().stream().map(d -> DestinationView.of(d, streams.status(d.id()).orElse(null))).toList());
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "getStream", summary = "Get a stream destination", description = "Its settings (never a secret), lag, last success and last error here.")
    DestinationView get(@PathVariable String id) throws IOException {
        Destination d = find(id);
        return DestinationView.of(d, streams.status(id).orElse(null));
    }

    @Post(uri = "/{id}/_pause", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "pauseStream", summary = "Pause a stream", description = "Nothing is sent; the cursor stays, so nothing is skipped on resume.")
    DestinationView pause(@PathVariable String id) throws IOException {
        return changeState(id, Destination.PAUSED);
    }

    @Post(uri = "/{id}/_resume", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "resumeStream", summary = "Resume a stream", description = "Also re-enables a destination disabled by a 410; it continues from its cursor.")
    DestinationView resume(@PathVariable String id) throws IOException {
        return changeState(id, Destination.ACTIVE);
    }

    @Delete(uri = "/{id}")
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "deleteStream", summary = "Delete a stream destination", description = "Stops it and forgets its cursor and dead letters here.")
    HttpResponse<Void> delete(@PathVariable String id) throws IOException {
        find(id);
        store.delete(id);
        streams.forget(id);
        return HttpResponse.noContent();
    }

    @Post(uri = "/{id}/_test", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "testStream", summary = "Send a test event",
            description = "Sends one synthetic event (event.action stream.test) and says whether the destination acknowledged it.")
    TestResult test(@PathVariable String id) throws IOException {
        return tester.test(find(id));
    }

    @Post(uri = "/{id}/_replay", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "replayStream", summary = "Replay a stream",
            description = "Moves this instance's cursor back: from=start sends everything its journal holds, an ISO-8601 time everything accepted since.")
    HttpResponse<Replaying> replay(@PathVariable String id, @Body ReplayRequest body) throws IOException {
        find(id);
        String from = body == null || body.from() == null || body.from().isBlank() ? null : body.from();
        if (from == null) {
            throw BadRequestException.parameter("from", "is required: start or an ISO-8601 time");
        }
        long seq;
        if (from.equals("start")) {
            seq = 0;
        } else {
            try {
                seq = streams.seqBefore(Instant.parse(from));
            } catch (DateTimeParseException e) {
                throw BadRequestException.parameter("from", "must be start or an ISO-8601 time such as 2026-01-31T00:00:00Z");
            }
        }
        if (!streams.replay(id, seq)) {
            throw unavailable(id);
        }
        return HttpResponse.accepted().body(new Replaying(id, seq));
    }

    @Get(uri = "/{id}/dead-letters", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "listStreamDeadLetters", summary = "List a stream's dead letters",
            description = "The events the destination refused for good on this instance, oldest first; limit 1 to 1000.")
    DeadLetters deadLetters(@PathVariable String id, @QueryValue(defaultValue = "100") int limit) throws IOException {
        find(id);
        List<DeadLetterView> letters = ledger.deadLetters(id, Math.clamp(limit, 1, MAX_LIMIT)).stream()
                .map(l -> new DeadLetterView(l.event().sequence(), l.event().id(), l.reason(), l.refusedAt())).toList();
        return new DeadLetters(ledger.deadLetterCount(id), letters);
    }

    @Post(uri = "/{id}/dead-letters/_replay", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "replayStreamDeadLetters", summary = "Send a stream's dead letters again",
            description = "Queued on the stream's own thread; the ones the destination takes leave the dead letters.")
    HttpResponse<DeadLetterReplay> replayDeadLetters(@PathVariable String id) throws IOException {
        find(id);
        long queued = ledger.deadLetterCount(id);
        if (!streams.replayDeadLetters(id)) {
            throw unavailable(id);
        }
        return HttpResponse.accepted().body(new DeadLetterReplay(queued));
    }

    private DestinationView changeState(String id, String state) throws IOException {
        Destination d = find(id);
        store.state(id, state);
        streams.refresh();
        return DestinationView.of(d.withState(state), streams.status(id).orElse(null));
    }

    private Destination find(String id) throws IOException {
        return store.get(id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such stream",
                "id: no stream destination " + id));
    }

    private static ApiException unavailable(String id) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "streams_unavailable", "Streams are not running here",
                "stream " + id + " has no delivery thread on this instance (streams off, or not started yet)");
    }
}
