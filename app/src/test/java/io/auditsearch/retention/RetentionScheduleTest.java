package io.auditsearch.retention;

import static io.auditsearch.retention.RetentionFixtures.exists;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.auditsearch.elasticsearch.ClusterCapabilities;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The sweep runs by itself on its schedule: nobody calls it here. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionScheduleTest implements TestPropertyProvider {

    @Inject
    RetentionApi api;
    @Inject
    ClusterCapabilities capabilities;

    private final RetentionFixtures fixtures = new RetentionFixtures(null);

    @Override
    public Map<String, String> getProperties() {
        return RetentionFixtures.properties("audit.retention.sweep-enabled", "true", "audit.retention.sweep-interval", "1s",
                "audit.retention.sweep-initial-delay", "1s");
    }

    @AfterAll
    void cleanUp() {
        fixtures.cleanUp();
    }

    @Test
    void theScheduledSweepDeletesAnExpiredIndexWithinItsInterval() throws InterruptedException {
        assumeFalse(capabilities.hasIlm(), "service-side retention runs only where the cluster has no ILM");
        String index = "audit-events-2001.08.01";
        fixtures.eventIn(index, "2001-08-01T10:00:00Z", "acme");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (exists(index) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertFalse(exists(index), "still there 30 s after it was written, with a sweep every second");
    }
}
