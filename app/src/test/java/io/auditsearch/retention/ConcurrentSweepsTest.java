package io.auditsearch.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.auditsearch.elasticsearch.ClusterCapabilities;
import io.auditsearch.support.RunningService;
import io.auditsearch.support.TestElasticsearch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two service instances sweeping retention at the same moment: every expired index is deleted, and
 * reported (and recorded in the integrity log) by exactly one of them; a held index by neither.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConcurrentSweepsTest {

    private static final int EXPIRED = 12;
    private static final String HELD = "audit-events-2001.06.20";

    private RunningService a;
    private RunningService b;
    private RetentionFixtures fixtures;

    @BeforeAll
    void start() {
        Map<String, Object> properties = Map.of("audit.retention.days", String.valueOf(RetentionFixtures.DAYS));
        a = RunningService.start(TestElasticsearch.url(), properties);
        b = RunningService.start(TestElasticsearch.url(), properties);
        fixtures = new RetentionFixtures(null);
    }

    @AfterAll
    void stop() {
        if (fixtures != null) {
            fixtures.cleanUp();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void twoInstancesSweepingAtOnceDeleteEachExpiredIndexOnceAndNeverAHeldOne() throws Exception {
        assumeFalse(a.bean(ClusterCapabilities.class).hasIlm(), "the service-side sweep runs only where the cluster has no ILM; "
                + TestElasticsearch.source() + " has ILM");
        List<String> expired = new ArrayList<>();
        for (int day = 1; day <= EXPIRED; day++) {
            String index = "audit-events-2001.06.%02d".formatted(day);
            fixtures.eventIn(index, "2001-06-%02dT10:00:00Z".formatted(day), "acme");
            expired.add(index);
        }
        fixtures.eventIn(HELD, "2001-06-20T10:00:00Z", "held-tenant");
        var holds = a.bean(LegalHoldStore.class);
        LegalHold set = holds.create(new HoldRange(java.time.Instant.parse("2001-06-20T00:00:00Z"),
                java.time.Instant.parse("2001-06-20T23:59:59Z"), java.util.Optional.of("held-tenant"), "case 2001-06: litigation hold"), "test", java.time.Instant.now());

        try {
            CyclicBarrier together = new CyclicBarrier(2);
            // two threads of their own (the common pool may have one on a small machine)
            ExecutorService threads = Executors.newFixedThreadPool(2);
            SweepReport ra;
            SweepReport rb;
            try {
                CompletableFuture<SweepReport> first = CompletableFuture.supplyAsync(() -> sweepAfter(together, a), threads);
                CompletableFuture<SweepReport> second = CompletableFuture.supplyAsync(() -> sweepAfter(together, b), threads);
                ra = first.get(2, TimeUnit.MINUTES);
                rb = second.get(2, TimeUnit.MINUTES);
            } finally {
                threads.shutdownNow();
            }

            Set<String> both = new HashSet<>(ra.deleted());
            both.retainAll(rb.deleted());
            assertEquals(Set.of(), both, "no index deleted (and recorded) by both: " + ra + " / " + rb);
            Set<String> all = new HashSet<>(ra.deleted());
            all.addAll(rb.deleted());
            assertEquals(new HashSet<>(expired), all, "every expired index deleted by one of them: " + ra + " / " + rb);
            for (String index : expired) {
                assertFalse(RetentionFixtures.exists(index), index + " is gone");
            }
            assertTrue(RetentionFixtures.exists(HELD), "the held index is kept by both");
            assertTrue(ra.keptByHolds().contains(HELD) && rb.keptByHolds().contains(HELD), ra + " / " + rb);
        } finally {
            holds.release(set.id(), "test", java.time.Instant.now());
        }
    }

    private static SweepReport sweepAfter(CyclicBarrier together, RunningService service) {
        RetentionSweeper sweeper = service.bean(RetentionSweeper.class);
        try {
            together.await(1, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sweeper.sweep();
    }
}
