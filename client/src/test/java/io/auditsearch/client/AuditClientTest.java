package io.auditsearch.client;

import static io.auditsearch.client.FakeAuditService.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a local server that answers like the service: batching, retries, refusals, shutdown. */
@Timeout(60)
class AuditClientTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    static AuditClientBuilder client(URI uri) {
        return AuditClient.builder(uri).apiKey(FakeAuditService.KEY).backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .withoutMicrometer().closeTimeout(Duration.ofSeconds(5));
    }

    static List<AuditEvent> events(int n) {
        return IntStream.range(0, n).mapToObj(TestEvents::login).toList();
    }

    static List<String> ids(List<AuditEvent> events) {
        return events.stream().map(AuditEvent::id).toList();
    }

    static int deadPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendsInBatchesOfAtMostTheBatchSizeInTheOrderOfRecording() {
        FakeAuditService service = keep(new FakeAuditService());
        AuditClient client = keep(client(service.uri()).batchSize(100).linger(Duration.ofMillis(50)).build());
        List<AuditEvent> events = events(1_050);
        events.forEach(e -> assertTrue(client.record(e)));
        assertTrue(client.flush(Duration.ofSeconds(20)));
        assertEquals(ids(events), service.storedInOrder());
        assertTrue(service.requests().size() >= 11);
        service.requests().forEach(r -> assertTrue(r.ids().size() <= 100, "batch of " + r.ids().size()));
        assertEquals(1_050, client.metrics().queued());
        assertEquals(1_050, client.metrics().sent());
        assertEquals(0, client.metrics().retried());
    }

    @Test
    void aPartialBatchLeavesAfterTheLinger() {
        FakeAuditService service = keep(new FakeAuditService());
        AuditClient client = keep(client(service.uri()).batchSize(500).linger(Duration.ofMillis(100)).build());
        AuditEvent event = TestEvents.login(1);
        client.record(event);
        assertTrue(await(() -> service.storedInOrder().equals(List.of(event.id())), 5_000), "sent without a flush");
    }

    @Test
    void a429IsRetriedWithTheSameIdsNoSoonerThanRetryAfter() {
        FakeAuditService service = keep(new FakeAuditService());
        service.answerNext(429, "1", 1);
        AuditClient client = keep(client(service.uri()).linger(Duration.ofMillis(10)).build());
        List<AuditEvent> events = events(3);
        events.forEach(client::record);
        assertTrue(client.flush(Duration.ofSeconds(10)));
        List<FakeAuditService.Received> requests = service.requests();
        assertEquals(2, requests.size());
        assertEquals(ids(events), requests.get(0).ids());
        assertEquals(ids(events), requests.get(1).ids(), "the same event ids, so the service stores each once");
        long gapMillis = (requests.get(1).nanos() - requests.get(0).nanos()) / 1_000_000;
        assertTrue(gapMillis >= 950, "Retry-After: 1 honoured, waited " + gapMillis + " ms");
        assertEquals(ids(events), service.storedInOrder());
        assertEquals(3, client.metrics().retried());
        assertEquals(3, client.metrics().sent());
    }

    @Test
    void wholeRequest5xxAndPerItem503AreRetriedUntilStored() {
        FakeAuditService service = keep(new FakeAuditService());
        service.answerNext(503, null, 2);
        AuditClient client = keep(client(service.uri()).linger(Duration.ofMillis(10)).build());
        List<AuditEvent> events = events(5);
        events.forEach(client::record);
        assertTrue(client.flush(Duration.ofSeconds(10)));
        assertEquals(ids(events), service.storedInOrder());
        assertEquals(3, service.requests().size());

        service.refuseItemsWith503(2); // the service's spool is full for two lines of the next request
        List<AuditEvent> more = events(4);
        more.forEach(client::record);
        assertTrue(client.flush(Duration.ofSeconds(10)));
        assertEquals(9, service.storedInOrder().size());
        assertTrue(service.storedInOrder().containsAll(ids(more)));
        assertEquals(ids(more.subList(0, 2)), service.requests().get(4).ids(), "only the refused items are sent again");
    }

    @Test
    void perItem400sAreReportedOnceAndNeverRetried() {
        FakeAuditService service = keep(new FakeAuditService());
        List<Rejection> heard = Collections.synchronizedList(new ArrayList<>());
        LogCapture log = keep(new LogCapture());
        AuditClient client = keep(client(service.uri()).linger(Duration.ofMillis(10)).listener(new DeliveryListener() {
            @Override
            public void rejected(Rejection rejection) {
                heard.add(rejection);
            }
        }).build());
        AuditEvent good = TestEvents.login(1);
        AuditEvent bad = TestEvents.invalidOnTheService(2);
        AuditEvent good2 = TestEvents.login(3);
        List.of(good, bad, good2).forEach(client::record);
        assertTrue(client.flush(Duration.ofSeconds(10)));
        assertEquals(List.of(good.id(), good2.id()), service.storedInOrder());
        assertEquals(List.of(new Rejection(bad.id(), FakeAuditService.INVALID_ACTION, 400, "validation_error",
                "event.action: test refusal", "event.action")), heard);
        assertEquals(1, client.metrics().rejected());
        assertEquals(0, client.metrics().retried());
        assertEquals(1, Collections.frequency(service.receivedIds(), bad.id()), "never sent again");
        assertTrue(log.lines().stream().anyMatch(l -> l.contains(bad.id()) && l.contains("validation_error")), log.lines().toString());
    }

    @Test
    void whileTheServiceIsUnreachableEventsGoToDiskAndAreReplayedInOrderWhenItReturns() throws Exception {
        int port = deadPort();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("audit-client-buffer");
        AuditClient client = keep(client(URI.create("http://127.0.0.1:" + port)).batchSize(50).linger(Duration.ofMillis(10))
                .attemptsBeforeBuffering(1).bufferDirectory(dir, 50_000_000).build());
        List<AuditEvent> events = events(300);
        events.forEach(client::record);
        assertTrue(await(() -> client.metrics().buffered() == 300, 10_000), "buffered: " + client.metrics());
        assertTrue(client.metrics().bufferedBytes() > 0);
        assertFalse(client.flush(Duration.ofMillis(200)), "nothing can be delivered yet");

        FakeAuditService service = keep(new FakeAuditService(port));
        assertTrue(client.flush(Duration.ofSeconds(20)), client.metrics().toString());
        assertEquals(ids(events), service.storedInOrder());
        assertEquals(0, client.metrics().bufferedBytes());
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count(), "segments deleted once acknowledged");
        }
    }

    @Test
    void closeWhileDownKeepsTheQueueOnDiskForTheNextClientWhichSendsItFirst() throws Exception {
        int port = deadPort();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("audit-client-buffer");
        AuditClient first = client(URI.create("http://127.0.0.1:" + port)).bufferDirectory(dir, 50_000_000)
                .attemptsBeforeBuffering(5).linger(Duration.ofSeconds(5)).build();
        List<AuditEvent> events = events(20);
        events.forEach(first::record);
        assertFalse(first.close(Duration.ofMillis(300)));
        assertEquals(20, first.metrics().buffered());
        assertEquals(0, first.metrics().dropped());

        FakeAuditService service = keep(new FakeAuditService(port));
        AuditClient second = keep(client(service.uri()).bufferDirectory(dir, 50_000_000).linger(Duration.ofMillis(10)).build());
        List<AuditEvent> later = IntStream.range(100, 105).mapToObj(TestEvents::login).toList();
        later.forEach(second::record);
        assertTrue(second.flush(Duration.ofSeconds(10)));
        List<String> expected = new ArrayList<>(ids(events));
        expected.addAll(ids(later));
        assertEquals(expected, service.storedInOrder());
    }

    @Test
    void closeDeliversWhatIsQueuedWithoutWaitingForTheLinger() {
        FakeAuditService service = keep(new FakeAuditService());
        AuditClient client = client(service.uri()).linger(Duration.ofSeconds(30)).build();
        List<AuditEvent> events = events(10);
        events.forEach(client::record);
        long start = System.nanoTime();
        assertTrue(client.close(Duration.ofSeconds(5)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertEquals(ids(events), service.storedInOrder());
        assertFalse(client.record(TestEvents.login(11)), "closed");
        assertEquals(1, client.metrics().dropped());
    }
}
