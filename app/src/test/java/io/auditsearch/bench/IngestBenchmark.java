package io.auditsearch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.support.TestCredentials;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ingestion benchmark (run it with {@code bin/bench-ingest}): loads the same generated events
 * once through the service's {@code POST /v1/events/_bulk} and once straight to Elasticsearch's
 * {@code _bulk}, into the same cluster with the same index template, and prints both rates and
 * their ratio.
 *
 * <p>The cluster is {@code ELASTICSEARCH_URL} when set (credentials from {@code ELASTICSEARCH_API_KEY}
 * or {@code ELASTICSEARCH_USERNAME}/{@code ELASTICSEARCH_PASSWORD}, as for the service), else a
 * managed node (2 GB heap) kept in {@code app/target/bench/elasticsearch}. <strong>Every
 * {@code audit-events-*} index of that cluster is deleted</strong> before each run and at the end:
 * point it only at a throwaway cluster. The service runs in this JVM on a free port and installs
 * the index templates as it starts.
 *
 * <p>What the direct path sends is exactly what the service stores: every event is prepared once,
 * up front, by the service's own {@link EventPreparer} (index, id and source bytes), and sent as
 * {@code create} actions. Both paths use pre-built request bodies of the same number of events and
 * the same number of client threads, each thread waiting for its response before sending the next
 * request. Every response is checked (direct: {@code errors:false}; service: {@code errors:false}
 * and every item {@code created}) and after each run the {@code audit-events} alias must count
 * exactly the events sent. After a warm-up of each path, the rounds alternate direct and service
 * so that drift on a shared machine hits both; the summary takes each path's best round. Each run
 * also reports the CPU time this JVM (client, plus the service on the service path) and the managed
 * node spent, which shows where the time goes.
 *
 * <p>Options, as {@code --name=value} arguments or {@code -Dbench.name=value} system properties:
 * {@code events} (default 200000), {@code batch} (events per request, 1000), {@code concurrency}
 * (client threads, 2), {@code rounds} (measured runs per path, 2), {@code warmup} (events per path
 * before measuring, 20000).
 */
public final class IngestBenchmark {

    private static final long SEED = 20_260_101L;
    /** The generated events cover the 25 days before the start of the benchmark. */
    private static final Duration SPAN = Duration.ofDays(25);
    private static final String ALIAS = "audit-events";
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The benchmark's settings. */
    private record Options(int events, int batch, int concurrency, int rounds, int warmup) {

        private static final Map<String, Integer> DEFAULTS = defaults();

        private static Map<String, Integer> defaults() {
            Map<String, Integer> defaults = new LinkedHashMap<>();
            defaults.put("events", 200_000);
            defaults.put("batch", 1_000);
            defaults.put("concurrency", 2);
            defaults.put("rounds", 2);
            defaults.put("warmup", 20_000);
            return Collections.unmodifiableMap(defaults);
        }

        static Options parse(String[] args) {
            Map<String, Integer> values = new LinkedHashMap<>();
            DEFAULTS.forEach((name, value) -> values.put(name, Integer.getInteger("bench." + name, value)));
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : "";
                if (!DEFAULTS.containsKey(name)) {
                    throw new IllegalArgumentException("unknown argument '" + arg + "'; use --name=value with a name from "
                            + DEFAULTS.keySet() + " (defaults " + DEFAULTS.values() + ")");
                }
                values.put(name, Integer.parseInt(arg.substring(eq + 1)));
            }
            Options options = new Options(values.get("events"), values.get("batch"), values.get("concurrency"),
                    values.get("rounds"), Math.min(values.get("warmup"), values.get("events")));
            if (options.events() < 1 || options.batch() < 1 || options.concurrency() < 1 || options.rounds() < 1
                    || options.warmup() < 0) {
                throw new IllegalArgumentException("events, batch, concurrency and rounds must be positive, warmup not negative: " + options);
            }
            return options;
        }

        String label() {
            return "N=" + events + ", batch=" + batch + ", concurrency=" + concurrency;
        }
    }

    /** One request body and how many events it carries. */
    private record Batch(byte[] body, int events) {
    }

    /** Sends one batch and throws unless every event in it was stored. */
    @FunctionalInterface
    private interface BatchSender {
        void send(Batch batch) throws IOException, InterruptedException;
    }

    /** One way into Elasticsearch: its request bodies and how each is sent and checked. */
    private record Route(String name, List<Batch> batches, BatchSender sender) {

        /** The leading batches holding at least {@code events} events, for a warm-up. */
        Route head(int events) {
            int count = 0;
            int sum = 0;
            while (count < batches.size() && sum < events) {
                sum += batches.get(count++).events();
            }
            return new Route(name, batches.subList(0, count), sender);
        }

        int events() {
            return batches.stream().mapToInt(Batch::events).sum();
        }
    }

    /**
     * One measured run, with the CPU time this JVM (benchmark client, and the service on the service
     * route) and the managed Elasticsearch node (when we run it) used meanwhile.
     */
    private record Measurement(String route, int events, double seconds, Duration ownCpu, Optional<Duration> elasticsearchCpu) {
        double rate() {
            return events / seconds;
        }

        /** Microseconds of CPU, this JVM's and the managed node's together, per event; empty for an external cluster. */
        Optional<Double> cpuPerEvent() {
            return elasticsearchCpu.map(cpu -> cpu.plus(ownCpu).toNanos() / 1e3 / events);
        }

        String describe() {
            return String.format(Locale.ROOT, "%-7s %,d events in %.1f s = %,.0f ev/s; CPU: this JVM %.1f s%s", route, events,
                    seconds, rate(), ownCpu.toMillis() / 1e3,
                    elasticsearchCpu.map(cpu -> String.format(Locale.ROOT, ", Elasticsearch %.1f s", cpu.toMillis() / 1e3)).orElse(""));
        }
    }

    private final Options options;
    private final HttpClient http;
    private final BenchCluster cluster;

    private IngestBenchmark(Options options, HttpClient http, BenchCluster cluster) {
        this.options = options;
        this.http = http;
        this.cluster = cluster;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        try (BenchCluster cluster = BenchCluster.start("bench", "2g");
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
             EmbeddedServer service = ApplicationContext.run(EmbeddedServer.class, serviceProperties(cluster))) {
            System.out.printf("Elasticsearch %s, service %s%n", cluster.url(), service.getURI());
            EventPreparer preparer = service.getApplicationContext().getBean(EventPreparer.class);
            new IngestBenchmark(options, http, cluster).run(preparer, service.getURI());
        }
    }

    private static Map<String, Object> serviceProperties(BenchCluster cluster) {
        Map<String, Object> properties = new java.util.HashMap<>(TestCredentials.properties());
        properties.put("elasticsearch.url", cluster.url().toString());
        properties.put("micronaut.server.port", -1);
        return properties;
    }

    private void run(EventPreparer preparer, URI service) throws IOException, InterruptedException {
        List<byte[]> events = new AuditEventGenerator(SEED).generate(options.events(), Instant.now(), SPAN);
        List<PreparedEvent> prepared = prepareAll(preparer, events);
        Route direct = new Route("direct", directBatches(prepared), this::sendDirect);
        Route viaService = new Route("service", serviceBatches(events), batch -> sendToService(service, batch));

        System.out.printf("Warm-up: %d events per path%n", options.warmup());
        for (Route route : List.of(direct, viaService)) {
            measure(route.head(options.warmup()));
        }
        List<Measurement> measurements = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (Route route : List.of(direct, viaService)) {
                Measurement measurement = measure(route);
                System.out.printf("  round %d %s%n", round, measurement.describe());
                measurements.add(measurement);
            }
        }
        deleteAuditIndices();

        double directRate = best(measurements, direct.name());
        double serviceRate = best(measurements, viaService.name());
        System.out.printf(Locale.ROOT, "ingest: direct=%.0f ev/s service=%.0f ev/s ratio=%.2f (%s, best of %d rounds)%n",
                directRate, serviceRate, serviceRate / directRate, options.label(), options.rounds());
        // on a shared machine the rates move with other load; the CPU each event costs hardly does
        Optional<Double> directCpu = leastCpu(measurements, direct.name());
        Optional<Double> serviceCpu = leastCpu(measurements, viaService.name());
        if (directCpu.isPresent() && serviceCpu.isPresent()) {
            System.out.printf(Locale.ROOT, "cpu per event: direct=%.0f µs service=%.0f µs ratio=%.2f "
                            + "(this JVM + Elasticsearch, least of %d rounds)%n",
                    directCpu.get(), serviceCpu.get(), directCpu.get() / serviceCpu.get(), options.rounds());
        }
    }

    /** What the service would store for each event, prepared once by the service's own code. */
    private static List<PreparedEvent> prepareAll(EventPreparer preparer, List<byte[]> events) {
        long started = System.nanoTime();
        List<PreparedEvent> prepared = new ArrayList<>(events.size());
        for (byte[] event : events) {
            prepared.add(preparer.prepare(event, 0, event.length));
        }
        double micros = (System.nanoTime() - started) / 1e3 / events.size();
        long inBytes = events.stream().mapToLong(e -> e.length).sum();
        long storedBytes = prepared.stream().mapToLong(p -> p.source().length).sum();
        long indices = prepared.stream().map(PreparedEvent::index).distinct().count();
        System.out.printf("Events: %,d over %d daily indices, %d bytes each as sent, %d as stored; "
                        + "EventPreparer %.1f µs per event (one thread, JIT warm-up included)%n",
                events.size(), indices, inBytes / events.size(), storedBytes / events.size(), micros);
        return prepared;
    }

    /** {@code _bulk} bodies of {@code create} actions carrying the prepared documents. */
    private List<Batch> directBatches(List<PreparedEvent> prepared) {
        List<Batch> batches = new ArrayList<>();
        for (List<PreparedEvent> chunk : chunks(prepared)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (PreparedEvent event : chunk) {
                String action = "{\"create\":{\"_index\":\"" + event.index() + "\",\"_id\":\"" + event.id() + "\"}}\n";
                body.writeBytes(action.getBytes(StandardCharsets.UTF_8));
                body.writeBytes(event.source());
                body.write('\n');
            }
            batches.add(new Batch(body.toByteArray(), chunk.size()));
        }
        return batches;
    }

    /** NDJSON bodies of the events as clients send them. */
    private List<Batch> serviceBatches(List<byte[]> events) {
        List<Batch> batches = new ArrayList<>();
        for (List<byte[]> chunk : chunks(events)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (byte[] event : chunk) {
                body.writeBytes(event);
                body.write('\n');
            }
            batches.add(new Batch(body.toByteArray(), chunk.size()));
        }
        return batches;
    }

    private <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += options.batch()) {
            chunks.add(items.subList(from, Math.min(items.size(), from + options.batch())));
        }
        return chunks;
    }

    /**
     * Loads a route into empty indices and checks the count: {@code concurrency} threads take the
     * next batch, send it and wait for its response; the clock runs from the first request to the
     * last response.
     */
    private Measurement measure(Route route) throws IOException, InterruptedException {
        deleteAuditIndices();
        AtomicInteger next = new AtomicInteger();
        Callable<Void> worker = () -> {
            for (int i = next.getAndIncrement(); i < route.batches().size(); i = next.getAndIncrement()) {
                route.sender().send(route.batches().get(i));
            }
            return null;
        };
        Duration ownCpuBefore = ownCpu();
        Optional<Duration> elasticsearchCpuBefore = cluster.cpu();
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(options.concurrency())) {
            for (Future<Void> done : threads.invokeAll(Collections.nCopies(options.concurrency(), worker))) {
                done.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(route.name() + " run failed: " + e.getCause().getMessage(), e.getCause());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Duration ownCpu = ownCpu().minus(ownCpuBefore);
        Optional<Duration> elasticsearchCpu = cluster.cpu().flatMap(after -> elasticsearchCpuBefore.map(after::minus));
        long stored = countAuditEvents();
        if (stored != route.events()) {
            throw new IllegalStateException(route.name() + " run: sent " + route.events() + " events but " + ALIAS + " holds " + stored);
        }
        return new Measurement(route.name(), route.events(), seconds, ownCpu, elasticsearchCpu);
    }

    private void sendDirect(Batch batch) throws IOException, InterruptedException {
        JsonNode response = post(toElasticsearch("/_bulk"), batch.body());
        if (response.path("errors").asBoolean(true) || response.path("items").size() != batch.events()) {
            throw new IllegalStateException("Elasticsearch _bulk did not store every event: " + preview(response));
        }
    }

    private void sendToService(URI service, Batch batch) throws IOException, InterruptedException {
        JsonNode response = post(HttpRequest.newBuilder(service.resolve("/v1/events/_bulk")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", TestCredentials.authorization()), batch.body());
        JsonNode items = response.path("items");
        if (response.path("errors").asBoolean(true) || items.size() != batch.events()) {
            throw new IllegalStateException("the service did not store every event: " + preview(response));
        }
        for (JsonNode item : items) {
            if (!item.path("result").asText().equals("created")) {
                throw new IllegalStateException("the service did not create an event: " + item);
            }
        }
    }

    private JsonNode post(HttpRequest.Builder to, byte[] ndjson) throws IOException, InterruptedException {
        HttpRequest request = to.header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson)).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST " + request.uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** Deletes the dated audit indices by name (so it works whatever action.destructive_requires_name says). */
    private void deleteAuditIndices() throws IOException, InterruptedException {
        String names = String.join(",", call("GET", "/_cat/indices/" + ALIAS + "-*?h=index").strip().split("\\s+"));
        if (!names.isEmpty()) {
            call("DELETE", "/" + names);
        }
    }

    private long countAuditEvents() throws IOException, InterruptedException {
        call("POST", "/" + ALIAS + "/_refresh");
        return JSON.readTree(call("GET", "/" + ALIAS + "/_count")).path("count").asLong(-1);
    }

    private String call(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = toElasticsearch(path).method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpRequest.Builder toElasticsearch(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(cluster.url().resolve(path)).timeout(REQUEST_TIMEOUT);
        cluster.authorization().ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static double best(List<Measurement> measurements, String route) {
        return measurements.stream().filter(m -> m.route().equals(route))
                .max(Comparator.comparingDouble(Measurement::rate)).orElseThrow().rate();
    }

    private static Optional<Double> leastCpu(List<Measurement> measurements, String route) {
        return measurements.stream().filter(m -> m.route().equals(route))
                .flatMap(m -> m.cpuPerEvent().stream()).min(Double::compare);
    }

    private static String preview(JsonNode response) {
        String text = response.toString();
        return text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text;
    }
}
