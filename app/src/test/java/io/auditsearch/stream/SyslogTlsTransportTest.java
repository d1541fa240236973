package io.auditsearch.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog-over-TLS transport against a real rsyslogd (imtcp, gtls driver) on loopback. */
class SyslogTlsTransportTest {

    private static final Pattern EVENT = Pattern.compile(
            "^<(\\d+)>1 \\S+ audit-test audit-search - (\\S+) \\[audit@32473 id=\"([^\"]*)\" seq=\"(\\d+)\" tenant=\"([^\"]*)\"] \uFEFF(.*)$");
    private static final Pattern HEARTBEAT = Pattern.compile(
            "^<110>1 \\S+ audit-test audit-search - heartbeat \\[audit-heartbeat@32473 last_seq=\"(\\d+)\" count=\"(\\d+)\"]$");
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final TlsTestCertificates ca = new TlsTestCertificates("Audit Search test CA");

    private static List<StreamedEvent> events(int count) {
        List<StreamedEvent> events = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String id = "evt-%05d".formatted(i);
            String tenant = "tenant-" + (i % 3);
            events.add(PayloadFixtures.of(1000 + i, id, tenant, ("{\"@timestamp\":\"2026-03-14T09:26:53.589Z\",\"event\":{\"id\":\"%s\","
                    + "\"action\":\"user.login\",\"outcome\":\"success\"},\"log\":{\"level\":\"warning\"},\"organization\":{\"id\":\"%s\"}}")
                    .formatted(id, tenant)));
        }
        return events;
    }

    private SyslogSettings settings(RsyslogReceiver receiver) {
        return SyslogSettings.of("127.0.0.1", receiver.port(), ca.caPem(), "audit-test", "audit-search");
    }

    /** What the receiver's lines say: event ids in arrival order, and each heartbeat checked against the events before it. */
    private record Received(List<String> ids, int heartbeats, List<String> gaps) {

        static Received of(List<String> lines) {
            List<String> ids = new ArrayList<>();
            List<String> gaps = new ArrayList<>();
            int heartbeats = 0;
            long lastSeq = -1;
            int sinceHeartbeat = 0;
            for (String line : lines) {
                Matcher e = EVENT.matcher(line);
                Matcher h = HEARTBEAT.matcher(line);
                if (e.matches()) {
                    assertEquals("108", e.group(1), line); // facility 13 (log audit) * 8 + warning (4)
                    assertEquals("user.login", e.group(2), line);
                    assertTrue(e.group(6).contains("\"id\":\"" + e.group(3) + "\""), "payload is the stored JSON: " + line);
                    ids.add(e.group(3));
                    lastSeq = Long.parseLong(e.group(4));
                    sinceHeartbeat++;
                } else if (h.matches()) {
                    heartbeats++;
                    if (Long.parseLong(h.group(1)) != lastSeq || Integer.parseInt(h.group(2)) != sinceHeartbeat) {
                        gaps.add(line + " after " + sinceHeartbeat + " events, last seq " + lastSeq);
                    }
                    sinceHeartbeat = 0;
                } else {
                    throw new AssertionError("neither an event nor a heartbeat: " + line);
                }
            }
            return new Received(ids, heartbeats, gaps);
        }
    }

    @Test
    void thousandEventsInBatchesArriveInOrderEachBatchFollowedByItsHeartbeat() throws Exception {
        List<StreamedEvent> events = events(1000);
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, ca, ca.issue("receiver", "127.0.0.1"), "anon");
             SyslogTlsTransport transport = new SyslogTlsTransport(settings(receiver), StreamedEvent::source)) {
            long start = System.nanoTime();
            for (int i = 0; i < events.size(); i += 100) {
                assertEquals(Delivery.all(), transport.send(events.subList(i, i + 100)));
            }
            Received received = Received.of(receiver.awaitLines(1010, ARRIVAL));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("syslog: %d events in batches of 100 sent and written by rsyslogd in %.2f s, %.0f events/s%n",
                    events.size(), seconds, events.size() / seconds);
            assertEquals(events.stream().map(StreamedEvent::id).toList(), received.ids());
            assertEquals(10, received.heartbeats());
            assertEquals(List.of(), received.gaps());
        }
    }

    @Test
    void receiverStoppedMidStreamMakesSendThrowAndTheResendAfterRestartDeliversEverything() throws Exception {
        List<StreamedEvent> events = events(1000);
        int batch = 50;
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, ca, ca.issue("receiver", "127.0.0.1"), "anon");
             SyslogTlsTransport transport = new SyslogTlsTransport(settings(receiver), StreamedEvent::source)) {
            int failures = 0;
            boolean stopped = false;
            for (int i = 0; i < events.size(); i += batch) {
                if (i == 8 * batch) {
                    assertEquals(8 * (batch + 1), receiver.awaitLines(8 * (batch + 1), ARRIVAL).size(), "before the stop");
                    receiver.stop();
                    stopped = true;
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    try {
                        transport.send(events.subList(i, i + batch));
                        break;
                    } catch (DeliveryException e) {
                        failures++;
                        assertTrue(System.nanoTime() < deadline, "batch at " + i + " still failing: " + e.getMessage());
                        if (stopped) {
                            receiver.start();
                            stopped = false;
                        }
                    }
                }
            }
            assertTrue(failures >= 1, "a send while the receiver was down threw");
            List<String> lines = receiver.awaitLines(1000 + 20, ARRIVAL);
            Received received = Received.of(lines);
            Set<String> distinct = new LinkedHashSet<>(received.ids());
            int duplicates = received.ids().size() - distinct.size();
            System.out.printf("syslog restart: %d failed sends, %d events received, %d duplicates, %d heartbeats%n",
                    failures, received.ids().size(), duplicates, received.heartbeats());
            assertEquals(events.stream().map(StreamedEvent::id).toList(), List.copyOf(distinct), "every event, first copies in order");
            assertEquals(List.of(), received.gaps(), "every heartbeat matches the events before it");
        }
    }

    @Test
    void aReceiverWhoseCertificateNamesAnotherHostIsRefused() throws Exception {
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, ca, ca.issue("elsewhere", null, "elsewhere.example"), "anon");
             SyslogTlsTransport transport = new SyslogTlsTransport(settings(receiver), StreamedEvent::source)) {
            DeliveryException e = assertThrows(DeliveryException.class, () -> transport.send(events(1)));
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertEquals(List.of(), receiver.awaitLines(1, Duration.ofSeconds(1)));
        }
    }

    @Test
    void aReceiverSignedByAnotherCaIsRefused() throws Exception {
        TlsTestCertificates other = new TlsTestCertificates("Someone else's CA");
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, other, other.issue("receiver", "127.0.0.1"), "anon");
             SyslogTlsTransport transport = new SyslogTlsTransport(settings(receiver), StreamedEvent::source)) {
            assertThrows(DeliveryException.class, () -> transport.send(events(1)));
            assertEquals(List.of(), receiver.awaitLines(1, Duration.ofSeconds(1)));
        }
    }

    @Test
    void aClientCertificateLetsTheEventsInWhereTheReceiverRequiresOne() throws Exception {
        TlsTestCertificates.Issued client = ca.issue("audit-search-client", null, "audit-search.example");
        try (RsyslogReceiver receiver = new RsyslogReceiver(dir, ca, ca.issue("receiver", "127.0.0.1"), "x509/certvalid");
             SyslogTlsTransport transport = new SyslogTlsTransport(
                     settings(receiver).withClientCertificate(client.certPem(), client.keyPem()), new CefFormat("1.2.3"))) {
            List<StreamedEvent> events = events(10);
            assertEquals(Delivery.all(), transport.send(events));
            List<String> lines = receiver.awaitLines(11, ARRIVAL);
            assertEquals(11, lines.size(), String.join("\n", lines) + receiver.log());
            for (int i = 0; i < 10; i++) {
                assertTrue(lines.get(i).contains("\uFEFFCEF:0|Audit Search|Audit Search|1.2.3|user.login|user.login|6|"), lines.get(i));
                assertTrue(lines.get(i).contains("externalId=" + events.get(i).id() + " "), lines.get(i));
            }
            assertTrue(HEARTBEAT.matcher(lines.get(10)).matches(), lines.get(10));
        }
    }
}
