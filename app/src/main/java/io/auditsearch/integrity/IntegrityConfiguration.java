package io.auditsearch.integrity;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Tamper evidence ({@code audit.integrity.*}): the per-instance logs, their checkpoints and key. */
@ConfigurationProperties("audit.integrity")
public class IntegrityConfiguration {

    /** Off: no journal write on the ingest path, no sequencing (the endpoints answer 404 for every log). */
    private boolean enabled = true;
    /** First part of every origin: {@code <name>/<instance id>/<tenant>}. */
    private String name = "audit-search.local";
    private Duration checkpointInterval = Duration.ofSeconds(2);
    private Duration maxMergeDelay = Duration.ofSeconds(10);
    /** How long an event whose outcome is unknown (or stored but not found) may stay pending before it is dropped. */
    private Duration absentGrace = Duration.ofMinutes(2);
    /** At most this many journal entries per sequencing round. */
    private int roundEntries = 20_000;
    private String signingKeyFile;
    private List<String> previousVerifierKeys = new ArrayList<>();
    private String publishUrl;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Duration getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(Duration checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    public Duration getMaxMergeDelay() {
        return maxMergeDelay;
    }

    public void setMaxMergeDelay(Duration maxMergeDelay) {
        this.maxMergeDelay = maxMergeDelay;
    }

    public Duration getAbsentGrace() {
        return absentGrace;
    }

    public void setAbsentGrace(Duration absentGrace) {
        this.absentGrace = absentGrace;
    }

    public int getRoundEntries() {
        return roundEntries;
    }

    public void setRoundEntries(int roundEntries) {
        this.roundEntries = roundEntries;
    }

    public Optional<String> getSigningKeyFile() {
        return Optional.ofNullable(signingKeyFile).filter(s -> !s.isBlank());
    }

    public void setSigningKeyFile(String signingKeyFile) {
        this.signingKeyFile = signingKeyFile;
    }

    public List<String> getPreviousVerifierKeys() {
        return previousVerifierKeys;
    }

    public void setPreviousVerifierKeys(List<String> previousVerifierKeys) {
        this.previousVerifierKeys = previousVerifierKeys;
    }

    public Optional<String> getPublishUrl() {
        return Optional.ofNullable(publishUrl).filter(s -> !s.isBlank());
    }

    public void setPublishUrl(String publishUrl) {
        this.publishUrl = publishUrl;
    }
}
