package io.auditsearch;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** How long audit events are kept and how the service enforces it ({@code audit.retention.*}). */
@ConfigurationProperties("audit.retention")
public class RetentionConfiguration {

    /** The index of legal holds; it must not match {@code audit-events-*}, so no retention ever touches it. */
    public static final String LEGAL_HOLD_INDEX = "audit-search-legal-holds";

    /** Days an event is kept, counted from its index's period date (ILM) or period end (service sweep). */
    @Min(1)
    private int days = 365;

    /** Whether the scheduled sweep runs (deletes expired indices where ILM is absent, applies holds under ILM). */
    private boolean sweepEnabled = true;

    /** Time between the end of one sweep and the start of the next. */
    @NotNull
    private Duration sweepInterval = Duration.ofHours(1);

    /** Time after startup before the first sweep. */
    @NotNull
    private Duration sweepInitialDelay = Duration.ofMinutes(1);

    public int getDays() {
        return days;
    }

    public void setDays(int days) {
        this.days = days;
    }

    public boolean isSweepEnabled() {
        return sweepEnabled;
    }

    public void setSweepEnabled(boolean sweepEnabled) {
        this.sweepEnabled = sweepEnabled;
    }

    public Duration getSweepInterval() {
        return sweepInterval;
    }

    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    public Duration getSweepInitialDelay() {
        return sweepInitialDelay;
    }

    public void setSweepInitialDelay(Duration sweepInitialDelay) {
        this.sweepInitialDelay = sweepInitialDelay;
    }
}
