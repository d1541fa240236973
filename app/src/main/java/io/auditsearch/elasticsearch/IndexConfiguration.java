package io.auditsearch.elasticsearch;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.Optional;

/** Settings of the audit indices that depend on the cluster ({@code audit.index.*}). */
@ConfigurationProperties("audit.index")
public class IndexConfiguration {

    /**
     * Replicas per shard of new audit indices. Unset: the settings file's value (0, a single
     * node). In a cluster set at least 1, so losing a node loses no acknowledged event.
     */
    private Integer replicas;

    public Optional<Integer> getReplicas() {
        return Optional.ofNullable(replicas);
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }
}
