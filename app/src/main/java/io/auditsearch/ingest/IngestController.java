package io.auditsearch.ingest;

import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.EventRejectedException;
import io.auditsearch.event.FieldError;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.event.TenantMismatchException;
import io.auditsearch.problem.ApiException;
import io.auditsearch.security.Caller;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/events} and {@code POST /v1/events/_bulk}: validate, prepare and store audit
 * events. Bodies are taken as bytes so each event is checked against the strict schema by us,
 * with every error named, before Elasticsearch sees it.
 */
@Controller("/v1/events")
@ExecuteOn(TaskExecutors.BLOCKING)
class IngestController {

    static final String NDJSON = "application/x-ndjson";

    private final EventPreparer preparer;
    private final EventIndexer indexer;
    private final IngestConfiguration config;

    IngestController(EventPreparer preparer, EventIndexer indexer, IngestConfiguration config) {
        this.preparer = preparer;
        this.indexer = indexer;
        this.config = config;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<IngestResponses.Receipt> create(HttpRequest<?> request, @Body byte[] body) {
        PreparedEvent event = preparer.prepare(body, 0, body.length, Caller.of(request).tenant());
        IndexOutcome outcome = await(indexer.indexOne(event));
        if (!outcome.stored()) {
            throw failure(outcome);
        }
        return HttpResponse.created(new IngestResponses.Receipt(event.id(), event.index(), result(outcome)));
    }

    @Post(uri = "/_bulk", consumes = {NDJSON, MediaType.APPLICATION_JSON}, produces = MediaType.APPLICATION_JSON)
    IngestResponses.BulkResult bulk(HttpRequest<?> request, @Body byte[] body) {
        long started = System.nanoTime();
        boolean array = request.getContentType().map(t -> t.getSubtype().equals("json")).orElse(false);
        List<BulkBody.Line> lines = BulkBody.split(body, array, config.getMaxBulkLines());
        Optional<String> tenant = Caller.of(request).tenant();

        IngestResponses.Item[] items = new IngestResponses.Item[lines.size()];
        List<PreparedEvent> accepted = new ArrayList<>(lines.size());
        List<Integer> positions = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            BulkBody.Line line = lines.get(i);
            try {
                PreparedEvent event = line.parsed() != null ? preparer.prepare(line.parsed(), tenant)
                        : preparer.prepare(line.bytes(), line.offset(), line.length(), tenant);
                accepted.add(event);
                positions.add(i);
            } catch (EventRejectedException e) {
                items[i] = invalid(e);
            } catch (TenantMismatchException e) {
                items[i] = new IngestResponses.Item(null, null, 403, "forbidden",
                        new IngestResponses.ItemError("tenant_mismatch", e.getMessage(), "organization.id", null));
            }
        }

        List<CompletableFuture<IndexOutcome>> outcomes = indexer.indexBatch(accepted);
        long deadline = System.nanoTime() + config.getAckTimeout().toNanos();
        for (int k = 0; k < accepted.size(); k++) {
            PreparedEvent event = accepted.get(k);
            IndexOutcome outcome = awaitUntil(outcomes.get(k), deadline);
            items[positions.get(k)] = outcome.stored()
                    ? new IngestResponses.Item(event.id(), event.index(), 201, result(outcome), null)
                    : new IngestResponses.Item(event.id(), event.index(), outcome.status(), "failed",
                    new IngestResponses.ItemError(outcome.errorType(), outcome.reason(), null, null));
        }
        boolean errors = false;
        for (IngestResponses.Item item : items) {
            errors |= item.error() != null;
        }
        return new IngestResponses.BulkResult(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), errors, List.of(items));
    }

    private static IngestResponses.Item invalid(EventRejectedException e) {
        FieldError first = e.errors().getFirst();
        String type = first.rule().equals("json") ? "json_parse_error" : "validation_error";
        return new IngestResponses.Item(null, null, 400, "invalid",
                new IngestResponses.ItemError(type, first.message(), first.field(), e.errors()));
    }

    private static String result(IndexOutcome outcome) {
        return outcome.result().name().toLowerCase(Locale.ROOT);
    }

    private IndexOutcome await(CompletableFuture<IndexOutcome> outcome) {
        return awaitUntil(outcome, System.nanoTime() + config.getAckTimeout().toNanos());
    }

    private static IndexOutcome awaitUntil(CompletableFuture<IndexOutcome> outcome, long deadlineNanos) {
        try {
            return outcome.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return IndexOutcome.failed(503, "timeout", "Elasticsearch did not confirm the event in time");
        } catch (ExecutionException e) {
            return IndexOutcome.failed(503, "elasticsearch_unavailable", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IndexOutcome.failed(503, "interrupted", "the request was interrupted");
        }
    }

    private static ApiException failure(IndexOutcome outcome) {
        HttpStatus status = HttpStatus.valueOf(outcome.status());
        if (status.getCode() == 400) {
            return new ApiException(HttpStatus.BAD_REQUEST, "rejected_by_elasticsearch", "Elasticsearch refused the event",
                    outcome.errorType() + ": " + outcome.reason());
        }
        if (status.getCode() == 429) {
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "overloaded", "Elasticsearch is overloaded", outcome.reason());
        }
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "The event was not stored",
                outcome.errorType() + ": " + outcome.reason());
    }
}
