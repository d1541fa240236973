package io.auditsearch.export;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.auditsearch.event.EventSchema;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.BadRequestException;
import io.auditsearch.search.EventFilter;
import io.auditsearch.search.EventQueryBuilder;
import io.auditsearch.search.QueryParameters;
import io.auditsearch.search.SearchConfiguration;
import io.auditsearch.search.SearchFailures;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/** Opens exports: checks the request, opens a point-in-time over the period and hands back the stream. */
@Singleton
final class ExportService {

    static final Set<String> PARAMETERS;
    /** CSV columns when {@code columns} is not given. */
    static final List<String> DEFAULT_COLUMNS = List.of("@timestamp", "event.id", "event.action", "event.category",
            "event.type", "event.outcome", "log.level", "user.id", "user.name", "user.email", "user.roles",
            "user.target.id", "user.target.name", "source.ip", "user_agent.original", "organization.id", "service.name",
            "audit.resource.type", "audit.resource.id", "audit.resource.name", "audit.result", "message",
            "error.code", "error.message", "http.request.id", "trace.id", "tags", "audit.details",
            "audit.changes.fields", "audit.changes.before", "audit.changes.after");
    private static final Set<String> FREE_FORM = Set.of("audit.details", "audit.changes.before", "audit.changes.after", "labels");
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    static {
        Set<String> all = new HashSet<>(EventFilter.PARAMETERS);
        all.addAll(Set.of("format", "columns"));
        PARAMETERS = Set.copyOf(all);
    }

    /** An export ready to stream. */
    record Export(ExportStream body, String mediaType, String filename) {
    }

    private final ElasticsearchAsyncClient client;
    private final Rest5Client rest;
    private final JsonpMapper mapper;
    private final EventQueryBuilder queries;
    private final ExportConfiguration config;
    private final EventSchema schema;
    private final Semaphore running;

    ExportService(ElasticsearchAsyncClient client, ElasticsearchTransport transport, Rest5Client rest,
                  EventQueryBuilder queries, ExportConfiguration config, EventSchema schema) {
        this.client = client;
        // pages are read from the raw answer (see ExportStream) through the low-level client
        this.rest = rest;
        this.mapper = transport.jsonpMapper();
        this.queries = queries;
        this.config = config;
        this.schema = schema;
        this.running = new Semaphore(config.getMaxConcurrent());
    }

    Export open(QueryParameters p, Optional<String> tenantScope) {
        p.requireKnown(PARAMETERS);
        Instant now = Instant.now();
        EventFilter filter = queries.filter(p, now);
        String formatName = p.single("format").orElse("ndjson");
        ExportFormat format = switch (formatName) {
            case "ndjson", "jsonl" -> new ExportFormat.Ndjson();
            case "csv" -> new ExportFormat.Csv(columns(p));
            default -> throw BadRequestException.parameter("format", "must be ndjson or csv, got '" + formatName + "'");
        };
        Query query = queries.query(filter, tenantScope);
        if (!running.tryAcquire()) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_exports", "Too many exports running",
                    config.getMaxConcurrent() + " exports are running; try again when one has finished");
        }
        boolean handedOver = false;
        try {
            String keepAlive = SearchConfiguration.esTime(config.getPitKeepAlive());
            String pit = await(() -> client.openPointInTime(o -> o.index(queries.indices(filter.time(), now))
                    .ignoreUnavailable(true).keepAlive(k -> k.time(keepAlive))).join().id());
            ExportStream stream;
            try {
                stream = new ExportStream(rest, mapper, query, pit, config.getPageSize(), keepAlive, format, running::release);
            } catch (RuntimeException e) {
                client.closePointInTime(c -> c.id(pit));
                throw e;
            }
            handedOver = true;
            return new Export(stream, format.mediaType(), filename(filter, now, format));
        } finally {
            if (!handedOver) {
                running.release();
            }
        }
    }

    private List<String> columns(QueryParameters p) {
        List<String> columns = p.list("columns").stream()
                .flatMap(c -> java.util.Arrays.stream(c.split(","))).map(String::trim).filter(c -> !c.isEmpty()).toList();
        if (columns.isEmpty()) {
            return DEFAULT_COLUMNS;
        }
        for (String c : columns) {
            boolean known = schema.field(c).isPresent() || FREE_FORM.stream().anyMatch(f -> c.startsWith(f + "."));
            if (!known || c.equals("audit.details_text")) {
                throw BadRequestException.parameter("columns", "'" + c + "' is not a field of the audit event (dotted ECS names, "
                        + "or audit.details.<key>)");
            }
        }
        return columns;
    }

    private static String filename(EventFilter filter, Instant now, ExportFormat format) {
        String from = filter.time().from().map(FILE_TIME::format).orElse("start");
        String to = FILE_TIME.format(filter.time().to().orElse(now));
        return "audit-events_" + from + "_" + to + "." + format.extension();
    }

    private static <T> T await(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            throw SearchFailures.translate(e);
        }
    }
}
