package io.auditsearch.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/** How long audit events are kept ({@code audit.retention.*}). */
@ConfigurationProperties("audit.retention")
public class RetentionConfiguration {

    /** Days an event is kept, counted from the first day of its index's period. */
    @Min(1)
    private int days = 365;

    public int getDays() {
        return days;
    }

    public void setDays(int days) {
        this.days = days;
    }
}
