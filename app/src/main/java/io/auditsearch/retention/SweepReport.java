package io.auditsearch.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * What one sweep did: in service mode the indices it deleted and the expired ones legal holds kept;
 * under ILM the indices whose policy it removed (held) or restored (released); skipped: expired by
 * name but kept for another reason (younger events inside, an error), logged at WARN.
 */
@Serdeable
record SweepReport(String mode, String at, List<String> deleted, @JsonProperty("kept_by_holds") List<String> keptByHolds,
                   @JsonProperty("policy_removed") List<String> policyRemoved,
                   @JsonProperty("policy_restored") List<String> policyRestored, List<String> skipped) {
}
